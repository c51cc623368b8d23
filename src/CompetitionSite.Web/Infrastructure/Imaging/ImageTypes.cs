namespace CompetitionSite.Web.Infrastructure.Imaging;

/// <summary>An image type recognised by a file's first bytes: its content type and the extension a stored copy gets.</summary>
public sealed record ImageType(string ContentType, string Extension);

/// <summary>Recognises PNG, JPEG and WebP by their first bytes, not by the file's name or the browser's word.</summary>
public static class ImageTypes
{
    /// <summary>The type of the image that starts with <paramref name="h"/>; null when it is none of the three.</summary>
    public static ImageType? Sniff(ReadOnlySpan<byte> h)
    {
        if (h.Length >= 8 && h[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return new ImageType("image/png", ".png");
        }

        if (h.Length >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
        {
            return new ImageType("image/jpeg", ".jpg");
        }

        if (h.Length >= 12 && h[..4].SequenceEqual("RIFF"u8) && h[8..12].SequenceEqual("WEBP"u8))
        {
            return new ImageType("image/webp", ".webp");
        }

        return null;
    }
}
