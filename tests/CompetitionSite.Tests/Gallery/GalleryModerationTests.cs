using System.Net;
using CompetitionSite.Tests.Judging;
using CompetitionSite.Tests.Results;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Gallery;

/// <summary>Organizers take an entry out of the gallery with a reason (audited), and only the gallery changes.</summary>
public sealed class GalleryModerationTests(GallerySite site) : IClassFixture<GallerySite>
{
    private static string AdminUrl(SeededEntry e) => $"/admin/entries/{e.Id}";

    [Fact]
    public async Task An_organizer_hides_an_entry_with_a_reason_and_its_judging_is_untouched()
    {
        var c = await site.SeedGalleryAsync(GalleryMode.DuringEntries);
        var entry = await site.ShownEntryAsync(c, "Poster Bermasalah");
        var other = await site.ShownEntryAsync(c, "Poster Lain");
        var visitor = site.CreateBrowser();
        Assert.Equal(["Poster Bermasalah", "Poster Lain"], await visitor.TitlesAsync(GalleryKit.GalleryUrl(c))); // now in the cache
        var before = await site.WithDbAsync(db => db.Entries.AsNoTracking().SingleAsync(e => e.Id == entry.Id));
        var organizer = await site.OrganizerAsync();

        var hide = await organizer.SubmitFormAsync(AdminUrl(entry), new Dictionary<string, string> { ["reason"] = "Memuat wajah orang lain tanpa izin." },
            AdminUrl(entry) + "/gallery/hide");

        Assert.Equal(AdminUrl(entry), hide.RedirectPath());
        Assert.Equal(["Poster Lain"], await visitor.TitlesAsync(GalleryKit.GalleryUrl(c)));
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(GalleryKit.EntryUrl(c, entry))).StatusCode);
        var after = await site.WithDbAsync(db => db.Entries.AsNoTracking().SingleAsync(e => e.Id == entry.Id));
        Assert.Equal(EntryStatus.Submitted, after.Status);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal("Memuat wajah orang lain tanpa izin.", after.GalleryHiddenReason);
        var audit = await site.WithDbAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(a => a.Action == "entry.gallery-hidden" && a.ObjectId == entry.Id.ToString()));
        Assert.Equal(c.Id, audit.CompetitionId);
        Assert.Contains("Memuat wajah orang lain tanpa izin.", audit.Details);
        var (_, adminPage) = await organizer.GetPageAsync(AdminUrl(entry));
        Assert.Contains("Memuat wajah orang lain tanpa izin.", adminPage.QuerySelector("#gallery-hidden")!.TextContent);

        var show = await organizer.SubmitFormAsync(AdminUrl(entry), new Dictionary<string, string>(), AdminUrl(entry) + "/gallery/show");

        Assert.Equal(AdminUrl(entry), show.RedirectPath());
        Assert.Equal(["Poster Bermasalah", "Poster Lain"], await visitor.TitlesAsync(GalleryKit.GalleryUrl(c)));
        Assert.True(await site.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == "entry.gallery-shown" && a.ObjectId == entry.Id.ToString())));
        _ = other;
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Hiding_without_a_reason_is_refused_and_changes_nothing(string reason)
    {
        var c = await site.SeedGalleryAsync(GalleryMode.DuringEntries);
        var entry = await site.ShownEntryAsync(c, "Tetap Tampil");
        var organizer = await site.OrganizerAsync();

        await organizer.SubmitFormAsync(AdminUrl(entry), new Dictionary<string, string> { ["reason"] = reason }, AdminUrl(entry) + "/gallery/hide");

        Assert.Contains("alasan", await organizer.FlashAsync(AdminUrl(entry)) ?? "");
        Assert.Null(await site.WithDbAsync(db => db.Entries.Where(e => e.Id == entry.Id).Select(e => e.GalleryHiddenAt).SingleAsync()));
        Assert.Equal(["Tetap Tampil"], await site.CreateBrowser().TitlesAsync(GalleryKit.GalleryUrl(c)));
    }

    [Fact]
    public async Task A_reason_over_500_characters_is_refused()
    {
        var c = await site.SeedGalleryAsync(GalleryMode.DuringEntries);
        var entry = await site.ShownEntryAsync(c, "Alasan Panjang");
        var organizer = await site.OrganizerAsync();

        await organizer.SubmitFormAsync(AdminUrl(entry), new Dictionary<string, string> { ["reason"] = new string('x', 501) }, AdminUrl(entry) + "/gallery/hide");

        Assert.Contains("500", await organizer.FlashAsync(AdminUrl(entry)) ?? "");
        Assert.Null(await site.WithDbAsync(db => db.Entries.Where(e => e.Id == entry.Id).Select(e => e.GalleryHiddenAt).SingleAsync()));
    }

    [Fact]
    public async Task Only_organizers_can_hide_an_entry()
    {
        var c = await site.SeedGalleryAsync(GalleryMode.DuringEntries);
        var email = Support.Accounts.NewEmail("siswa");
        var owner = await site.LoggedInAsAsync(email, Roles.Student);
        var entry = await site.SeedEntryAsync(c.Categories[0].Id, new Student("Rina Marlina", "SMA Negeri 2 Cilegon", null, "Banten", "Kota Cilegon", email), "Karya Rina");
        await site.SetAdultPublicationAsync(entry.Id, Web.Features.Participants.ConsentWording.Version);
        var (judge, _, _) = await site.JudgeAsync(c);
        var anonymous = site.CreateBrowser();
        var form = new Dictionary<string, string> { ["reason"] = "coba sembunyikan" };

        var byOwner = await owner.PostWithTokenAsync($"/entries/{entry.Id}", AdminUrl(entry) + "/gallery/hide", form);
        var byJudge = await judge.PostWithTokenAsync("/", AdminUrl(entry) + "/gallery/hide", form);
        var byVisitor = await anonymous.PostAsync(AdminUrl(entry) + "/gallery/hide", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Forbidden, byOwner.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byJudge.StatusCode);
        Assert.False(byVisitor.IsSuccessStatusCode);
        Assert.NotEqual(AdminUrl(entry), byVisitor.Headers.Location?.OriginalString);
        Assert.Null(await site.WithDbAsync(db => db.Entries.Where(e => e.Id == entry.Id).Select(e => e.GalleryHiddenAt).SingleAsync()));
        Assert.Equal(["Karya Rina"], await anonymous.TitlesAsync(GalleryKit.GalleryUrl(c)));
    }

    [Fact]
    public async Task Hiding_without_the_antiforgery_token_is_refused()
    {
        var c = await site.SeedGalleryAsync(GalleryMode.DuringEntries);
        var entry = await site.ShownEntryAsync(c, "Tanpa Token");
        var organizer = await site.OrganizerAsync();

        var response = await organizer.PostAsync(AdminUrl(entry) + "/gallery/hide",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "tanpa token" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await site.WithDbAsync(db => db.Entries.Where(e => e.Id == entry.Id).Select(e => e.GalleryHiddenAt).SingleAsync()));
    }

    [Fact]
    public async Task Hiding_an_entry_that_does_not_exist_answers_404()
    {
        var organizer = await site.OrganizerAsync();
        var c = await site.SeedGalleryAsync(GalleryMode.DuringEntries);
        var entry = await site.ShownEntryAsync(c, "Ada");

        var response = await organizer.PostWithTokenAsync(AdminUrl(entry), "/admin/entries/999999/gallery/hide",
            new Dictionary<string, string> { ["reason"] = "tidak ada" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
