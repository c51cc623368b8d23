using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Infrastructure.Imaging;

/// <summary>
/// Small WebP previews of stored images, made on first request and kept in the file store next to the original
/// (<c>{name}-w{edge}.webp</c>), so every instance and every later visit reads the stored preview. A stored file never
/// changes (a new upload is a new name), so a preview never goes stale and may be cached by browsers for good.
/// </summary>
public sealed class FilePreviews(IFileStore store, IOptions<ImageOptions> options, ILogger<FilePreviews> logger)
{
    /// <summary>For lists and the entry page (shown at up to 240 CSS pixels, sharp on phones at 2×).</summary>
    public const int Small = 480;

    /// <summary>For judges: large enough to judge a poster on a laptop; the original stays one click away.</summary>
    public const int Large = 1600;

    // Decoding is the memory-hungry part (up to MaxPixels × 4 bytes for a PNG): at most two at once per instance.
    private static readonly SemaphoreSlim Decoding = new(2, 2);

    public static string NameOf(string storedName, int edge) => $"{Path.GetFileNameWithoutExtension(storedName)}-w{edge}.webp";

    /// <summary>The preview's bytes, made and stored now if needed; null when the file is no image this site can read or is too large to decode.</summary>
    public async Task<Stream?> OpenAsync(string storedName, int edge, CancellationToken cancellationToken = default)
    {
        var name = NameOf(storedName, edge);
        if (await TryOpenAsync(name, cancellationToken) is { } cached)
        {
            return cached;
        }

        await Decoding.WaitAsync(cancellationToken);
        try
        {
            if (await TryOpenAsync(name, cancellationToken) is { } madeMeanwhile)
            {
                return madeMeanwhile;
            }

            byte[]? bytes;
            var temp = Path.Combine(Path.GetTempPath(), "cs-preview-" + Guid.NewGuid().ToString("N"));
            await using (var copy = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous))
            {
                await using (var original = await store.OpenReadAsync(storedName, cancellationToken))
                {
                    await original.CopyToAsync(copy, cancellationToken);
                }

                copy.Position = 0;
                bytes = ImageResizer.Preview(copy, edge, options.Value.MaxPixels);
            }

            if (bytes is null)
            {
                logger.LogWarning("No preview of {StoredName}: not a readable image, or over Images:MaxPixels.", storedName);
                return null;
            }

            await store.SaveAsync(name, new MemoryStream(bytes), "image/webp", cancellationToken);
            return new MemoryStream(bytes);
        }
        finally
        {
            Decoding.Release();
        }
    }

    /// <summary>Deletes the previews of a stored file (with the file itself, by the caller).</summary>
    public async Task DeleteAsync(string storedName, CancellationToken cancellationToken = default)
    {
        await store.DeleteAsync(NameOf(storedName, Small), cancellationToken);
        await store.DeleteAsync(NameOf(storedName, Large), cancellationToken);
    }

    private async Task<Stream?> TryOpenAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await store.OpenReadAsync(name, cancellationToken);
        }
        catch (FileNotFoundInStoreException)
        {
            return null;
        }
    }
}
