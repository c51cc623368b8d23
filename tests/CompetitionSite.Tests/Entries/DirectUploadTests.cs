using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Features.Entries;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CompetitionSite.Tests.Entries;

/// <summary>The site with its files in Azurite and browsers uploading straight to it (the page's origin allowed by CORS).</summary>
public sealed class DirectEntriesSite : EntriesSite
{
    public const string PageOrigin = "http://localhost";

    public DirectEntriesSite() => Settings["Storage:Azure:UploadOrigins"] = PageOrigin;
}

/// <summary>
/// Direct uploads (issue 16 item 3): the browser puts the file's blocks into Azurite with the URL the site issued —
/// plain HTTP PUTs without the site's cookie, exactly as upload.js sends them — and the site commits and checks the
/// stored bytes. These tests speak HTTP to Azurite themselves; nothing here goes through the site but start, status
/// and complete.
/// </summary>
public sealed class DirectUploadTests(DirectEntriesSite site) : IClassFixture<DirectEntriesSite>
{
    /// <summary>What a browser has: no cookie, no token — the URL is the only permission.</summary>
    private static readonly HttpClient Browser = new();

    private async Task<(Person Student, int EntryId, string Token, Category Category)> DraftAsync(Action<Category>? configure = null, TimeSpan? closesIn = null, int graceMinutes = 30)
    {
        var category = await site.OpenCategoryAsync(configure, closesIn, graceMinutes);
        var (student, _) = await site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id);
        return (student, entryId, await student.Client.UploadTokenAsync(entryId), category);
    }

    /// <summary>Starts an upload as upload.js does: asking for the direct path.</summary>
    internal static async Task<JsonElement> StartAsync(Person student, string token, int entryId, TestFile file, int? chunkSize = 256 * 1024, string? fingerprint = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/entries/{entryId}/uploads")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { fileName = file.Name, size = file.Length, slot = 0, chunkSize, fingerprint, direct = true }),
        };
        request.Headers.Add("RequestVerificationToken", token);
        var start = await student.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        return await start.JsonAsync();
    }

    /// <summary>The block id upload.js computes: base64 of "chunk-" and the index in six digits.</summary>
    private static string BlockId(int index) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"chunk-{index:D6}"));

    private static string UrlOf(JsonElement state) => state.GetProperty("direct").GetProperty("url").GetString()!;

    /// <summary>Put Block of chunk <paramref name="index"/> to <paramref name="url"/>, as upload.js does.</summary>
    private static Task<HttpResponseMessage> PutBlockAsync(string url, int index, HttpContent body) =>
        Browser.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"{url}&comp=block&blockid={Uri.EscapeDataString(BlockId(index))}") { Content = body });

    internal static async Task PutAllAsync(JsonElement state, TestFile file)
    {
        var url = UrlOf(state);
        var chunkSize = state.GetProperty("chunkSize").GetInt32();
        var count = state.GetProperty("chunkCount").GetInt32();
        // Several at once and not in order, as the page sends them on a good link.
        await Parallel.ForEachAsync(Enumerable.Range(0, count).Reverse(), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            using var put = await PutBlockAsync(url, i, file.Chunk(i, chunkSize));
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        });
    }

    private static string Sha256Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static ByteArrayContent Bytes(byte[] bytes) => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };

    private IFileStore Store => site.Services.GetRequiredService<IFileStore>();

    private BlobContainerClient Container => new BlobServiceClient(AzuriteServer.Shared.ConnectionString).GetBlobContainerClient(site.StorageContainer);

    [Fact]
    public async Task A_direct_upload_goes_straight_to_storage_and_the_receipt_is_the_sites_hash_of_the_stored_bytes()
    {
        var (student, entryId, token, _) = await DraftAsync();
        var file = TestFile.Pdf("poster.pdf", 1_000_000, seed: 11);
        var state = await StartAsync(student, token, entryId, file);
        var url = new Uri(UrlOf(state));
        Assert.Equal(AzuriteServer.Shared.Port, url.Port); // the storage account, not the site
        Assert.Equal(4, state.GetProperty("chunkCount").GetInt32());
        var expires = state.GetProperty("direct").GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expires, site.Clock.GetUtcNow().AddMinutes(59), site.Clock.GetUtcNow().AddMinutes(60));

        await PutAllAsync(state, file);
        var complete = await student.Client.CompleteUploadAsync(token, entryId, state.GetProperty("id").GetString()!);

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        var stored = await complete.JsonAsync();
        Assert.Equal(file.Sha256(), stored.GetProperty("sha256").GetString());
        Assert.Equal(file.Length, stored.GetProperty("size").GetInt64());
        Assert.Equal("application/pdf", stored.GetProperty("contentType").GetString());
        var session = await site.DbAsync(db => db.UploadSessions.SingleAsync(s => s.EntryId == entryId));
        Assert.Equal(UploadStatus.Completed, session.Status);
        var row = await site.DbAsync(db => db.EntryFiles.SingleAsync(f => f.EntryId == entryId));
        Assert.Equal((session.StoredName, file.Sha256(), true), (row.StoredName, row.Sha256, row.IsCurrent));
        await using (var read = await Store.OpenReadAsync(session.StoredName))
        {
            Assert.Equal(file.Sha256(), (await FileSignatures.ScanAsync(read)).Sha256);
        }

        // The staging blob the URL covered is gone, blocks and all.
        Assert.False(await Container.GetBlobClient(session.StagingName!).ExistsAsync());
        Assert.Empty(await Store.GetStagedChunksAsync(session.StagingName!));
    }

    [Fact]
    public async Task A_client_that_does_not_ask_sends_its_chunks_through_the_site_as_before()
    {
        var (student, entryId, token, _) = await DraftAsync();
        var file = TestFile.Pdf(length: 100_000);

        var start = await (await student.Client.StartUploadAsync(token, entryId, file.Name, file.Length)).JsonAsync();
        var session = start.GetProperty("id").GetString()!;
        var put = await student.Client.PutChunkAsync(token, entryId, session, 0, file.Chunk(0, start.GetProperty("chunkSize").GetInt32()));
        Assert.True(put.StatusCode == HttpStatusCode.NoContent, await put.Content.ReadAsStringAsync());
        var uploaded = await student.Client.CompleteUploadAsync(token, entryId, session);

        Assert.True(!start.TryGetProperty("direct", out var link) || link.ValueKind == JsonValueKind.Null);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        Assert.Null(await site.DbAsync(db => db.UploadSessions.Where(s => s.Id == Guid.Parse(start.GetProperty("id").GetString()!)).Select(s => s.StagingName).SingleAsync()));
    }

    [Fact]
    public async Task The_site_takes_no_chunk_of_a_direct_upload_through_itself()
    {
        var (student, entryId, token, _) = await DraftAsync();
        var file = TestFile.Pdf(length: 100_000);
        var state = await StartAsync(student, token, entryId, file);

        var put = await student.Client.PutChunkAsync(token, entryId, state.GetProperty("id").GetString()!, 0, file.Chunk(0, 256 * 1024));

        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
        Assert.Equal("direct-upload", (await put.JsonAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_upload_url_writes_its_own_blob_only_and_can_neither_read_nor_list()
    {
        var (student, entryId, token, _) = await DraftAsync();
        var file = TestFile.Pdf(length: 300_000);
        var state = await StartAsync(student, token, entryId, file);
        var url = new Uri(UrlOf(state));
        var query = url.Query;
        var container = url.GetLeftPart(UriPartial.Path)[..url.GetLeftPart(UriPartial.Path).LastIndexOf('/')];

        using var other = await PutBlockAsync($"{container}/{FileNames.New("pdf")}{query}", 0, file.Chunk(0, 256 * 1024));
        using var wholeBlob = await Browser.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"{container}/{FileNames.New("pdf")}{query}")
        {
            Content = Bytes([1, 2, 3]),
            Headers = { { "x-ms-blob-type", "BlockBlob" } },
        });
        using var read = await Browser.GetAsync(url);
        using var list = await Browser.GetAsync($"{container}{query}&restype=container&comp=list");
        using var blocks = await Browser.GetAsync($"{url}&comp=blocklist&blocklisttype=uncommitted");
        using var delete = await Browser.DeleteAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wholeBlob.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, blocks.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
    }

    [Fact]
    public async Task Another_sessions_url_and_the_recorded_file_are_out_of_reach_of_an_upload_url()
    {
        var (student, entryId, token, _) = await DraftAsync();
        var file = TestFile.Pdf(length: 200_000, seed: 3);
        var first = await StartAsync(student, token, entryId, file);
        await PutAllAsync(first, file);
        Assert.Equal(HttpStatusCode.OK, (await student.Client.CompleteUploadAsync(token, entryId, first.GetProperty("id").GetString()!)).StatusCode);
        var second = await StartAsync(student, token, entryId, TestFile.Pdf(length: 200_000, seed: 4));
        var firstUrl = new Uri(UrlOf(first));
        var secondUrl = new Uri(UrlOf(second));
        var storedName = await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId && f.IsCurrent).Select(f => f.StoredName).SingleAsync());
        var folder = firstUrl.GetLeftPart(UriPartial.Path)[..firstUrl.GetLeftPart(UriPartial.Path).LastIndexOf('/')];

        // The first session's URL on the second session's staging blob, and on the file the site recorded.
        using var crossed = await PutBlockAsync(secondUrl.GetLeftPart(UriPartial.Path) + firstUrl.Query, 0, file.Chunk(0, 256 * 1024));
        using var overwrite = await Browser.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"{folder}/{storedName}{firstUrl.Query}")
        {
            Content = Bytes([1, 2, 3]),
            Headers = { { "x-ms-blob-type", "BlockBlob" } },
        });
        // Even writing the first session's own staging name again changes nothing the site recorded.
        using var again = await Browser.SendAsync(new HttpRequestMessage(HttpMethod.Put, firstUrl)
        {
            Content = Bytes([1, 2, 3]),
            Headers = { { "x-ms-blob-type", "BlockBlob" } },
        });

        Assert.Equal(HttpStatusCode.Forbidden, crossed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, overwrite.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        await using var read = await Store.OpenReadAsync(storedName);
        Assert.Equal(file.Sha256(), (await FileSignatures.ScanAsync(read)).Sha256);
    }

    [Fact]
    public async Task An_expired_upload_url_is_refused_and_the_status_hands_out_a_fresh_one()
    {
        var (student, entryId, token, _) = await DraftAsync();
        var file = TestFile.Pdf(length: 300_000, seed: 5);
        // Issued three hours ago by the site's clock: to the storage account (real time) it expired two hours ago.
        site.Clock.Advance(TimeSpan.FromHours(-3));
        JsonElement state;
        try
        {
            state = await StartAsync(student, token, entryId, file);
        }
        finally
        {
            site.Clock.Advance(TimeSpan.FromHours(3));
        }

        using var expired = await PutBlockAsync(UrlOf(state), 0, file.Chunk(0, 256 * 1024));
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);

        var status = await student.Client.GetAsync($"/api/entries/{entryId}/uploads/{state.GetProperty("id").GetString()}");
        var fresh = await status.JsonAsync();
        Assert.NotEqual(UrlOf(state), UrlOf(fresh));
        await PutAllAsync(fresh, file);
        var complete = await student.Client.CompleteUploadAsync(token, entryId, state.GetProperty("id").GetString()!);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal(file.Sha256(), (await complete.JsonAsync()).GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task A_wrong_type_in_the_stored_bytes_is_refused_and_nothing_is_recorded()
    {
        var (student, entryId, token, _) = await DraftAsync();
        var fake = new TestFile("tugas.pdf", 600_000, TestFile.ExeHeader);
        var state = await StartAsync(student, token, entryId, fake);
        await PutAllAsync(state, fake);

        var complete = await student.Client.CompleteUploadAsync(token, entryId, state.GetProperty("id").GetString()!);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, complete.StatusCode);
        var problem = await complete.JsonAsync();
        Assert.Equal("rejected", problem.GetProperty("code").GetString());
        Assert.Contains("bukan file PDF", problem.GetProperty("message").GetString());
        var session = await site.DbAsync(db => db.UploadSessions.SingleAsync(s => s.EntryId == entryId));
        Assert.Equal(UploadStatus.Rejected, session.Status);
        Assert.Empty(await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId).ToListAsync()));
        await Assert.ThrowsAsync<FileNotFoundInStoreException>(() => Store.OpenReadAsync(session.StoredName));
        Assert.False(await Container.GetBlobClient(session.StagingName!).ExistsAsync());
    }

    [Fact]
    public async Task Blocks_longer_or_shorter_than_agreed_are_never_committed_and_are_asked_for_again()
    {
        var (student, entryId, token, _) = await DraftAsync(c => c.MaxFileSizeMb = 1);
        var file = TestFile.Pdf(length: 600_000, seed: 8);
        var state = await StartAsync(student, token, entryId, file);
        var session = state.GetProperty("id").GetString()!;
        var url = UrlOf(state);
        await PutAllAsync(state, file);
        // Chunk 1 again, four times as long (past the category's 1 MB in all), and a block past the last chunk.
        var big = new byte[4 * 256 * 1024];
        RandomNumberGenerator.Fill(big);
        Assert.Equal(HttpStatusCode.Created, (await PutBlockAsync(url, 1, Bytes(big))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PutBlockAsync(url, 7, Bytes(big))).StatusCode);

        var status = await (await student.Client.GetAsync($"/api/entries/{entryId}/uploads/{session}")).JsonAsync();
        Assert.Equal([0, 2], status.GetProperty("received").EnumerateArray().Select(e => e.GetInt32()));
        var refused = await student.Client.CompleteUploadAsync(token, entryId, session);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("missing-chunks", (await refused.JsonAsync()).GetProperty("code").GetString());
        Assert.Empty(await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId).ToListAsync()));

        Assert.Equal(HttpStatusCode.Created, (await PutBlockAsync(url, 1, file.Chunk(1, 256 * 1024))).StatusCode);
        var complete = await student.Client.CompleteUploadAsync(token, entryId, session);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        var stored = await complete.JsonAsync();
        Assert.Equal((file.Length, file.Sha256()), (stored.GetProperty("size").GetInt64(), stored.GetProperty("sha256").GetString()));
    }

    [Fact]
    public async Task A_block_sent_again_with_other_bytes_gets_the_receipt_of_the_bytes_stored()
    {
        // Decision 0002's open case: on the direct path no instance scans anything on the way, the site hashes what is stored.
        var (student, entryId, token, _) = await DraftAsync();
        var file = TestFile.Pdf(length: 700_000, seed: 21);
        var state = await StartAsync(student, token, entryId, file);
        await PutAllAsync(state, file);
        var other = new byte[256 * 1024];
        RandomNumberGenerator.Fill(other);
        Assert.Equal(HttpStatusCode.Created, (await PutBlockAsync(UrlOf(state), 1, Bytes(other))).StatusCode);

        var complete = await student.Client.CompleteUploadAsync(token, entryId, state.GetProperty("id").GetString()!);

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        using var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var first = file.Open(0, 256 * 1024)) { expected.AppendData(await ReadAllAsync(first)); }
        expected.AppendData(other);
        await using (var rest = file.Open(2 * 256 * 1024)) { expected.AppendData(await ReadAllAsync(rest)); }
        var hash = Convert.ToHexStringLower(expected.GetHashAndReset());
        Assert.Equal(hash, (await complete.JsonAsync()).GetProperty("sha256").GetString());
        var name = await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId).Select(f => f.StoredName).SingleAsync());
        await using var read = await Store.OpenReadAsync(name);
        Assert.Equal(hash, (await FileSignatures.ScanAsync(read)).Sha256);
    }

    [Fact]
    public async Task Completion_after_the_deadline_is_refused_and_the_url_ends_with_the_grace_period()
    {
        var (student, entryId, token, category) = await DraftAsync(closesIn: TimeSpan.FromMinutes(20), graceMinutes: 15);
        var file = TestFile.Pdf(length: 300_000, seed: 9);
        var state = await StartAsync(student, token, entryId, file);
        var deadline = await site.DbAsync(db => db.Competitions.Where(c => c.Id == category.CompetitionId).Select(c => c.SubmissionClosesAt).SingleAsync());
        Assert.Equal(new DateTimeOffset(deadline, TimeSpan.Zero).AddMinutes(15), state.GetProperty("direct").GetProperty("expiresAt").GetDateTimeOffset());
        await PutAllAsync(state, file);

        site.Clock.Advance(TimeSpan.FromMinutes(36)); // past the deadline and its grace period
        var complete = await student.Client.CompleteUploadAsync(token, entryId, state.GetProperty("id").GetString()!);
        var status = await (await student.Client.GetAsync($"/api/entries/{entryId}/uploads/{state.GetProperty("id").GetString()}")).JsonAsync();

        Assert.Equal(HttpStatusCode.Conflict, complete.StatusCode);
        Assert.Equal("deadline", (await complete.JsonAsync()).GetProperty("code").GetString());
        Assert.Empty(await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId).ToListAsync()));
        Assert.True(!status.TryGetProperty("direct", out var link) || link.ValueKind == JsonValueKind.Null); // no fresh URL after the grace period
    }

    [Fact]
    public async Task Resume_lists_the_blocks_in_storage_and_refuses_another_file()
    {
        var (student, entryId, token, _) = await DraftAsync();
        var file = TestFile.Pdf(length: 1_000_000, seed: 13);
        var fingerprint = new string('a', 64);
        var state = await StartAsync(student, token, entryId, file, fingerprint: fingerprint);
        var session = state.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await PutBlockAsync(UrlOf(state), 0, file.Chunk(0, 256 * 1024))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PutBlockAsync(UrlOf(state), 2, file.Chunk(2, 256 * 1024))).StatusCode);

        var status = await student.Client.GetAsync($"/api/entries/{entryId}/uploads/{session}?fingerprint={fingerprint}");
        var different = await student.Client.GetAsync($"/api/entries/{entryId}/uploads/{session}?fingerprint={new string('b', 64)}");

        var resumed = await status.JsonAsync();
        Assert.Equal([0, 2], resumed.GetProperty("received").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        Assert.Equal("different-file", (await different.JsonAsync()).GetProperty("code").GetString());
        foreach (var i in new[] { 1, 3 })
        {
            Assert.Equal(HttpStatusCode.Created, (await PutBlockAsync(UrlOf(resumed), i, file.Chunk(i, 256 * 1024))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await student.Client.CompleteUploadAsync(token, entryId, session, new string('b', 64))).StatusCode);
        var complete = await student.Client.CompleteUploadAsync(token, entryId, session, fingerprint);
        Assert.Equal(file.Sha256(), (await complete.JsonAsync()).GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Two_completions_at_once_record_one_file()
    {
        var (student, entryId, token, _) = await DraftAsync();
        var file = TestFile.Pdf(length: 900_000, seed: 17);
        var state = await StartAsync(student, token, entryId, file);
        await PutAllAsync(state, file);
        var session = state.GetProperty("id").GetString()!;

        var answers = await Task.WhenAll(student.Client.CompleteUploadAsync(token, entryId, session), student.Client.CompleteUploadAsync(token, entryId, session));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var ids = await Task.WhenAll(answers.Select(async a => (await a.JsonAsync()).GetProperty("id").GetInt32()));
        Assert.Single(ids.Distinct());
        Assert.Single(await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId).ToListAsync()));
    }

    [Fact]
    public async Task The_storage_account_lets_the_sites_pages_put_blocks_and_no_other_origin()
    {
        var (student, entryId, token, _) = await DraftAsync();
        var state = await StartAsync(student, token, entryId, TestFile.Pdf(length: 100_000));
        var target = $"{UrlOf(state)}&comp=block&blockid={Uri.EscapeDataString(BlockId(0))}";

        // The rule is set when the site starts (in the background): ask until it is there.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var preflight = await Browser.SendAsync(Preflight(target, DirectEntriesSite.PageOrigin));
        while (preflight.StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            preflight = await Browser.SendAsync(Preflight(target, DirectEntriesSite.PageOrigin));
        }

        using var stranger = await Browser.SendAsync(Preflight(target, "https://evil.example"));

        Assert.Equal(HttpStatusCode.OK, preflight.StatusCode);
        Assert.Equal(DirectEntriesSite.PageOrigin, preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(stranger.Headers.Contains("Access-Control-Allow-Origin"));
        var rules = (await new BlobServiceClient(AzuriteServer.Shared.ConnectionString).GetPropertiesAsync()).Value.Cors;
        var rule = Assert.Single(rules, r => r.AllowedMethods == "PUT");
        Assert.Contains(DirectEntriesSite.PageOrigin, rule.AllowedOrigins.Split(','));
        Assert.Equal("content-type", rule.AllowedHeaders);
    }

    private static HttpRequestMessage Preflight(string url, string origin) => new(HttpMethod.Options, url)
    {
        Headers =
        {
            { "Origin", origin },
            { "Access-Control-Request-Method", "PUT" },
            { "Access-Control-Request-Headers", "content-type" },
        },
    };

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}

/// <summary>
/// Completing a 50 MiB direct upload — commit, copy, ranged read and the site's own SHA-256 over the stored bytes —
/// allocates far less than the file's size: the stored file is read streaming. Only the completion is counted (this
/// test's own flow, <see cref="FlowAllocations"/>); the blocks went from the test straight to Azurite before.
/// </summary>
[Collection(nameof(Storage.LargeFiles))]
public sealed class DirectLargeUploadTests(DirectEntriesSite site, ITestOutputHelper output) : IClassFixture<DirectEntriesSite>
{
    private const long Size = 50L * 1024 * 1024;

    [Fact]
    public async Task Completing_a_50_MB_direct_upload_allocates_far_less_than_the_file_size()
    {
        site.Server.PreserveExecutionContext = true;
        var category = await site.OpenCategoryAsync(c =>
        {
            c.Kind = EntryKind.Video;
            c.AllowedExtensions = ".mp4";
            c.MaxFileSizeMb = 100;
            c.MaxFilesPerEntry = 2;
        });
        var (student, _) = await site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id, "Video Banten");
        var token = await student.Client.UploadTokenAsync(entryId);
        var warmUp = new TestFile("pemanasan.mp4", 5L * 1024 * 1024, TestFile.Mp4Header, seed: 1);
        var warm = await DirectUploadTests.StartAsync(student, token, entryId, warmUp, chunkSize: 4 * 1024 * 1024);
        await DirectUploadTests.PutAllAsync(warm, warmUp);
        Assert.Equal(HttpStatusCode.OK, (await student.Client.CompleteUploadAsync(token, entryId, warm.GetProperty("id").GetString()!)).StatusCode);

        var file = new TestFile("video-banten.mp4", Size, TestFile.Mp4Header, seed: 50);
        var expected = file.Sha256();
        var state = await DirectUploadTests.StartAsync(student, token, entryId, file, chunkSize: 4 * 1024 * 1024);
        await DirectUploadTests.PutAllAsync(state, file);
        var meter = FlowAllocations.Start();

        var response = await student.Client.CompleteUploadAsync(token, entryId, state.GetProperty("id").GetString()!);

        meter.Dispose();
        var allocated = meter.Bytes;
        output.WriteLine($"completing 50 MiB straight from Azurite allocated {allocated / 1024.0 / 1024.0:F1} MiB");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await response.JsonAsync();
        Assert.Equal(expected, stored.GetProperty("sha256").GetString());
        Assert.Equal("video/mp4", stored.GetProperty("contentType").GetString());
        Assert.True(allocated < Size / 8, $"Completing 50 MiB allocated {allocated / 1024 / 1024} MiB.");
    }
}
