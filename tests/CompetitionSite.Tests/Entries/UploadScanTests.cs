using System.Net;
using System.Security.Cryptography;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Features.Entries;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Entries;

/// <summary>The entries site with its file store counting how often a whole file is read back.</summary>
public sealed class ReadCountingEntriesSite : EntriesSite
{
    private int _reads;

    public int FilesReadBack => Volatile.Read(ref _reads);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            var original = services.Last(d => d.ServiceType == typeof(IFileStore));
            services.Remove(original);
            services.AddSingleton<IFileStore>(sp => new CountingStore(
                original.ImplementationFactory?.Invoke(sp) as IFileStore ?? (IFileStore)original.ImplementationInstance!, this));
        });
    }

    private sealed class CountingStore(IFileStore inner, ReadCountingEntriesSite site) : IFileStore
    {
        public Task<long> SaveAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default) =>
            inner.SaveAsync(name, content, contentType, cancellationToken);

        public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref site._reads);
            return inner.OpenReadAsync(name, cancellationToken);
        }

        public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, cancellationToken);

        public Task<Uri> GetReadUrlAsync(string name, ReadUrlRequest request, CancellationToken cancellationToken = default) =>
            inner.GetReadUrlAsync(name, request, cancellationToken);

        public Task StageChunkAsync(string name, int index, Stream content, CancellationToken cancellationToken = default) =>
            inner.StageChunkAsync(name, index, content, cancellationToken);

        public Task StageChunkAsync(string name, int index, Stream content, long length, CancellationToken cancellationToken = default) =>
            inner.StageChunkAsync(name, index, content, length, cancellationToken);

        public Task<IReadOnlyCollection<int>> GetStagedChunksAsync(string name, CancellationToken cancellationToken = default) =>
            inner.GetStagedChunksAsync(name, cancellationToken);

        public Task<long> CommitChunksAsync(string name, int chunkCount, string contentType, CancellationToken cancellationToken = default) =>
            inner.CommitChunksAsync(name, chunkCount, contentType, cancellationToken);

        public Task DiscardChunksAsync(string name, CancellationToken cancellationToken = default) => inner.DiscardChunksAsync(name, cancellationToken);

        public Task CheckAsync(CancellationToken cancellationToken = default) => inner.CheckAsync(cancellationToken);
    }
}

/// <summary>
/// Completing an upload whose chunks came in order uses the scan made on the way in instead of reading the file back
/// (bench/README.md: the read-back was 13–15 % of a big upload's time); anything else is still read back, so the
/// hash and the real-type check always describe the bytes the store keeps.
/// </summary>
public sealed class UploadScanTests(ReadCountingEntriesSite site) : IClassFixture<ReadCountingEntriesSite>
{
    private const int ChunkSize = EntryUploads.ChunkSize;

