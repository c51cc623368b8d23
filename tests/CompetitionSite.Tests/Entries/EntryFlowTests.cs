using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Entries;

/// <summary>The whole flow over HTTP: profile → enter → chunked upload with a dropped chunk → submit → receipt by real email.</summary>
public sealed class EntryFlowTests(EntriesSite site) : IClassFixture<EntriesSite>
{
    [Fact]
    public async Task Student_enters_uploads_in_chunks_resumes_after_a_cut_off_chunk_submits_and_receives_a_receipt_with_the_SHA256()
    {
        var category = await site.OpenCategoryAsync();
        var (student, _) = await site.StudentAsync();

        var (newPage, newDoc) = await student.Client.GetPageAsync($"/entries/new?category={category.Id}");
        Assert.Equal(HttpStatusCode.OK, newPage.StatusCode);
        Assert.Contains("Ayu Lestari", newDoc.MainText());
        var entryId = await student.Client.EnterAsync(category.Id, "Pantai Tanpa Plastik");

        // 9 MiB in 4 MiB chunks: three requests.
        var file = TestFile.Pdf("Pantai Tanpa Plastik.pdf", 9L * 1024 * 1024 + 123);
        var token = await student.Client.UploadTokenAsync(entryId);
        var start = await student.Client.StartUploadAsync(token, entryId, file.Name, file.Length);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var state = await start.JsonAsync();
        var session = state.GetProperty("id").GetString()!;
        var chunkSize = state.GetProperty("chunkSize").GetInt32();
        Assert.Equal(3, state.GetProperty("chunkCount").GetInt32());
        Assert.Empty(state.GetProperty("received").EnumerateArray());

        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunkAsync(token, entryId, session, 0, file.Chunk(0, chunkSize))).StatusCode);

        // The connection drops after 1 MiB of chunk 1: the server keeps nothing of it and says to send it again.
        var cut = await student.Client.PutChunkAsync(token, entryId, session, 1, file.Chunk(1, chunkSize, cutAfter: 1024 * 1024));
        Assert.Equal(HttpStatusCode.BadRequest, cut.StatusCode);
        Assert.Equal("chunk-size", (await cut.JsonAsync()).GetProperty("code").GetString());

        // After a reload the page asks what arrived: chunk 0 only. Completing now says parts are missing.
        var status = await (await student.Client.GetAsync($"/api/entries/{entryId}/uploads/{session}")).JsonAsync();
        Assert.Equal(new[] { 0 }, status.GetProperty("received").EnumerateArray().Select(e => e.GetInt32()));
        var early = await student.Client.CompleteUploadAsync(token, entryId, session);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunkAsync(token, entryId, session, 1, file.Chunk(1, chunkSize))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunkAsync(token, entryId, session, 2, file.Chunk(2, chunkSize))).StatusCode);
        var complete = await student.Client.CompleteUploadAsync(token, entryId, session);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        var stored = await complete.JsonAsync();
        var sha = file.Sha256();
        Assert.Equal(sha, stored.GetProperty("sha256").GetString());
        Assert.Equal(file.Length, stored.GetProperty("size").GetInt64());

        // Submitting needs the pledge.
        var noPledge = await student.Client.SubmitFormAsync($"/entries/{entryId}", new Dictionary<string, string>(), $"/entries/{entryId}/submit");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noPledge.StatusCode);
        Assert.Contains("ikrar orisinalitas", Html.Parse(await noPledge.Content.ReadAsStringAsync()).MainText());

        var submit = await student.Client.SubmitFormAsync($"/entries/{entryId}", new Dictionary<string, string> { ["pledge"] = "true" }, $"/entries/{entryId}/submit");
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);

        var entry = await site.DbAsync(db => db.Entries.Include(e => e.Files).SingleAsync(e => e.Id == entryId));
        Assert.Equal(EntryStatus.Submitted, entry.Status);
        Assert.NotNull(entry.SubmittedAt);
        Assert.NotNull(entry.OriginalityPledgedAt);

        var receipt = await site.Smtp.WaitForMessageAsync(student.Email, m => (m.Subject ?? "").Contains(entry.PublicCode));
        var text = receipt.TextBody;
        Assert.Contains("Lomba Poster Digital 2026", text);
        Assert.Contains("Poster SMP", text);
        Assert.Contains("Pantai Tanpa Plastik", text);
        Assert.Contains(entry.PublicCode, text);
        Assert.Contains("Pantai Tanpa Plastik.pdf", text);
        Assert.Contains(sha, text);
        Assert.Contains("WIB", text);
        Assert.Contains(sha, receipt.HtmlBody);

        // The file really is in Azure Blob Storage (Azurite) under a generated name, byte for byte.
        var store = site.Services.GetRequiredService<IFileStore>();
        Assert.IsType<AzureBlobFileStore>(store);
        var blob = entry.Files.Single();
        Assert.DoesNotContain("Pantai", blob.StoredName);
        await using (var read = await store.OpenReadAsync(blob.StoredName))
        {
            Assert.Equal(sha, (await Web.Features.Entries.FileSignatures.ScanAsync(read)).Sha256);
        }

        // "My entries" shows it as submitted, with the file.
        var (_, mine) = await student.Client.GetPageAsync("/entries");
        Assert.Contains("Terkirim", mine.MainText());
        Assert.Contains("Pantai Tanpa Plastik.pdf", mine.MainText());
        Assert.Contains(entry.PublicCode, mine.MainText());
    }

    [Fact]
    public async Task Re_uploading_replaces_the_current_file_keeps_the_earlier_version_and_sends_a_new_receipt()
    {
        var category = await site.OpenCategoryAsync();
        var (student, _) = await site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id);
        var first = TestFile.Pdf("versi-1.pdf", 200_000, seed: 1);
        Assert.Equal(HttpStatusCode.OK, (await student.Client.UploadAsync(entryId, first)).StatusCode);
        await student.Client.SubmitFormAsync($"/entries/{entryId}", new Dictionary<string, string> { ["pledge"] = "true" }, $"/entries/{entryId}/submit");
        var code = await site.DbAsync(db => db.Entries.Where(e => e.Id == entryId).Select(e => e.PublicCode).SingleAsync());
        await site.Smtp.WaitForMessageAsync(student.Email, m => (m.TextBody ?? "").Contains(first.Sha256()));

        var second = TestFile.Pdf("versi-2.pdf", 250_000, seed: 2);
        Assert.Equal(HttpStatusCode.OK, (await student.Client.UploadAsync(entryId, second)).StatusCode);

        var files = await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId).OrderBy(f => f.Id).ToListAsync());
        Assert.Equal(2, files.Count);
        Assert.False(files[0].IsCurrent);
        Assert.NotNull(files[0].ReplacedAt);
        Assert.Equal(first.Sha256(), files[0].Sha256);
        Assert.True(files[1].IsCurrent);
        Assert.Equal(second.Sha256(), files[1].Sha256);

        // The earlier version is still in the store for the organizers.
        var store = site.Services.GetRequiredService<IFileStore>();
        await (await store.OpenReadAsync(files[0].StoredName)).DisposeAsync();

        // The entry stays submitted, and a new receipt lists the new file only.
        Assert.Equal(EntryStatus.Submitted, await site.DbAsync(db => db.Entries.Where(e => e.Id == entryId).Select(e => e.Status).SingleAsync()));
        var changed = await site.Smtp.WaitForMessageAsync(student.Email, m => (m.TextBody ?? "").Contains(second.Sha256()));
        Assert.Contains(code, changed.Subject);
        Assert.DoesNotContain(first.Sha256(), changed.TextBody);
        Assert.Contains("versi-2.pdf", changed.TextBody);
    }

    [Fact]
    public async Task Changing_the_title_of_a_submitted_entry_sends_a_new_receipt_and_withdrawing_takes_it_out()
    {
        var category = await site.OpenCategoryAsync();
        var (student, _) = await site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id, "Judul Lama");
        await student.Client.UploadAsync(entryId, TestFile.Pdf());
        await student.Client.SubmitFormAsync($"/entries/{entryId}", new Dictionary<string, string> { ["pledge"] = "true" }, $"/entries/{entryId}/submit");

        var save = await student.Client.SubmitFormAsync($"/entries/{entryId}", new Dictionary<string, string> { ["Title"] = "Judul Baru" }, $"/entries/{entryId}");
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        var receipt = await site.Smtp.WaitForMessageAsync(student.Email, m => (m.TextBody ?? "").Contains("Judul Baru"));
        Assert.Contains("diubah", receipt.TextBody);

        var withdraw = await student.Client.SubmitFormAsync($"/entries/{entryId}", new Dictionary<string, string>(), $"/entries/{entryId}/withdraw");
        Assert.Equal(HttpStatusCode.Redirect, withdraw.StatusCode);
        var entry = await site.DbAsync(db => db.Entries.SingleAsync(e => e.Id == entryId));
        Assert.Equal(EntryStatus.Withdrawn, entry.Status);
        Assert.NotNull(entry.WithdrawnAt);
        var audit = await site.DbAsync(db => db.AuditEvents.Where(a => a.ObjectType == "entry" && a.ObjectId == entryId.ToString()).Select(a => a.Action).ToListAsync());
        Assert.Contains("entry.submitted", audit);
        Assert.Contains("entry.withdrawn", audit);

        // A withdrawn entry takes no more files, and the student may enter again.
        var token = await student.Client.UploadTokenAsync(entryId);
        Assert.Equal(HttpStatusCode.Conflict, (await student.Client.StartUploadAsync(token, entryId, "lagi.pdf", 1000)).StatusCode);
        var again = await student.Client.EnterAsync(category.Id, "Coba Lagi");
        Assert.NotEqual(entryId, again);
    }

    [Fact]
    public async Task An_image_that_cannot_be_previewed_falls_back_to_a_short_lived_blob_link_that_the_content_security_policy_allows()
    {
        var category = await site.OpenCategoryAsync();
        var (student, _) = await site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id);
        await student.Client.UploadAsync(entryId, new TestFile("poster.png", 60_000, TestFile.PngHeader));

        // A PNG signature over made-up bytes: no preview can be made, so the preview address sends the original's link.
        var (response, page) = await student.Client.GetPageAsync($"/entries/{entryId}");
        var preview = await student.Client.GetAsync(page.QuerySelector("img.file-preview")!.GetAttribute("src")!);
        Assert.Equal(HttpStatusCode.Redirect, preview.StatusCode);
        var src = preview.Headers.Location!;
        var origin = src.GetLeftPart(UriPartial.Authority);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"img-src 'self' data: blob: {origin};", csp);
        Assert.Contains($"media-src 'self' blob: {origin};", csp);
        Assert.Contains("script-src 'self';", csp);

        using var plain = new HttpClient();
        var image = await plain.GetAsync(src);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", image.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task My_entries_with_no_entries_says_what_to_do_next()
    {
        var (student, _) = await site.StudentAsync();
        var (response, page) = await student.Client.GetPageAsync("/entries");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Anda belum punya karya", page.MainText());
        Assert.NotNull(page.QuerySelector("main a[href='/']"));
        Assert.NotNull(page.QuerySelector("nav a[href='/entries']"));
    }
}
