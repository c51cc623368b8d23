using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Entries;

/// <summary>
/// Only the participant (and their guardian and teammates) and organizers see an entry and its files: anyone else
/// — another student, a judge — gets a 404 on the page, the file link and the upload API. Files on the local disk,
/// so the download itself (the site's signed /files/ link) is checked too.
/// </summary>
public sealed class AccessTests(LocalEntriesSite site) : IClassFixture<LocalEntriesSite>
{
    [Fact]
    public async Task Another_student_and_a_judge_get_404_on_the_entry_page_the_file_link_and_the_upload_api()
    {
        var category = await site.OpenCategoryAsync();
        var (owner, _) = await site.StudentAsync();
        var entryId = await owner.Client.EnterAsync(category.Id, "Rahasia Ayu");
        await owner.Client.UploadAsync(entryId, new TestFile("poster.png", 40_000, TestFile.PngHeader));
        var fileId = await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId).Select(f => f.Id).SingleAsync());
        var ownerToken = await owner.Client.UploadTokenAsync(entryId);
        var session = (await (await owner.Client.StartUploadAsync(ownerToken, entryId, "poster.png", 10_000)).JsonAsync()).GetProperty("id").GetString()!;

        var (other, _) = await site.StudentAsync("Budi Lain");
        var judge = await site.PersonAsync(Support.Accounts.NewEmail("juri"), Roles.Judge);
        foreach (var intruder in new[] { other, judge })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await intruder.Client.GetAsync($"/entries/{entryId}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await intruder.Client.GetAsync($"/entries/{entryId}/files/{fileId}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await intruder.Client.GetAsync($"/api/entries/{entryId}/uploads/{session}")).StatusCode);

            // With a valid antiforgery token of their own, the API still says 404 and changes nothing.
            var (_, home) = await intruder.Client.GetPageAsync("/");
            var token = home.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            Assert.Equal(HttpStatusCode.NotFound, (await intruder.Client.StartUploadAsync(token, entryId, "jahat.png", 100)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await intruder.Client.PutChunkAsync(token, entryId, session, 0, TestFile.Pdf("x.pdf", 100).Chunk(0, 100))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await intruder.Client.CompleteUploadAsync(token, entryId, session)).StatusCode);
            var withdraw = await intruder.Client.PostAsync($"/entries/{entryId}/withdraw",
                new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
            Assert.Equal(HttpStatusCode.NotFound, withdraw.StatusCode);
            var (_, mine) = await intruder.Client.GetPageAsync("/entries");
            Assert.DoesNotContain("Rahasia Ayu", mine.MainText());
        }

        Assert.Equal(2, await site.DbAsync(db => db.UploadSessions.CountAsync(s => s.EntryId == entryId))); // the owner's two, none of the intruders'

        // The owner's download is a short-lived link that is always an attachment, never sniffed.
        var link = await owner.Client.GetAsync($"/entries/{entryId}/files/{fileId}");
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        var download = await site.CreateBrowser().GetAsync(link.RedirectPath());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("poster.png", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);

        // The preview on the owner's page is the safe image type, still an attachment.
        var (_, page) = await owner.Client.GetPageAsync($"/entries/{entryId}");
        var preview = page.QuerySelector("img.file-preview")!.GetAttribute("src")!;
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync(preview)).StatusCode);
        var fallback = await owner.Client.GetAsync(preview); // made-up bytes: no preview, the original's short-lived link
        Assert.Equal(HttpStatusCode.Redirect, fallback.StatusCode);
        var image = await site.CreateBrowser().GetAsync(fallback.RedirectPath());
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", image.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task An_organizer_sees_every_entry_and_its_files_but_a_student_cannot_open_the_organizers_pages()
    {
        var category = await site.OpenCategoryAsync();
        var (owner, _) = await site.StudentAsync();
        var entryId = await owner.Client.EnterAsync(category.Id, "Untuk Panitia");
        await owner.Client.UploadAsync(entryId, TestFile.Pdf());
        var fileId = await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId).Select(f => f.Id).SingleAsync());

        var organizer = await site.PersonAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);
        Assert.Equal(HttpStatusCode.OK, (await organizer.Client.GetAsync($"/entries/{entryId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await organizer.Client.GetAsync($"/entries/{entryId}/files/{fileId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await organizer.Client.GetAsync($"/admin/entries/{entryId}")).StatusCode);

        // Organizers look, but do not upload in the participant's name.
        var token = await organizer.Client.UploadTokenAsync(entryId);
        Assert.Equal(HttpStatusCode.NotFound, (await organizer.Client.StartUploadAsync(token, entryId, "x.pdf", 100)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await owner.Client.GetAsync($"/admin/entries?competition={category.CompetitionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await site.CreateBrowser().GetAsync($"/entries/{entryId}")).StatusCode);
    }
}
