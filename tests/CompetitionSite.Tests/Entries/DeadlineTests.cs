using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Entries;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Entries;

/// <summary>
/// The deadline is the server's clock (a test clock here, moved forward): nothing is accepted after it, except that
/// an upload begun before it may finish within the grace period.
/// </summary>
public sealed class DeadlineTests(EntriesSite site) : IClassFixture<EntriesSite>
{
    [Fact]
    public async Task After_the_deadline_nothing_is_accepted_and_the_message_says_so()
    {
        var category = await site.OpenCategoryAsync(closesIn: TimeSpan.FromHours(1), graceMinutes: 30);
        var (student, _) = await site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id);
        await student.Client.UploadAsync(entryId, TestFile.Pdf());
        var token = await student.Client.UploadTokenAsync(entryId);
        var (_, before) = await student.Client.GetPageAsync($"/entries/{entryId}");
        var submitForm = Html.FindForm(before, $"/entries/{entryId}/submit")!;
        var detailsForm = Html.FindForm(before, $"/entries/{entryId}")!;
        var withdrawForm = Html.FindForm(before, $"/entries/{entryId}/withdraw")!;

        site.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        // A new upload, even within the grace period, is refused.
        var start = await student.Client.StartUploadAsync(token, entryId, "telat.pdf", 1000);
        Assert.Equal(HttpStatusCode.Conflict, start.StatusCode);
        var problem = await start.JsonAsync();
        Assert.Equal("deadline", problem.GetProperty("code").GetString());
        Assert.Contains("Batas waktu sudah lewat", problem.GetProperty("message").GetString());
        Assert.Contains("WIB", problem.GetProperty("message").GetString());

        // Submitting, changing and withdrawing with the forms loaded before the deadline are refused too.
        foreach (var form in new[] { submitForm, detailsForm, withdrawForm })
        {
            var fields = Html.FormFields(form);
            fields.Add(new("pledge", "true"));
            var response = await student.Client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains("Batas waktu sudah lewat", Html.Parse(await response.Content.ReadAsStringAsync()).MainText());
        }

        Assert.Equal(EntryStatus.Draft, await site.DbAsync(db => db.Entries.Where(e => e.Id == entryId).Select(e => e.Status).SingleAsync()));

        // The page no longer offers the upload or the forms, and says why.
        var (_, after) = await student.Client.GetPageAsync($"/entries/{entryId}");
        Assert.Null(after.QuerySelector("[data-upload]"));
        Assert.Null(Html.FindForm(after, $"/entries/{entryId}/submit"));
        Assert.Contains("Batas waktu sudah lewat", after.MainText());

        // And a new entry can't be made.
        var (_, newPage) = await student.Client.GetPageAsync($"/entries/new?category={category.Id}");
        Assert.Null(Html.FindForm(newPage, $"/entries/new?category={category.Id}"));
        Assert.Contains("Batas waktu sudah lewat", newPage.MainText());
    }

    [Fact]
    public async Task An_upload_started_before_the_deadline_may_finish_within_the_grace_period_but_not_after_it()
    {
        var category = await site.OpenCategoryAsync(closesIn: TimeSpan.FromMinutes(10), graceMinutes: 30);
        var (student, _) = await site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id);
        var token = await student.Client.UploadTokenAsync(entryId);
        var file = TestFile.Pdf("karya.pdf", 9L * 1024 * 1024);

        // Two uploads begin before the deadline.
        var inTime = await (await student.Client.StartUploadAsync(token, entryId, file.Name, file.Length)).JsonAsync();
        var tooSlow = await (await student.Client.StartUploadAsync(token, entryId, file.Name, file.Length)).JsonAsync();
        var chunkSize = inTime.GetProperty("chunkSize").GetInt32();
        var a = inTime.GetProperty("id").GetString()!;
        var b = tooSlow.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunkAsync(token, entryId, a, 0, file.Chunk(0, chunkSize))).StatusCode);

        // 15 minutes after the deadline: within the 30 minutes of grace.
        site.Clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunkAsync(token, entryId, a, 1, file.Chunk(1, chunkSize))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunkAsync(token, entryId, a, 2, file.Chunk(2, chunkSize))).StatusCode);
        var done = await student.Client.CompleteUploadAsync(token, entryId, a);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(file.Sha256(), (await done.JsonAsync()).GetProperty("sha256").GetString());

        // The entry whose upload began in time may be submitted within the grace period too.
        var submit = await student.Client.PostWithTokenAsync($"/entries/{entryId}", $"/entries/{entryId}/submit", new Dictionary<string, string> { ["pledge"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);

        // After the grace period the other upload gets no further.
        site.Clock.Advance(TimeSpan.FromMinutes(20));
        var late = await student.Client.PutChunkAsync(token, entryId, b, 0, file.Chunk(0, chunkSize));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("deadline", (await late.JsonAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await student.Client.CompleteUploadAsync(token, entryId, b)).StatusCode);
        Assert.Single(await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId).ToListAsync()));
    }
}
