using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CompetitionSite.Tests.Storage;

/// <summary>
/// Run alone (not in parallel with each other): they move hundreds of MiB through Azurite and the disk. Their
/// allocation counts are their own flow's (<see cref="FlowAllocations"/>), whatever else runs.
/// </summary>
[CollectionDefinition(nameof(LargeFiles), DisableParallelization = true)]
public sealed class LargeFiles;

/// <summary>A 200 MB video goes into the store and back out without the process ever holding it in memory.</summary>
public abstract class LargeFileContract(SiteFactory site, ITestOutputHelper output)
{
    private const long Size = 200L * 1024 * 1024;
    private const long AllowedAllocation = 40L * 1024 * 1024;

    [Fact]
    public async Task A_200_MB_file_streams_in_and_out_without_being_held_in_memory()
    {
        var store = site.Services.GetRequiredService<IFileStore>();
        await store.CheckAsync(); // warm up: container, connections, JIT
        var name = FileNames.New("mp4");
        var source = new GeneratedStream(Size, seed: 2026);
        var clock = Stopwatch.StartNew();
        var meter = FlowAllocations.Start();

        var written = await store.SaveAsync(name, source, "video/mp4");
        var saved = clock.Elapsed;
        var allocatedSaving = meter.Bytes;
        byte[] readHash;
        await using (var read = await store.OpenReadAsync(name))
        {
            readHash = await HashAsync(read);
        }

        meter.Dispose();
        var allocated = meter.Bytes;
        output.WriteLine($"{store.GetType().Name}: saved in {saved.TotalSeconds:F1} s, read in {(clock.Elapsed - saved).TotalSeconds:F1} s, allocated {allocated / 1024 / 1024} MiB ({allocatedSaving / 1024 / 1024} MiB saving)");
        await store.DeleteAsync(name);

        Assert.Equal(Size, written);
        Assert.Equal(source.Sha256(), readHash);
        Assert.True(allocated < AllowedAllocation, $"Saving and reading 200 MiB allocated {allocated / 1024 / 1024} MiB.");
    }

    /// <summary>Hashes while reading, in 80 KiB pieces like <see cref="Stream.CopyToAsync(Stream)"/> and the site's file responses.</summary>
    private static async Task<byte[]> HashAsync(Stream stream)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, 81920))) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return hash.GetHashAndReset();
    }
}

[Collection(nameof(LargeFiles))]
[Trait("Database", "Independent")]
public sealed class LocalDiskLargeFileTests(LocalStoreSite site, ITestOutputHelper output)
    : LargeFileContract(site, output), IClassFixture<LocalStoreSite>;

[Collection(nameof(LargeFiles))]
[Trait("Database", "Independent")]
public sealed class AzureBlobLargeFileTests(AzuriteStoreSite site, ITestOutputHelper output)
    : LargeFileContract(site, output), IClassFixture<AzuriteStoreSite>;
