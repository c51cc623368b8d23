using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;

namespace CompetitionSite.Web.Infrastructure.Storage;

/// <summary>
/// Direct uploads (issue 16 item 3): upload URLs for one staging blob, the site's own commit of its blocks, the copy
/// under the recorded name, and the CORS rule browsers need on the account.
/// </summary>
public sealed partial class AzureBlobFileStore
{
    /// <summary>This store when browsers may upload straight to it (direct uploads on and an origin known), else null.</summary>
    public IDirectUploads? DirectUploads => _origins.Count > 0 ? this : null;

    public IReadOnlyList<string> Origins => _origins;

    public Uri UploadUrl(string stagingName, DateTimeOffset expiresOn)
    {
        var blob = _container.GetBlockBlobClient(FileNames.Validate(stagingName));
        var now = _time.GetUtcNow();
        // Create and write of this one blob (Put Block needs write); no read, list or delete, no other blob.
        var sas = new BlobSasBuilder(BlobSasPermissions.Create | BlobSasPermissions.Write, expiresOn)
        {
            BlobContainerName = _container.Name,
            BlobName = stagingName,
            Resource = "b",
            StartsOn = now.AddMinutes(-5),
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        return blob.GenerateSasUri(sas);
    }

    public async Task<IReadOnlyDictionary<int, long>> StagedChunkLengthsAsync(string stagingName, CancellationToken cancellationToken = default) =>
        await UncommittedChunksAsync(stagingName, cancellationToken);

    public async Task<long> CommitAsync(string stagingName, string name, IReadOnlyList<long> chunkLengths, string contentType, CancellationToken cancellationToken = default)
    {
        var staging = _container.GetBlockBlobClient(FileNames.Validate(stagingName));
        var target = _container.GetBlockBlobClient(FileNames.Validate(name));
        if (chunkLengths.Count is < 1 or > IFileStore.MaxChunks)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkLengths), chunkLengths.Count, $"An upload has 1 to {IFileStore.MaxChunks} chunks.");
        }

        // Only the blocks the site names, each of the length agreed: a block the browser sent with more or fewer bytes
        // counts as missing and is sent again (Put Block with the same id replaces it).
        var staged = await UncommittedChunksAsync(stagingName, cancellationToken);
        var missing = Enumerable.Range(0, chunkLengths.Count).Where(i => !staged.TryGetValue(i, out var length) || length != chunkLengths[i]).ToList();
        if (missing.Count > 0)
        {
            // An earlier attempt that copied the file and then failed (its claim given back) left nothing staged.
            if (staged.Count == 0 && await CopiedLengthAsync(target, cancellationToken) is { } copied && copied == chunkLengths.Sum())
            {
                return copied;
            }

            throw new ChunksMissingException(stagingName, missing);
        }

        await EnsureContainerAsync(cancellationToken);
        var ids = Enumerable.Range(0, chunkLengths.Count).Select(BlockId).ToList();
        try
        {
            await Translate(stagingName, cancellationToken, () => staging.CommitBlockListAsync(ids, new CommitBlockListOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            }, cancellationToken));
        }
        catch (FileStoreException e) when (e.InnerException is RequestFailedException { Status: 400, ErrorCode: "InvalidBlockList" })
        {
            // A block went away between the list and the commit (the browser replaced the blob meanwhile).
            throw new ChunksMissingException(stagingName, [0]);
        }

        // The file is a server-side copy under a name no upload URL covers: what is checked and recorded is what stays.
        // The copy's source is read with a read link of its own, which works within the account whatever the auth.
        var source = staging.GenerateSasUri(new BlobSasBuilder(BlobSasPermissions.Read, _time.GetUtcNow().AddHours(1))
        {
            BlobContainerName = _container.Name,
            BlobName = stagingName,
            Resource = "b",
            StartsOn = _time.GetUtcNow().AddMinutes(-5),
        });
        await Translate(name, cancellationToken, async () =>
        {
            var copy = await target.StartCopyFromUriAsync(source, cancellationToken: cancellationToken);
            await copy.WaitForCompletionAsync(TimeSpan.FromMilliseconds(250), cancellationToken);
        });
        var properties = await Translate(name, cancellationToken, () => target.GetPropertiesAsync(cancellationToken: cancellationToken));
        if (properties.Value.CopyStatus is { } status && status != CopyStatus.Success)
        {
            throw new FileStoreException($"Copying the upload '{stagingName}' to '{name}' ended as {status}: {properties.Value.CopyStatusDescription}");
        }

        await DiscardAsync(stagingName, CancellationToken.None);
        return properties.Value.ContentLength;
    }

    private static async Task<long?> CopiedLengthAsync(BlockBlobClient target, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await target.GetPropertiesAsync(cancellationToken: cancellationToken);
            return properties.Value.CopyStatus == CopyStatus.Success ? properties.Value.ContentLength : null;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<int> ReadHeadAsync(string name, Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var blob = _container.GetBlobClient(FileNames.Validate(name));
        var response = await Translate(name, cancellationToken, () => blob.DownloadStreamingAsync(
            new BlobDownloadOptions { Range = new HttpRange(0, buffer.Length) }, cancellationToken));
        await using var content = new TranslatingReadStream(response.Value.Content, name);
        return await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
    }

    public async Task DiscardAsync(string stagingName, CancellationToken cancellationToken = default)
    {
        await DiscardChunksAsync(stagingName, cancellationToken);
        await DeleteAsync(stagingName, cancellationToken); // a blob the browser committed itself under the staging name
    }

    /// <summary>The methods and headers of the CORS rule for browser uploads (what an XMLHttpRequest Put Block sends).</summary>
    internal const string CorsMethods = "PUT";

    internal const string CorsAllowedHeaders = "content-type";

    internal const string CorsExposedHeaders = "x-ms-error-code,x-ms-request-id";

    public async Task EnsureCorsAsync(CancellationToken cancellationToken = default)
    {
        if (_origins.Count == 0)
        {
            return;
        }

        var service = _container.GetParentBlobServiceClient();
        var properties = (await Translate(_container.Name, cancellationToken, () => service.GetPropertiesAsync(cancellationToken))).Value;
        var rules = properties.Cors ?? [];
        var ours = rules.FirstOrDefault(IsUploadRule);
        var origins = new List<string>();
        if (ours is not null)
        {
            // Another instance (or site) may have added its own origins: keep them, add ours.
            origins.AddRange(ours.AllowedOrigins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        var missing = _origins.Where(o => !origins.Contains(o, StringComparer.OrdinalIgnoreCase)).ToList();
        if (ours is not null && missing.Count == 0)
        {
            return;
        }

        origins.AddRange(missing);
        var rule = new BlobCorsRule
        {
            AllowedOrigins = string.Join(',', origins),
            AllowedMethods = CorsMethods,
            AllowedHeaders = CorsAllowedHeaders,
            ExposedHeaders = CorsExposedHeaders,
            MaxAgeInSeconds = 3600,
        };
        properties.Cors = [.. rules.Where(r => !IsUploadRule(r)), rule];
        await Translate(_container.Name, cancellationToken, () => service.SetPropertiesAsync(properties, cancellationToken));
    }

    private static bool IsUploadRule(BlobCorsRule rule) =>
        string.Equals(rule.AllowedMethods, CorsMethods, StringComparison.OrdinalIgnoreCase)
        && string.Equals(rule.AllowedHeaders, CorsAllowedHeaders, StringComparison.OrdinalIgnoreCase);
}
