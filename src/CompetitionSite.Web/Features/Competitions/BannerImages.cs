using System.Globalization;
using CompetitionSite.Web.Infrastructure.Imaging;
using CompetitionSite.Web.Infrastructure.Storage;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>
/// Banner images of competitions: PNG, JPEG or WebP, recognised by their first bytes (not by the name or the
/// browser's word), at most 2 MB and at most <c>Images:MaxPixels</c> as their header states (a small file can claim
/// 30,000 × 30,000 pixels, which every visitor's browser would then try to decode), stored in the file store under a
/// generated name.
/// </summary>
public sealed class BannerImages(ILogger<BannerImages> logger, IFileStore? store = null)
{
    public const long MaxBytes = 2 * 1024 * 1024;

    /// <summary>Whether a file store is set up (until the storage work is merged, none may be).</summary>
    public bool CanStore => store is not null;

    /// <summary>A refusal: the English key of what is wrong and the values for its placeholders.</summary>
    public sealed record Refusal(string Key, params object[] Args);

    /// <summary>The image type, or what is wrong. Reads the file (at most <see cref="MaxBytes"/>) once; decodes no pixels.</summary>
    public static async Task<(ImageType? Image, Refusal? Problem)> CheckAsync(IFormFile file, long maxPixels, CancellationToken cancellationToken = default)
    {
        if (file.Length == 0)
        {
            return (null, new Refusal("The banner file is empty."));
        }

        if (file.Length > MaxBytes)
        {
            return (null, new Refusal("The banner is larger than 2 MB. Make it smaller (for example 1600×600 pixels) and try again."));
        }

        var bytes = new byte[file.Length];
        await using var stream = file.OpenReadStream();
        var read = await stream.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken);

        var image = ImageTypes.Sniff(bytes.AsSpan(0, read));
        if (image is null)
        {
            return (null, new Refusal("The banner must be a PNG, JPEG or WebP image."));
        }

        var size = ImageResizer.SizeFromHead(bytes.AsSpan(0, read)) ?? ImageResizer.ReadSize(bytes, read);
        if (size is not { Width: > 0, Height: > 0 } known)
        {
            return (null, new Refusal("The banner could not be read as an image. Save it again as PNG, JPEG or WebP and try again."));
        }

        return known.Pixels > maxPixels
            ? (null, new Refusal("The banner is {0} × {1} pixels; images of at most {2} megapixels are accepted. Save a smaller version (for example 1600×600 pixels) and try again.",
                known.Width.ToString("N0", CultureInfo.CurrentCulture), known.Height.ToString("N0", CultureInfo.CurrentCulture), maxPixels / 1_000_000))
            : (image, null);
    }

    /// <summary>Stores a checked banner under a new GUID-based name and returns the name.</summary>
    public async Task<string> SaveAsync(IFormFile file, ImageType image, CancellationToken cancellationToken = default)
    {
        var name = $"banner-{Guid.NewGuid():N}{image.Extension}";
        await using var stream = file.OpenReadStream();
        await Store.SaveAsync(name, stream, image.ContentType, cancellationToken);
        return name;
    }

    /// <summary>Copies a stored banner to a new name (a copied competition gets its own file).</summary>
    public async Task<string?> CopyAsync(string name, string contentType, CancellationToken cancellationToken = default)
    {
        if (store is null)
        {
            return null;
        }

        try
        {
            var copy = $"banner-{Guid.NewGuid():N}{Path.GetExtension(name)}";
            await using var source = await store.OpenReadAsync(name, cancellationToken);
            await store.SaveAsync(copy, source, contentType, cancellationToken);
            return copy;
        }
        catch (FileStoreException e)
        {
            logger.LogWarning(e, "Could not copy banner {Name}; the copy has no banner.", name);
            return null;
        }
    }

    public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default) => Store.OpenReadAsync(name, cancellationToken);

    /// <summary>Deletes a banner that is no longer used; a failure is logged, not shown (the page no longer points at it).</summary>
    public async Task DeleteQuietlyAsync(string? name)
    {
        if (name is null || store is null)
        {
            return;
        }

        try
        {
            await store.DeleteAsync(name);
        }
        catch (FileStoreException e)
        {
            logger.LogWarning(e, "Could not delete the unused banner {Name}.", name);
        }
    }

    private IFileStore Store => store ?? throw new InvalidOperationException("No IFileStore is registered.");
}
