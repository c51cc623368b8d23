using SkiaSharp;

namespace CompetitionSite.Web.Infrastructure.Imaging;

/// <summary>An image's size as its header states it (before anything is decoded).</summary>
public readonly record struct ImageSize(int Width, int Height)
{
    public long Pixels => (long)Width * Height;
}

/// <summary>
/// Reads image headers and makes small previews with SkiaSharp (MIT; its native library ships in the NuGet package
/// SkiaSharp.NativeAssets.Linux.NoDependencies, so nothing is installed on the machine). PNG, JPEG, WebP and GIF.
/// </summary>
/// <remarks>
/// Contract: <see cref="ReadSize"/> decodes no pixels, so a small file claiming 30,000 × 30,000 pixels costs nothing to
/// look at. <see cref="Preview"/> refuses (returns null) an image over <c>maxPixels</c> before decoding it; JPEGs are
/// decoded at the smallest scale the codec offers above the preview's size (1/2 … 1/8), so a 48-megapixel photo is
/// not held in memory whole. A preview is WebP (it keeps transparency), turned upright by the photo's EXIF orientation
/// and carries no metadata (no GPS position or camera owner from the original).
/// </remarks>
public static class ImageResizer
{
    /// <summary>
    /// The size stated in the first bytes of a PNG (IHDR), GIF (logical screen) or WebP (VP8, VP8L or VP8X), which all
    /// state it within their first 30 bytes; null for anything else (a JPEG states it after its EXIF blocks: use
    /// <see cref="ReadSize"/> on a longer head).
    /// </summary>
    public static ImageSize? SizeFromHead(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 24 && head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) && head[12..16].SequenceEqual("IHDR"u8))
        {
            return new ImageSize(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(head[16..]), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(head[20..]));
        }

        if (head.Length >= 10 && (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)))
        {
            return new ImageSize(System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(head[6..]), System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(head[8..]));
        }

        if (head.Length >= 30 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            var chunk = head[12..16];
            if (chunk.SequenceEqual("VP8 "u8))
            {
                return new ImageSize(System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(head[26..]) & 0x3FFF, System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(head[28..]) & 0x3FFF);
            }

            if (chunk.SequenceEqual("VP8L"u8))
            {
                var bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(head[21..]);
                return new ImageSize((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
            }

            if (chunk.SequenceEqual("VP8X"u8))
            {
                return new ImageSize((head[24] | head[25] << 8 | head[26] << 16) + 1, (head[27] | head[28] << 8 | head[29] << 16) + 1);
            }
        }

        return null;
    }

    /// <summary>The size in the header of an image held in <paramref name="head"/> (its first bytes suffice), or null if none is readable.</summary>
    public static ImageSize? ReadSize(byte[] head, int length)
    {
        using var data = SKData.CreateCopy(head.AsSpan(0, length));
        using var codec = SKCodec.Create(data);
        return codec is null ? null : new ImageSize(codec.Info.Width, codec.Info.Height);
    }

    /// <summary>
    /// A WebP preview whose longer side is at most <paramref name="maxEdge"/> pixels (an image smaller than that keeps its
    /// size), or null when the content is not a readable image or has more than <paramref name="maxPixels"/> pixels.
    /// </summary>
    public static byte[]? Preview(Stream seekableImage, int maxEdge, long maxPixels, int quality = 80)
    {
        using var codec = SKCodec.Create(seekableImage);
        if (codec is null)
        {
            return null;
        }

        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > maxPixels)
        {
            return null;
        }

        var (width, height) = Fit(info.Width, info.Height, maxEdge);

        // Decode at a reduced scale when the codec can (JPEG), never below the target size.
        var scale = Math.Min(1f, (float)Math.Max(width, height) / Math.Max(info.Width, info.Height));
        var decoded = codec.GetScaledDimensions(scale);
        if (decoded.Width < width || decoded.Height < height)
        {
            decoded = info.Size;
        }

        var decodeInfo = new SKImageInfo(decoded.Width, decoded.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var full = new SKBitmap(decodeInfo);
        var result = codec.GetPixels(decodeInfo, full.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            return null;
        }

        using var small = decoded.Width == width && decoded.Height == height
            ? full.Copy()
            : full.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKCubicResampler.Mitchell));
        if (small is null)
        {
            return null;
        }

        using var upright = Upright(small, codec.EncodedOrigin);
        using var pixmap = upright.PeekPixels();
        using var encoded = pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, quality));
        return encoded?.ToArray();
    }

    /// <summary>The size that fits within <paramref name="maxEdge"/> on the longer side, keeping the proportions.</summary>
    public static (int Width, int Height) Fit(int width, int height, int maxEdge)
    {
        if (width <= maxEdge && height <= maxEdge)
        {
            return (width, height);
        }

        var ratio = (double)maxEdge / Math.Max(width, height);
        return (Math.Max(1, (int)Math.Round(width * ratio)), Math.Max(1, (int)Math.Round(height * ratio)));
    }

    private static SKBitmap Upright(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        var (degrees, swap) = origin switch
        {
            SKEncodedOrigin.BottomRight => (180, false),
            SKEncodedOrigin.RightTop => (90, true),
            SKEncodedOrigin.LeftBottom => (270, true),
            _ => (0, false),
        };
        if (degrees == 0)
        {
            return bitmap.Copy();
        }

        var rotated = new SKBitmap(swap ? bitmap.Height : bitmap.Width, swap ? bitmap.Width : bitmap.Height, bitmap.ColorType, bitmap.AlphaType);
        using var canvas = new SKCanvas(rotated);
        canvas.Translate(rotated.Width / 2f, rotated.Height / 2f);
        canvas.RotateDegrees(degrees);
        canvas.Translate(-bitmap.Width / 2f, -bitmap.Height / 2f);
        canvas.DrawBitmap(bitmap, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), null);
        return rotated;
    }
}
