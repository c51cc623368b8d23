using System.Net;
using CompetitionSite.Tests.Entries;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Participants;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Competitions;

/// <summary>
/// Announcements (issue 19): organizers post Markdown to the competition page and, once, by email to an audience —
/// everyone taking part, one category, the judges, or the guardians whose consent is awaited — each reader in their
/// own language; bad input changes nothing; taking one off the page is audited.
/// </summary>
public sealed class AnnouncementTests(LocalEntriesSite site) : IClassFixture<LocalEntriesSite>
{
    private const string Kind = "competition.announcement";

    [Fact]
    public async Task An_announcement_to_everyone_is_on_the_page_and_emailed_once_to_each_address_in_their_language()
    {
        var (c, poster, video) = await CompetitionAsync();
        var ayu = await EnrolledStudentAsync(poster.Id, "Ayu Lestari");
        await EnrollAsync(poster.Id, ayu.Profile); // a second entry: still one email
        var rani = await EnrolledStudentAsync(video.Id, "Rani Wijaya", culture: "en");
        var teacher = await site.PersonAsync(Support.Accounts.NewEmail("guru"), Roles.Student, "Bu Guru Siti");
        var pupil = await site.ProfileAsync(p => { p.GuardianUserId = teacher.UserId; p.FullName = "Budi Murid"; }, ConsentStatus.Given);
        await EnrollAsync(poster.Id, pupil);
        var organizer = await OrganizerAsync();

        var posted = await organizer.SubmitFormAsync($"/admin/competitions/{c.Id}/announcements", new Dictionary<string, string>
        {
            ["Form.Title"] = "Batas unggah diperpanjang",
            ["Form.Body"] = "Batas unggah kini **Jumat, 12 Desember**.\n\n<script>alert('x')</script>\n\n- Poster: PDF saja",
            ["Form.OnPublicPage"] = "true",
            ["Form.Audience"] = nameof(AnnouncementAudience.Everyone),
        });

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal($"/admin/competitions/{c.Id}/announcements", posted.RedirectPath());
        var (_, page) = await organizer.GetPageAsync(posted.RedirectPath());
        Assert.Contains("Pengumuman sudah diterbitkan: 3 email masuk antrean kirim.", page.MainText());

        var mails = await site.DbAsync(db => db.OutboxMessages.Where(m => m.Kind == Kind && m.Subject.Contains("Batas unggah diperpanjang")).ToListAsync());
        Assert.Equal(
            new[] { ayu.Person.Email, rani.Person.Email, teacher.Email }.Order(StringComparer.Ordinal),
            mails.Select(m => m.ToAddress).Order(StringComparer.Ordinal));
        var toAyu = mails.Single(m => m.ToAddress == ayu.Person.Email);
        Assert.Equal("Pengumuman: Batas unggah diperpanjang", toAyu.Subject);
        Assert.Contains($"Panitia {c.Title} membuat pengumuman:", toAyu.TextBody);
        Assert.Contains("Batas unggah kini Jumat, 12 Desember.", toAyu.TextBody); // Markdown as plain text
        Assert.DoesNotContain("**", toAyu.TextBody);
        Assert.Contains($"/lomba/{c.Slug}#pengumuman", toAyu.TextBody);
        Assert.Equal("Announcement: Batas unggah diperpanjang", mails.Single(m => m.ToAddress == rani.Person.Email).Subject);

        // On the public page: the Markdown rendered, the script shown as text, never run.
        var (response, competitionPage) = await site.CreateBrowser().GetPageAsync($"/lomba/{c.Slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var section = competitionPage.GetElementById("pengumuman") ?? throw new Xunit.Sdk.XunitException("No announcements on the page.");
        Assert.Equal("Pengumuman", section.QuerySelector("h2")!.TextContent.Trim());
        Assert.Equal("Batas unggah diperpanjang", section.QuerySelector("h3")!.TextContent.Trim());
        Assert.Equal("Jumat, 12 Desember", section.QuerySelector("strong")!.TextContent);
        Assert.Null(section.QuerySelector("script"));
        Assert.Contains("<script>alert('x')</script>", section.TextContent);

        var audit = await site.DbAsync(db => db.AuditEvents.SingleAsync(e => e.CompetitionId == c.Id && e.Action == "announcement.posted"));
        Assert.Contains("Audience: Everyone", audit.Details);
        Assert.Contains("Emails queued: 3", audit.Details);
    }

    [Fact]
    public async Task Each_audience_reaches_only_its_people()
    {
        var (c, poster, video) = await CompetitionAsync();
        var ayu = await EnrolledStudentAsync(poster.Id, "Ayu Lestari");
        var rani = await EnrolledStudentAsync(video.Id, "Rani Wijaya");
        var waiting = await EnrolledStudentAsync(video.Id, "Dewi Menunggu", ConsentStatus.Pending);
        var judge = await site.PersonAsync(Support.Accounts.NewEmail("juri"), Roles.Judge, "Pak Juri");
        await site.DbAsync(async db =>
        {
            db.CompetitionJudges.Add(new CompetitionJudge { CompetitionId = c.Id, UserId = judge.UserId, CategoryIds = [poster.Id], JoinedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        var guardianEmail = waiting.Profile.Consents.Single().GuardianEmail;
        var organizer = await OrganizerAsync();

        var videoPeople = await PostAsync(organizer, c.Id, "Kategori video", AnnouncementAudience.Category, video.Id);
        Assert.Equal(new[] { rani.Person.Email, waiting.Person.Email }.Order(StringComparer.Ordinal), videoPeople.Order(StringComparer.Ordinal));
        Assert.Equal([judge.Email], await PostAsync(organizer, c.Id, "Untuk juri", AnnouncementAudience.Judges));
        Assert.Equal([guardianEmail], await PostAsync(organizer, c.Id, "Untuk wali", AnnouncementAudience.GuardiansWithPendingConsent));
        Assert.Empty(await PostAsync(organizer, c.Id, "Hanya di halaman", AnnouncementAudience.PageOnly));
        Assert.DoesNotContain(ayu.Person.Email, await site.DbAsync(db => db.OutboxMessages.Where(m => m.Kind == Kind && m.Subject.Contains("Kategori video")).Select(m => m.ToAddress).ToListAsync()));

        // The judges' announcement was not put on the public page; the others were.
        var (_, page) = await site.CreateBrowser().GetPageAsync($"/lomba/{c.Slug}");
        var titles = page.QuerySelectorAll("#pengumuman h3").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["Hanya di halaman", "Untuk wali", "Kategori video"], titles);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_message_and_changes_nothing()
    {
        var (c, poster, _) = await CompetitionAsync();
        await EnrolledStudentAsync(poster.Id, "Ayu Lestari");
        var (other, otherCategory, _) = await CompetitionAsync();
        var organizer = await OrganizerAsync();
        var outboxBefore = await site.DbAsync(db => db.OutboxMessages.CountAsync());

        async Task<AngleSharp.Html.Dom.IHtmlDocument> RefusedAsync(Dictionary<string, string> values)
        {
            var response = await organizer.SubmitFormAsync($"/admin/competitions/{c.Id}/announcements", values);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.PageAsync();
        }

        var empty = await RefusedAsync(new() { ["Form.Title"] = "", ["Form.Body"] = "", ["Form.Audience"] = nameof(AnnouncementAudience.Everyone) });
        Assert.Equal("Isi judul pengumuman.", empty.FieldError("Form.Title"));
        Assert.Equal("Tulis isi pengumuman.", empty.FieldError("Form.Body"));

        var tooLong = await RefusedAsync(new() { ["Form.Title"] = new string('a', 151), ["Form.Body"] = "Isi", ["Form.Audience"] = nameof(AnnouncementAudience.Everyone) });
        Assert.Equal("Judul paling banyak 150 karakter.", tooLong.FieldError("Form.Title"));

        var noCategory = await RefusedAsync(new() { ["Form.Title"] = "Judul", ["Form.Body"] = "Isi", ["Form.Audience"] = nameof(AnnouncementAudience.Category) });
        Assert.Equal("Pilih salah satu kategori lomba ini.", noCategory.FieldError("Form.CategoryId"));
        var foreign = await RefusedAsync(new() { ["Form.Title"] = "Judul", ["Form.Body"] = "Isi", ["Form.Audience"] = nameof(AnnouncementAudience.Category), ["Form.CategoryId"] = otherCategory.Id.ToString() });
        Assert.Equal("Pilih salah satu kategori lomba ini.", foreign.FieldError("Form.CategoryId"));

        var nowhere = await RefusedAsync(new() { ["Form.Title"] = "Judul", ["Form.Body"] = "Isi", ["Form.Audience"] = nameof(AnnouncementAudience.PageOnly), ["Form.OnPublicPage"] = "false" });
        Assert.Equal("Tampilkan pengumuman di halaman lomba, atau pilih siapa yang menerimanya lewat email.", nowhere.FieldError("Form.OnPublicPage"));
        Assert.Equal("Judul", ((AngleSharp.Html.Dom.IHtmlInputElement)nowhere.QuerySelector("input[name='Form.Title']")!).Value); // what was typed stays

        var unknown = await RefusedAsync(new() { ["Form.Title"] = "Judul", ["Form.Body"] = "Isi", ["Form.Audience"] = "99" });
        Assert.Equal("Nilai '99' tidak valid.", unknown.FieldError("Form.Audience")); // the binder's localized refusal

        Assert.Equal(0, await site.DbAsync(db => db.Announcements.CountAsync(a => a.CompetitionId == c.Id || a.CompetitionId == other.Id)));
        Assert.Equal(outboxBefore, await site.DbAsync(db => db.OutboxMessages.CountAsync()));

        // Without the form's antiforgery token nothing is posted either.
        var forged = await organizer.PostAsync($"/admin/competitions/{c.Id}/announcements", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.Title"] = "Palsu", ["Form.Body"] = "Isi", ["Form.Audience"] = nameof(AnnouncementAudience.Everyone),
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(0, await site.DbAsync(db => db.Announcements.CountAsync(a => a.CompetitionId == c.Id)));
    }

    [Fact]
    public async Task Taking_an_announcement_off_the_page_hides_it_and_is_audited()
    {
        var (c, _, _) = await CompetitionAsync();
        var organizer = await OrganizerAsync();
        await PostAsync(organizer, c.Id, "Ralat jadwal", AnnouncementAudience.PageOnly);
        var id = await site.DbAsync(db => db.Announcements.Where(a => a.CompetitionId == c.Id).Select(a => a.Id).SingleAsync());
        var visitor = site.CreateBrowser();
        Assert.Single((await visitor.GetPageAsync($"/lomba/{c.Slug}")).Document.QuerySelectorAll("#pengumuman h3"));

        var removed = await organizer.PostWithTokenAsync($"/admin/competitions/{c.Id}/announcements", $"/admin/competitions/{c.Id}/announcements/{id}/remove-from-page");

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Null((await visitor.GetPageAsync($"/lomba/{c.Slug}")).Document.GetElementById("pengumuman")); // the cached page was evicted
        var (_, admin) = await organizer.GetPageAsync($"/admin/competitions/{c.Id}/announcements");
        Assert.Contains("diturunkan dari halaman", admin.MainText());
        Assert.Equal(1, await site.DbAsync(db => db.AuditEvents.CountAsync(e => e.CompetitionId == c.Id && e.Action == "announcement.removed-from-page")));
    }

    /// <summary>Posts through the organizers' form; returns the addresses its emails went to.</summary>
    private async Task<List<string>> PostAsync(HttpClient organizer, int competitionId, string title, AnnouncementAudience audience, int? categoryId = null)
    {
        var values = new Dictionary<string, string>
        {
            ["Form.Title"] = title,
            ["Form.Body"] = "Isi pengumuman.",
            ["Form.OnPublicPage"] = audience == AnnouncementAudience.Judges ? "false" : "true",
            ["Form.Audience"] = audience.ToString(),
        };
        if (categoryId is { } id)
        {
            values["Form.CategoryId"] = id.ToString();
        }

        var response = await organizer.SubmitFormAsync($"/admin/competitions/{competitionId}/announcements", values);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Posting answered {(int)response.StatusCode}: {(await response.PageAsync()).MainText()}");
        return await site.DbAsync(db => db.OutboxMessages.Where(m => m.Kind == Kind && m.Subject == "Pengumuman: " + title).Select(m => m.ToAddress).ToListAsync());
    }

    private async Task<(Competition Competition, Category Poster, Category Video)> CompetitionAsync()
    {
        var poster = await site.OpenCategoryAsync();
        var video = new Category { CompetitionId = poster.CompetitionId, Name = "Video", Kind = EntryKind.Video, AllowedExtensions = ".mp4", MaxFileSizeMb = 50, RubricId = poster.RubricId, SortOrder = 1 };
        await site.DbAsync(async db =>
        {
            db.Categories.Add(video);
            await db.SaveChangesAsync();
        });
        var competition = await site.DbAsync(db => db.Competitions.AsNoTracking().SingleAsync(x => x.Id == poster.CompetitionId));
        return (competition, poster, video);
    }

    private async Task<HttpClient> OrganizerAsync() => (await site.PersonAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer, "Panitia Lomba")).Client;

    private async Task<(Person Person, ParticipantProfile Profile)> EnrolledStudentAsync(int categoryId, string name, ConsentStatus consent = ConsentStatus.Given, string culture = "id")
    {
        var (person, profile) = await site.StudentAsync(name, consent: consent);
        await site.DbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == person.UserId);
            user.PreferredCulture = culture;
            await db.SaveChangesAsync();
        });
        await EnrollAsync(categoryId, profile);
        return (person, profile);
    }

    /// <summary>A draft entry with this participant as its lead, written directly (what the entry form would have made).</summary>
    private Task EnrollAsync(int categoryId, ParticipantProfile profile) => site.DbAsync(async db =>
    {
        db.Entries.Add(new Entry
        {
            PublicCode = "K-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant(),
            CategoryId = categoryId,
            Title = "Karya " + profile.FullName,
            Status = EntryStatus.Draft,
            CreatedByUserId = profile.UserId ?? profile.GuardianUserId!,
            Members = [new EntryMember { ParticipantId = profile.Id, IsLead = true }],
        });
        return await db.SaveChangesAsync();
    });
}