    private async Task<(Person Student, int EntryId, string Token)> DraftAsync()
    {
        var category = await site.OpenCategoryAsync(c =>
        {
            c.Kind = Web.Domain.Competitions.EntryKind.Image;
            c.AllowedExtensions = ".png";
        });
        var (student, _) = await site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id);
        return (student, entryId, await student.Client.UploadTokenAsync(entryId));
    }

    private static async Task<string> StartAsync(HttpClient client, string token, int entryId, TestFile file) =>
        (await (await client.StartUploadAsync(token, entryId, file.Name, file.Length)).JsonAsync()).GetProperty("id").GetString()!;

    [Fact]
    public async Task An_upload_sent_in_order_is_hashed_on_the_way_in_and_not_read_back()
    {
        var (student, entryId, _) = await DraftAsync();
        var file = new TestFile("poster.png", 2L * ChunkSize + 12_345, TestFile.PngHeader, seed: 31);
        var readsBefore = site.FilesReadBack;

        var response = await student.Client.UploadAsync(entryId, file);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await response.JsonAsync();
        Assert.Equal(file.Sha256(), stored.GetProperty("sha256").GetString());
        Assert.Equal("image/png", stored.GetProperty("contentType").GetString());
        Assert.Equal(file.Length, stored.GetProperty("size").GetInt64());
        Assert.Equal(readsBefore, site.FilesReadBack);
        Assert.Equal(0, site.Services.GetRequiredService<UploadScans>().Passes);
    }

    [Fact]
    public async Task Chunks_sent_out_of_order_are_read_back_and_give_the_same_hash()
    {
        var (student, entryId, token) = await DraftAsync();
        var file = new TestFile("poster.png", 2L * ChunkSize + 777, TestFile.PngHeader, seed: 32);
        var session = await StartAsync(student.Client, token, entryId, file);
        foreach (var index in new[] { 2, 0, 1 })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunkAsync(token, entryId, session, index, file.Chunk(index, ChunkSize))).StatusCode);
        }

        var readsBefore = site.FilesReadBack;
        var response = await student.Client.CompleteUploadAsync(token, entryId, session);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(file.Sha256(), (await response.JsonAsync()).GetProperty("sha256").GetString());
        Assert.Equal(readsBefore + 1, site.FilesReadBack);
    }

    [Fact]
    public async Task A_first_chunk_sent_again_as_an_exe_after_a_png_start_is_still_refused()
    {
        var (student, entryId, token) = await DraftAsync();
        var png = new TestFile("poster.png", ChunkSize + 5_000, TestFile.PngHeader, seed: 33);
        var exe = new TestFile("poster.png", ChunkSize + 5_000, TestFile.ExeHeader, seed: 33);
        var session = await StartAsync(student.Client, token, entryId, png);
        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunkAsync(token, entryId, session, 0, png.Chunk(0, ChunkSize))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunkAsync(token, entryId, session, 1, png.Chunk(1, ChunkSize))).StatusCode);

        // The first chunk again, now with a program's header: the store keeps this one, so the check must see it.
        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunkAsync(token, entryId, session, 0, exe.Chunk(0, ChunkSize))).StatusCode);
        var response = await student.Client.CompleteUploadAsync(token, entryId, session);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("rejected", (await response.JsonAsync()).GetProperty("code").GetString());
        Assert.Empty(await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId).ToListAsync()));
    }

    [Fact]
    public async Task A_middle_chunk_sent_again_with_other_bytes_is_hashed_as_stored()
    {
        var (student, entryId, token) = await DraftAsync();
        var first = new TestFile("poster.png", 3L * ChunkSize, TestFile.PngHeader, seed: 34);
        var second = new TestFile("poster.png", 3L * ChunkSize, TestFile.PngHeader, seed: 35);
        var session = await StartAsync(student.Client, token, entryId, first);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunkAsync(token, entryId, session, i, first.Chunk(i, ChunkSize))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunkAsync(token, entryId, session, 1, second.Chunk(1, ChunkSize))).StatusCode);
        var response = await student.Client.CompleteUploadAsync(token, entryId, session);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var storedName = await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId).Select(f => f.StoredName).SingleAsync());
        await using var stored = await site.Services.GetRequiredService<IFileStore>().OpenReadAsync(storedName);
        var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stored));
        Assert.Equal(actual, (await response.JsonAsync()).GetProperty("sha256").GetString());
        Assert.NotEqual(first.Sha256(), actual);
    }
}

/// <summary>The bookkeeping behind the scan on the way in: when a pass may be trusted and when it is dropped.</summary>
public sealed class UploadScansRulesTests
{
    private static readonly byte[][] Chunks = [Bytes(1, 100), Bytes(2, 100), Bytes(3, 40)];

