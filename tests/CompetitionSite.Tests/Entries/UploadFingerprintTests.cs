using System.Net;
using System.Security.Cryptography;
using System.Text;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Features.Entries;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Entries;

/// <summary>
/// Issue 17: resuming by name must never put two files together. A session started with a file's fingerprint is
/// continued (status before continuing, chunks, completion) only with the same fingerprint; another one is refused
/// with a localized 409 "different-file" and changes nothing. A session without a fingerprint (an older client) goes on
/// as before.
/// </summary>
public sealed class UploadFingerprintTests(EntriesSite site) : IClassFixture<EntriesSite>
{
    private const int Small = EntryUploads.MinChunkSize;
    private const string DifferentMessage = "poster.png ini berbeda dari file yang unggahannya tadi terhenti, jadi unggahan dimulai lagi dari awal.";

    /// <summary>What the page's script computes (any 64 hex digits will do for the server, which only compares).</summary>
    private static string PrintOf(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

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

    private static Task<HttpResponseMessage> StatusAsync(HttpClient client, int entryId, string session, string? fingerprint = null) =>
        client.GetAsync($"/api/entries/{entryId}/uploads/{session}" + (fingerprint is null ? "" : "?fingerprint=" + fingerprint));

    private static async Task AssertDifferentFileAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("different-file", problem.GetProperty("code").GetString());
        Assert.Equal(DifferentMessage, problem.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Continuing_with_another_files_fingerprint_is_refused_and_changes_nothing_and_the_same_file_continues()
    {
        var (student, entryId, token) = await DraftAsync();
        var first = new TestFile("poster.png", 3L * Small + 100, TestFile.PngHeader, seed: 51);
        var second = new TestFile("poster.png", first.Length, TestFile.PngHeader, seed: 52); // re-exported: same name, same size
        var (printA, printB) = (PrintOf("poster.png A"), PrintOf("poster.png B"));
        var session = (await (await student.Client.StartUploadAsync(token, entryId, first.Name, first.Length, chunkSize: Small, fingerprint: printA)).JsonAsync())
            .GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunksAsync(token, entryId, session, 0, 2, first.Chunks(0, 2, Small), printA)).StatusCode);

        // The other file: asking to continue, sending its chunks (with its fingerprint or none), completing — all refused.
        await AssertDifferentFileAsync(await StatusAsync(student.Client, entryId, session, printB));
        await AssertDifferentFileAsync(await student.Client.PutChunksAsync(token, entryId, session, 2, 2, second.Chunks(2, 2, Small), printB));
        await AssertDifferentFileAsync(await student.Client.PutChunksAsync(token, entryId, session, 2, 2, second.Chunks(2, 2, Small)));
        await AssertDifferentFileAsync(await student.Client.CompleteUploadAsync(token, entryId, session, printB));
        await AssertDifferentFileAsync(await student.Client.CompleteUploadAsync(token, entryId, session));

        // Nothing changed: still active, with the first file's two chunks, no file recorded.
        var unchanged = await (await StatusAsync(student.Client, entryId, session)).JsonAsync();
        Assert.Equal("active", unchanged.GetProperty("status").GetString());
        Assert.Equal([0, 1], unchanged.GetProperty("received").EnumerateArray().Select(i => i.GetInt32()).Order());
        Assert.Equal(0, await site.DbAsync(db => db.EntryFiles.CountAsync(f => f.EntryId == entryId)));

        // The same file (its fingerprint in any case) continues from what arrived and completes as that file.
        var resumed = await StatusAsync(student.Client, entryId, session, printA.ToUpperInvariant());
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunksAsync(token, entryId, session, 2, 2, first.Chunks(2, 2, Small), printA)).StatusCode);
        var complete = await student.Client.CompleteUploadAsync(token, entryId, session, printA);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal(first.Sha256(), (await complete.JsonAsync()).GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task A_session_started_without_a_fingerprint_continues_as_before()
    {
        var (student, entryId, token) = await DraftAsync();
        var file = new TestFile("poster.png", 2L * Small + 10, TestFile.PngHeader, seed: 53);
        var session = (await (await student.Client.StartUploadAsync(token, entryId, file.Name, file.Length, chunkSize: Small)).JsonAsync())
            .GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunksAsync(token, entryId, session, 0, 1, file.Chunks(0, 1, Small))).StatusCode);

        // A newer page continuing it sends a fingerprint the session never had: nothing to compare, it goes on.
        var print = PrintOf("poster.png");
        Assert.Equal(HttpStatusCode.OK, (await StatusAsync(student.Client, entryId, session, print)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunksAsync(token, entryId, session, 1, 2, file.Chunks(1, 2, Small), print)).StatusCode);
        var complete = await student.Client.CompleteUploadAsync(token, entryId, session, print);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal(file.Sha256(), (await complete.JsonAsync()).GetProperty("sha256").GetString());
        Assert.Null(await site.DbAsync(db => db.UploadSessions.Where(s => s.Id == Guid.Parse(session)).Select(s => s.Fingerprint).SingleAsync()));
    }

    [Fact]
    public async Task A_fingerprint_that_is_not_64_hex_digits_is_refused_at_start_and_nothing_is_created()
    {
        var (student, entryId, token) = await DraftAsync();

        foreach (var bad in new[] { "abc", new string('g', 64), PrintOf("x") + "0" })
        {
            var response = await student.Client.StartUploadAsync(token, entryId, "poster.png", 1_000, chunkSize: Small, fingerprint: bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.JsonAsync();
            Assert.Equal("fingerprint", problem.GetProperty("code").GetString());
            Assert.Equal("Unggahan tidak bisa disiapkan. Muat ulang halaman lalu pilih file lagi.", problem.GetProperty("message").GetString());
        }

        Assert.Equal(0, await site.DbAsync(db => db.UploadSessions.CountAsync(s => s.EntryId == entryId)));
        var stored = PrintOf("poster.png");
        var started = await student.Client.StartUploadAsync(token, entryId, "poster.png", 1_000, chunkSize: Small, fingerprint: stored.ToUpperInvariant());
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal(stored, await site.DbAsync(db => db.UploadSessions.Where(s => s.EntryId == entryId).Select(s => s.Fingerprint).SingleAsync()));
    }

    /// <summary>
    /// After the widget was refused and uploaded the other file afresh, the page must not go on offering the older,
    /// unfinished upload ("Pilih poster.png lagi untuk melanjutkan") for the slot that now holds the new file.
    /// </summary>
    [Fact]
    public async Task Once_another_file_is_uploaded_into_the_slot_the_page_no_longer_offers_the_older_unfinished_upload()
    {
        var (student, entryId, token) = await DraftAsync();
        var first = new TestFile("poster.png", 2L * Small + 100, TestFile.PngHeader, seed: 54);
        var second = new TestFile("poster.png", first.Length, TestFile.PngHeader, seed: 55);
        var (printA, printB) = (PrintOf("poster.png A"), PrintOf("poster.png B"));
        var older = (await (await student.Client.StartUploadAsync(token, entryId, first.Name, first.Length, chunkSize: Small, fingerprint: printA)).JsonAsync())
            .GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunksAsync(token, entryId, older, 0, 1, first.Chunks(0, 1, Small), printA)).StatusCode);
        var (_, before) = await student.Client.GetPageAsync($"/entries/{entryId}");
        Assert.Equal(older, before.QuerySelector("[data-upload]")!.GetAttribute("data-resume-id"));
        Assert.Contains("Pilih poster.png lagi untuk melanjutkan", before.MainText());

        var newer = (await (await student.Client.StartUploadAsync(token, entryId, second.Name, second.Length, chunkSize: Small, fingerprint: printB)).JsonAsync())
            .GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunksAsync(token, entryId, newer, 0, 3, second.Chunks(0, 3, Small), printB)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await student.Client.CompleteUploadAsync(token, entryId, newer, printB)).StatusCode);

        var (_, after) = await student.Client.GetPageAsync($"/entries/{entryId}");
        Assert.True(string.IsNullOrEmpty(after.QuerySelector("[data-upload]")!.GetAttribute("data-resume-id")));
        Assert.DoesNotContain("Pilih poster.png lagi untuk melanjutkan", after.MainText());
        Assert.Equal("active", (await (await StatusAsync(student.Client, entryId, older)).JsonAsync()).GetProperty("status").GetString()); // left to the sweep
    }
}
