using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace CompetitionSite.Bench.Support;

/// <summary>
/// The baseline: the same bytes straight to Azurite with the Azure SDK (<see cref="BlobClient.UploadAsync(Stream, BlobUploadOptions, CancellationToken)"/>
/// from a one-way stream), in 4 MiB blocks sent one after another, the shape the site's upload API has.
/// Every Put Block's time is kept, to set next to the site's chunk latency.
/// </summary>
public sealed class DirectBlobs
{
    public const int BlockSize = 4 * 1024 * 1024;

    private readonly BlockTimer _timer = new();
    private readonly BlobContainerClient _container;

    public DirectBlobs(string connectionString, string container, int connections)
    {
        var options = new BlobClientOptions
        {
            Transport = new HttpClientTransport(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }),
            Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromMinutes(5) },
        };
        options.AddPolicy(_timer, HttpPipelinePosition.PerRetry);
        _container = new BlobServiceClient(connectionString, options).GetBlobContainerClient(container);
    }

    public Task CreateContainerAsync() => _container.CreateIfNotExistsAsync();

    /// <summary>Uploads the file under a new name; returns the blob's name.</summary>
    public async Task<string> UploadAsync(GeneratedContent file, CancellationToken cancellationToken = default)
    {
        var name = $"direct-{Guid.NewGuid():N}{Path.GetExtension(file.Name)}";
        await using var content = file.Open();
        await _container.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "video/mp4" },
            TransferOptions = new StorageTransferOptions { InitialTransferSize = BlockSize, MaximumTransferSize = BlockSize, MaximumConcurrency = 1 },
        }, cancellationToken);
        return name;
    }

    /// <summary>Put Block times (ms) since the last call.</summary>
    public List<double> TakeBlockTimes() => _timer.Take();

    /// <summary>Deletes every blob in <paramref name="container"/> (both sides' files), so a long run does not fill the disk.</summary>
    public static async Task EmptyAsync(string connectionString, string container)
    {
        var client = new BlobServiceClient(connectionString).GetBlobContainerClient(container);
        if (!await client.ExistsAsync())
        {
            return;
        }

        await foreach (var blob in client.GetBlobsAsync())
        {
            await client.DeleteBlobIfExistsAsync(blob.Name);
        }
    }

    private sealed class BlockTimer : HttpPipelinePolicy
    {
        private readonly List<double> _times = [];

        public List<double> Take()
        {
            lock (_times)
            {
                var taken = _times.ToList();
                _times.Clear();
                return taken;
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var clock = Stopwatch.StartNew();
            await ProcessNextAsync(message, pipeline);
            if (message.Request.Uri.Query.Contains("comp=block&", StringComparison.Ordinal) || message.Request.Uri.Query.EndsWith("comp=block", StringComparison.Ordinal))
            {
                lock (_times)
                {
                    _times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
        }
    }
}