    private static byte[] Bytes(byte seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static void Stage(UploadScans scans, Guid session, int index, bool succeeds = true)
    {
        using var chunk = scans.Begin(session, index);
        using var read = chunk.Wrap(new MemoryStream(Chunks[index]));
        read.CopyTo(Stream.Null);
        if (succeeds)
        {
            chunk.Staged();
        }
    }

    private static string Sha(params int[] indexes) =>
        Convert.ToHexStringLower(SHA256.HashData(indexes.SelectMany(i => Chunks[i]).ToArray()));

    [Fact]
    public void Chunks_in_order_give_the_hash_and_length_of_the_whole_file()
    {
        var scans = new UploadScans(TimeProvider.System);
        var session = Guid.NewGuid();
        Stage(scans, session, 0);
        Stage(scans, session, 1);
        Stage(scans, session, 2);

        var scan = scans.Complete(session, 3);

        Assert.NotNull(scan);
        Assert.Equal(Sha(0, 1, 2), scan.Sha256);
        Assert.Equal(240, scan.Length);
        Assert.Equal(0, scans.Passes);
    }

    [Fact]
    public void A_chunk_sent_again_drops_the_pass()
    {
        var scans = new UploadScans(TimeProvider.System);
        var session = Guid.NewGuid();
        Stage(scans, session, 0);
        Stage(scans, session, 1);
        Stage(scans, session, 1);
        Stage(scans, session, 2);

        Assert.Null(scans.Complete(session, 3));
    }

    [Fact]
    public void Starting_again_from_the_first_chunk_starts_a_new_pass()
    {
        var scans = new UploadScans(TimeProvider.System);
        var session = Guid.NewGuid();
        Stage(scans, session, 1);
        Stage(scans, session, 0);
        Stage(scans, session, 1);
        Stage(scans, session, 2);

        Assert.Equal(Sha(0, 1, 2), scans.Complete(session, 3)?.Sha256);
    }

    [Fact]
    public void A_failed_chunk_a_missing_chunk_or_two_chunks_at_once_mean_reading_back()
    {
        var scans = new UploadScans(TimeProvider.System);
        var failed = Guid.NewGuid();
        Stage(scans, failed, 0);
        Stage(scans, failed, 1, succeeds: false);
        Stage(scans, failed, 1);
        Stage(scans, failed, 2);
        Assert.Null(scans.Complete(failed, 3));

        var missing = Guid.NewGuid();
        Stage(scans, missing, 0);
        Stage(scans, missing, 1);
        Assert.Null(scans.Complete(missing, 3));

        var together = Guid.NewGuid();
        Stage(scans, together, 0);
        using (var one = scans.Begin(together, 1))
        using (var other = scans.Begin(together, 2))
        {
            Assert.True(one.Scanning);
            Assert.False(other.Scanning);
            one.Wrap(new MemoryStream(Chunks[1])).CopyTo(Stream.Null);
            one.Staged();
            other.Staged();
        }

        Assert.Null(scans.Complete(together, 3));

        var stillStaging = Guid.NewGuid();
        Stage(scans, stillStaging, 0);
        Stage(scans, stillStaging, 1);
        using (var last = scans.Begin(stillStaging, 2))
        {
            Assert.Null(scans.Complete(stillStaging, 3));
        }

        Assert.Equal(0, scans.Passes);
    }

    [Fact]
    public void A_cancelled_upload_leaves_nothing_behind()
    {
        var scans = new UploadScans(TimeProvider.System);
        var session = Guid.NewGuid();
        Stage(scans, session, 0);
        Assert.Equal(1, scans.Passes);

        scans.Abandon(session);

        Assert.Equal(0, scans.Passes);
        Assert.Null(scans.Complete(session, 1));
    }

    [Fact]
    public void The_scanner_finds_a_docx_marker_split_between_two_pieces()
    {
        var zip = "PK\x03\x04"u8.ToArray().Concat(new byte[100]).Concat("xx word/document.xml yy"u8.ToArray()).Concat(new byte[50]).ToArray();
        var split = Array.IndexOf(zip, (byte)'/'); // inside the marker
        using var scanner = new FileScanner();
        scanner.Append(zip.AsSpan(0, split));
        scanner.Append(zip.AsSpan(split, 3));
        scanner.Append(zip.AsSpan(split + 3));

        var scan = scanner.Result();

        Assert.Equal(DetectedType.Docx, scan.Type);
        Assert.Equal(zip.Length, scan.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(zip)), scan.Sha256);
    }
}
