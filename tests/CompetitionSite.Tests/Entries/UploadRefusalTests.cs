using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Entries;

/// <summary>Bad uploads get a clear Indonesian message and change nothing; nothing refused stays in the store.</summary>
public sealed class UploadRefusalTests(EntriesSite site) : IClassFixture<EntriesSite>
{
    private async Task<(Person Student, int EntryId, string Token)> DraftAsync(Action<Category>? configure = null)
    {
        var category = await site.OpenCategoryAsync(configure);
        var (student, _) = await site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id);
        return (student, entryId, await student.Client.UploadTokenAsync(entryId));
    }

    [Fact]
    public async Task An_exe_renamed_pdf_is_refused_after_upload_and_deleted_from_the_store()
    {
        var (student, entryId, _) = await DraftAsync();
        var fake = new TestFile("tugas.pdf", 150_000, TestFile.ExeHeader);

        var response = await student.Client.UploadAsync(entryId, fake);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("rejected", problem.GetProperty("code").GetString());
        Assert.Contains("bukan file PDF", problem.GetProperty("message").GetString());
        var session = await site.DbAsync(db => db.UploadSessions.SingleAsync(s => s.EntryId == entryId));
        Assert.Equal(UploadStatus.Rejected, session.Status);
        Assert.Empty(await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId).ToListAsync()));
        var store = site.Services.GetRequiredService<IFileStore>();
        await Assert.ThrowsAsync<FileNotFoundInStoreException>(() => store.OpenReadAsync(session.StoredName));
        Assert.Empty(await store.GetStagedChunksAsync(session.StoredName));
    }

    [Fact]
    public async Task A_png_named_pdf_is_refused_but_a_real_png_is_accepted()
    {
        var (student, entryId, _) = await DraftAsync();
        var png = new TestFile("poster.png", 80_000, TestFile.PngHeader);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await student.Client.UploadAsync(entryId, new TestFile("poster.pdf", 80_000, TestFile.PngHeader))).StatusCode);

        var ok = await student.Client.UploadAsync(entryId, png);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("image/png", (await ok.JsonAsync()).GetProperty("contentType").GetString());
    }

    [Fact]
    public async Task An_oversized_file_is_refused_before_anything_is_stored()
    {
        var (student, entryId, token) = await DraftAsync(c => c.MaxFileSizeMb = 5);

        var response = await student.Client.StartUploadAsync(token, entryId, "video-besar.pdf", 5L * 1024 * 1024 + 1);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("paling besar 5 MB", (await response.JsonAsync()).GetProperty("message").GetString());
        Assert.Empty(await site.DbAsync(db => db.UploadSessions.Where(s => s.EntryId == entryId).ToListAsync()));
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var (student, entryId, token) = await DraftAsync();

        var response = await student.Client.StartUploadAsync(token, entryId, "kosong.pdf", 0);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("empty", problem.GetProperty("code").GetString());
        Assert.Contains("kosong", problem.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("../../etc/passwd.pdf")]
    [InlineData("..\\..\\windows\\poster.pdf")]
    [InlineData("folder/poster.pdf")]
    [InlineData("C:poster.pdf")]
    [InlineData(".htaccess.pdf")]
    public async Task A_path_like_file_name_is_refused(string name)
    {
        var (student, entryId, token) = await DraftAsync();

        var response = await student.Client.StartUploadAsync(token, entryId, name, 1000);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("path-name", problem.GetProperty("code").GetString());
        Assert.Contains("nama biasa", problem.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("program.exe")]
    [InlineData("halaman.html")]
    [InlineData("gambar.svg")]
    [InlineData("tanpa-ekstensi")]
    public async Task A_type_the_category_does_not_accept_is_refused(string name)
    {
        // Even a category that lists .svg or .html gets no such file: the site can't check them and never serves them inline.
        var (student, entryId, token) = await DraftAsync(c => c.AllowedExtensions = ".pdf,.svg,.html");

        var response = await student.Client.StartUploadAsync(token, entryId, name, 1000);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("tidak diterima", (await response.JsonAsync()).GetProperty("message").GetString());
    }

    [Fact]
    public async Task More_files_than_the_category_allows_are_refused()
    {
        var (student, entryId, token) = await DraftAsync(c => c.MaxFilesPerEntry = 2);

        var third = await student.Client.StartUploadAsync(token, entryId, "tiga.pdf", 1000, slot: 2);
        Assert.Equal(HttpStatusCode.BadRequest, third.StatusCode);
        Assert.Contains("paling banyak 2 file", (await third.JsonAsync()).GetProperty("message").GetString());

        // Without a slot, files fill the free slots; a third is refused.
        Assert.Equal(HttpStatusCode.OK, (await student.Client.UploadAsync(entryId, TestFile.Pdf("satu.pdf"), slot: null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await student.Client.UploadAsync(entryId, TestFile.Pdf("dua.pdf"), slot: null)).StatusCode);
        var again = await student.Client.StartUploadAsync(token, entryId, "tiga.pdf", 1000, slot: null);
        Assert.Equal("too-many-files", (await again.JsonAsync()).GetProperty("code").GetString());
        Assert.Equal(new[] { 0, 1 }, await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId && f.IsCurrent).Select(f => f.Slot).OrderBy(s => s).ToListAsync()));
    }

    [Fact]
    public async Task A_chunk_larger_than_agreed_is_refused_and_not_staged()
    {
        var (student, entryId, token) = await DraftAsync();
        var file = TestFile.Pdf("poster.pdf", 1000);
        var start = await (await student.Client.StartUploadAsync(token, entryId, file.Name, file.Length)).JsonAsync();
        var session = start.GetProperty("id").GetString()!;

        var tooBig = await student.Client.PutChunkAsync(token, entryId, session, 0, TestFile.Pdf("x.pdf", 5000).Chunk(0, 1 << 22));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);

        // Without a Content-Length (chunked transfer) the server counts as it streams.
        var unannounced = TestFile.Pdf("x.pdf", 5000).Chunk(0, 1 << 22);
        unannounced.Headers.ContentLength = null;
        var counted = await student.Client.PutChunkAsync(token, entryId, session, 0, new StreamContent(await unannounced.ReadAsStreamAsync()));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, counted.StatusCode);

        var status = await (await student.Client.GetAsync($"/api/entries/{entryId}/uploads/{session}")).JsonAsync();
        Assert.Empty(status.GetProperty("received").EnumerateArray());
    }

    [Fact]
    public async Task The_upload_api_needs_the_antiforgery_token()
    {
        var (student, entryId, _) = await DraftAsync();

        var response = await student.Client.StartUploadAsync("not-the-token", entryId, "poster.pdf", 1000);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await site.DbAsync(db => db.UploadSessions.Where(s => s.EntryId == entryId).ToListAsync()));
    }

    [Fact]
    public async Task A_link_category_takes_https_links_and_refuses_other_schemes()
    {
        var category = await site.OpenCategoryAsync(c =>
        {
            c.Kind = EntryKind.Link;
            c.AllowedExtensions = "";
        });
        var (student, _) = await site.StudentAsync();
        var bad = await student.Client.SubmitFormAsync($"/entries/new?category={category.Id}", new Dictionary<string, string>
        {
            ["Title"] = "Video Banten",
            ["LinkUrl"] = "javascript:alert(1)",
        });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("https://", Html.Parse(await bad.Content.ReadAsStringAsync()).MainText());

        var entryId = await student.Client.EnterAsync(category.Id, "Video Banten", new Dictionary<string, string> { ["LinkUrl"] = "https://youtu.be/dQw4w9WgXcQ" });
        var submit = await student.Client.SubmitFormAsync($"/entries/{entryId}", new Dictionary<string, string> { ["pledge"] = "true" }, $"/entries/{entryId}/submit");
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
        var token = await student.Client.UploadTokenAsync(entryId);
        Assert.Equal(HttpStatusCode.BadRequest, (await student.Client.StartUploadAsync(token, entryId, "video.mp4", 1000)).StatusCode);
        var receipt = await site.Smtp.WaitForMessageAsync(student.Email);
        Assert.Contains("https://youtu.be/dQw4w9WgXcQ", receipt.TextBody);
    }
}
