using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Infrastructure.Storage;

/// <summary>
/// Files as block blobs in one private container (<c>Storage:Azure:Container</c>). Uploads go in blocks of
/// <c>UploadBlockMegabytes</c> with <c>UploadConcurrency</c> blocks in flight, so memory stays flat; chunks of a
/// resumable upload are uncommitted blocks with fixed-width ids, committed in index order. Read links are
/// read-only SAS links that force a download with the given file name.
/// The container is created at start (<see cref="FileStoreMaintenance"/>) and, if that failed, on first write.
/// </summary>
public sealed partial class AzureBlobFileStore : IFileStore, IDirectUploads
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly BlobContainerClient _container;
    private readonly BlobContainerClient _probe;
    private readonly BlobContainerClient _once;
    private readonly StorageTransferOptions _transfer;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<string> _origins;
    private volatile bool _containerReady;

    public AzureBlobFileStore(IOptions<AzureBlobStorageOptions> options, TimeProvider time, IOptions<SiteOptions>? site = null)
    {
        var settings = options.Value;
        _origins = settings.DirectUploads ? AzureBlobStorageOptions.OriginsOf(settings.UploadOrigins, site?.Value.PublicBaseUrl) ?? [] : [];
        if (!settings.IsConfigured)
        {
            throw new InvalidOperationException("Storage:Azure:ConnectionString is not set.");
        }

        _time = time;
        var clientOptions = new BlobClientOptions
        {
            Retry =
            {
                Mode = RetryMode.Exponential,
                MaxRetries = 3,
                Delay = TimeSpan.FromSeconds(0.5),
                MaxDelay = TimeSpan.FromSeconds(10),
                NetworkTimeout = TimeSpan.FromSeconds(100),
            },
        };
        _container = new BlobServiceClient(settings.ConnectionString, clientOptions).GetBlobContainerClient(settings.Container);

        // A chunk streamed from a request body can be sent only once: the SDK must not retry it (the browser does).
        var onceOptions = new BlobClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = clientOptions.Retry.NetworkTimeout } };
        _once = new BlobServiceClient(settings.ConnectionString, onceOptions).GetBlobContainerClient(settings.Container);

        // The health check asks once, without retries, and gives up quickly.
        var probeOptions = new BlobClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = ProbeTimeout } };
        _probe = new BlobServiceClient(settings.ConnectionString, probeOptions).GetBlobContainerClient(settings.Container);

        var block = settings.UploadBlockMegabytes * 1024L * 1024L;
        _transfer = new StorageTransferOptions
        {
            InitialTransferSize = block,
            MaximumTransferSize = block,
            MaximumConcurrency = settings.UploadConcurrency,
        };
    }

    public string ContainerName => _container.Name;

    /// <summary>Creates the private container when it is missing (once per process; cheap afterwards).</summary>
    public Task EnsureContainerAsync(CancellationToken cancellationToken = default) => EnsureContainerAsync(_container, cancellationToken);

    public async Task<long> SaveAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        var blob = _container.GetBlobClient(FileNames.Validate(name));
        await EnsureContainerAsync(cancellationToken);
        var start = content.CanSeek ? content.Position : 0;
        var counted = content.CanSeek ? content : new CountingReadStream(content);
        await Translate(name, cancellationToken, () => blob.UploadAsync(counted, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            TransferOptions = _transfer,
        }, cancellationToken));
        return counted is CountingReadStream counter ? counter.BytesRead : content.Length - start;
    }

    public async Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var blob = _container.GetBlobClient(FileNames.Validate(name));
        var response = await Translate(name, cancellationToken, () => blob.DownloadStreamingAsync(cancellationToken: cancellationToken));
        return new TranslatingReadStream(response.Value.Content, name);
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var blob = _container.GetBlobClient(FileNames.Validate(name));
        try
        {
            await Translate(name, cancellationToken, () => blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken));
        }
        catch (FileNotFoundInStoreException)
        {
            // The container itself is missing: nothing to delete.
        }
    }

    public Task<Uri> GetReadUrlAsync(string name, ReadUrlRequest request, CancellationToken cancellationToken = default)
    {
        var blob = _container.GetBlobClient(FileNames.Validate(name));
        request.Validate();
        var now = _time.GetUtcNow();
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, now.Add(request.ValidFor))
        {
            BlobContainerName = _container.Name,
            BlobName = name,
            Resource = "b",
            // A little slack for clocks that run behind Azure's.
            StartsOn = now.AddMinutes(-5),
            ContentDisposition = FileNames.Disposition(PreviewContentTypes.ServesInline(request.Inline, request.ContentType), request.DownloadFileName, name),
            ContentType = PreviewContentTypes.Resolve(request.ContentType),
            CacheControl = "private, no-store",
        };
        return Task.FromResult(blob.GenerateSasUri(sas));
    }

    public async Task StageChunkAsync(string name, int index, Stream content, CancellationToken cancellationToken = default)
    {
        var blob = _container.GetBlockBlobClient(FileNames.Validate(name));
        var blockId = BlockId(index);
        await EnsureContainerAsync(cancellationToken);

        // Put Block needs the length up front (and a retry rewinds), so a chunk that arrives as a one-way
        // stream (a request body) is first spooled to a temporary file: memory stays flat whatever the chunk size.
        FileStream? spool = null;
        try
        {
            var body = content;
            if (!content.CanSeek)
            {
                spool = new FileStream(Path.Combine(Path.GetTempPath(), $"cs-chunk-{Guid.NewGuid():N}.part"), FileMode.CreateNew,
                    FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
                await CopyAsync(content, spool, cancellationToken);
                spool.Position = 0;
                body = spool;
            }

            await Translate(name, cancellationToken, () => blob.StageBlockAsync(blockId, body, new BlockBlobStageBlockOptions(), cancellationToken));
        }
        finally
        {
            if (spool is not null)
            {
                await spool.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Streams the chunk straight into Put Block as it arrives: no spool file, no copy of the chunk on this machine.
    /// Sent once, without the SDK's retries (a one-way stream cannot be replayed); a failure leaves no block behind and the browser sends
    /// the chunk again. A failure of the body itself (cut off, too short, too long) comes out as it is.
    /// </summary>
    public async Task StageChunkAsync(string name, int index, Stream content, long length, CancellationToken cancellationToken = default)
    {
        var blob = _once.GetBlockBlobClient(FileNames.Validate(name));
        var blockId = BlockId(index);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        await EnsureContainerAsync(cancellationToken);
        var body = new OneWayChunkStream(content, length);
        try
        {
            await Translate(name, cancellationToken, () => blob.StageBlockAsync(blockId, body, new BlockBlobStageBlockOptions(), cancellationToken));
        }
        catch (Exception) when (body.Failure is { } failure)
        {
            failure.Throw();
            throw;
        }
    }

    public async Task<IReadOnlyCollection<int>> GetStagedChunksAsync(string name, CancellationToken cancellationToken = default) =>
        (await UncommittedChunksAsync(name, cancellationToken)).Keys.Order().ToList();

    public async Task<long> CommitChunksAsync(string name, int chunkCount, string contentType, CancellationToken cancellationToken = default)
    {
        var blob = _container.GetBlockBlobClient(FileNames.Validate(name));
        if (chunkCount is < 1 or > IFileStore.MaxChunks)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkCount), chunkCount, $"An upload has 1 to {IFileStore.MaxChunks} chunks.");
        }

        var staged = await UncommittedChunksAsync(name, cancellationToken);
        var missing = Enumerable.Range(0, chunkCount).Where(i => !staged.ContainsKey(i)).ToList();
        if (missing.Count > 0)
        {
            throw new ChunksMissingException(name, missing);
        }

        var ids = Enumerable.Range(0, chunkCount).Select(BlockId).ToList();
        await Translate(name, cancellationToken, () => blob.CommitBlockListAsync(ids, new CommitBlockListOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
        }, cancellationToken));
        return Enumerable.Range(0, chunkCount).Sum(i => staged[i]);
    }

    public async Task DiscardChunksAsync(string name, CancellationToken cancellationToken = default)
    {
        // Uncommitted blocks can't be deleted one by one: they go with their blob. When no blob of that name exists,
        // commit an empty blob (only if still absent) and delete it, which drops them. When a blob exists it is left
        // alone; Azure drops uncommitted blocks by itself after a week.
        var blob = _container.GetBlockBlobClient(FileNames.Validate(name));
        try
        {
            await Translate(name, cancellationToken, () => blob.CommitBlockListAsync([], new CommitBlockListOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken));
        }
        catch (FileNotFoundInStoreException)
        {
            return; // no container: nothing staged
        }
        catch (FileStoreException e) when (e.InnerException is RequestFailedException { Status: 409 or 412 })
        {
            return; // a committed file has that name
        }

        await Translate(name, cancellationToken, () => blob.DeleteIfExistsAsync(cancellationToken: cancellationToken));
    }

    public async Task CheckAsync(CancellationToken cancellationToken = default)
    {
        if (!_containerReady)
        {
            await EnsureContainerAsync(_probe, cancellationToken);
        }

        await Translate(_container.Name, cancellationToken, () => _probe.GetPropertiesAsync(cancellationToken: cancellationToken));
    }

    /// <summary>Fixed-width block ids (Azure wants all ids of a blob the same length): base64 of <c>chunk-000042</c>.</summary>
    internal static string BlockId(int index)
    {
        if (index is < 0 or >= IFileStore.MaxChunks)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"A chunk index is between 0 and {IFileStore.MaxChunks - 1}.");
        }

        return Convert.ToBase64String(Encoding.ASCII.GetBytes($"chunk-{index.ToString("D6", CultureInfo.InvariantCulture)}"));
    }

    private static int ChunkIndexOf(string blockId)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(blockId));
            return text.Length == 12 && text.StartsWith("chunk-", StringComparison.Ordinal)
                   && int.TryParse(text.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? index
                : -1;
        }
        catch (FormatException)
        {
            return -1;
        }
    }

    private async Task<Dictionary<int, long>> UncommittedChunksAsync(string name, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlockBlobClient(FileNames.Validate(name));
        try
        {
            var list = await Translate(name, cancellationToken, () => blob.GetBlockListAsync(BlockListTypes.Uncommitted, cancellationToken: cancellationToken));
            var chunks = new Dictionary<int, long>();
            foreach (var block in list.Value.UncommittedBlocks)
            {
                var index = ChunkIndexOf(block.Name);
                if (index >= 0)
                {
                    chunks[index] = block.SizeLong;
                }
            }

            return chunks;
        }
        catch (FileNotFoundInStoreException)
        {
            return [];
        }
    }

    private async Task EnsureContainerAsync(BlobContainerClient client, CancellationToken cancellationToken)
    {
        if (_containerReady)
        {
            return;
        }

        await Translate(client.Name, cancellationToken, () => client.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken));
        _containerReady = true;
    }

    private static async Task CopyAsync(Stream source, Stream target, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, 128 * 1024), cancellationToken)) > 0)
            {
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task Translate(string name, CancellationToken cancellationToken, Func<Task> operation) =>
        await Translate(name, cancellationToken, async () =>
        {
            await operation();
            return true;
        });

    /// <summary>SDK errors become our own: 404 → <see cref="FileNotFoundInStoreException"/>, anything else → <see cref="FileStoreException"/>.</summary>
    private static async Task<T> Translate<T>(string name, CancellationToken cancellationToken, Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception e) when (Translated(name, e, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    internal static FileStoreException? Translated(string name, Exception e, CancellationToken cancellationToken) => e switch
    {
        RequestFailedException { Status: 404 } => new FileNotFoundInStoreException(name, e),
        RequestFailedException r => new FileStoreException(
            r.Status == 0
                ? $"Azure Blob Storage could not be reached for '{name}'."
                : $"Azure Blob Storage refused the request for '{name}' ({r.Status.ToString(CultureInfo.InvariantCulture)} {r.ErrorCode}).", e),
        // After its retries the SDK reports every attempt's failure together (a connection reset may come out of an
        // attempt as the transport's own exception rather than a RequestFailedException).
        AggregateException a when a.InnerExceptions.All(x => Translated(name, x, cancellationToken) is not null) => new FileStoreException(
            $"Azure Blob Storage could not be reached for '{name}' after {a.InnerExceptions.Count} attempts.", e),
        // A network timeout surfaces as a cancellation nobody asked for.
        OperationCanceledException when !cancellationToken.IsCancellationRequested => new FileStoreException(
            $"Azure Blob Storage did not answer in time for '{name}'.", e),
        // A connection the storage's side cut or reset (not through the SDK's own exception on every path).
        HttpRequestException or System.Net.Sockets.SocketException => new FileStoreException(
            $"Azure Blob Storage could not be reached for '{name}'.", e),
        IOException when HasNetworkCause(e) => new FileStoreException($"Azure Blob Storage could not be reached for '{name}'.", e),
        _ => null,
    };

    private static bool HasNetworkCause(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Net.Sockets.SocketException or HttpRequestException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Counts the bytes an upload read from a one-way stream.</summary>
    private sealed class CountingReadStream(Stream inner) : ReadOnlyPassThroughStream(inner)
    {
        public long BytesRead { get; private set; }

        public override int Read(Span<byte> buffer) => Count(Inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await Inner.ReadAsync(buffer, cancellationToken));

        private int Count(int read)
        {
            BytesRead += read;
            return read;
        }
    }

    /// <summary>A download stream whose SDK errors (after the SDK's own resumes) come out as <see cref="FileStoreException"/>.</summary>
    private sealed class TranslatingReadStream(Stream inner, string name) : ReadOnlyPassThroughStream(inner, ownsInner: true)
    {
        public override int Read(Span<byte> buffer)
        {
            try
            {
                return Inner.Read(buffer);
            }
            catch (Exception e) when (Translated(name, e, CancellationToken.None) is { } translated)
            {
                throw translated;
            }
        }

        // Pooled: a long download makes many reads, and each one that waits for the network would otherwise allocate.
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await Inner.ReadAsync(buffer, cancellationToken);
            }
            catch (Exception e) when (Translated(name, e, cancellationToken) is { } translated)
            {
                throw translated;
            }
        }
    }
}
