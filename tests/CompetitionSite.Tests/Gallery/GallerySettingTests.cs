using System.Net;
using CompetitionSite.Tests.Results;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Competitions;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Gallery;

/// <summary>The organizer's gallery setting per competition: saved and audited, bad values refused, cached pages follow at once.</summary>
public sealed class GallerySettingTests(GallerySite site) : IClassFixture<GallerySite>
{
    [Fact]
    public async Task The_organizer_turns_the_gallery_on_and_off_and_visitors_see_it_at_once()
    {
        var c = await site.SeedGalleryAsync(GalleryMode.Off);
        await site.ShownEntryAsync(c, "Karya Pertama");
        var visitor = site.CreateBrowser();
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(GalleryKit.GalleryUrl(c))).StatusCode);
        var organizer = await site.OrganizerAsync();
        var edit = $"/admin/competitions/{c.Id}/edit";
        var (_, form) = await organizer.GetPageAsync(edit);
        Assert.Equal("Off", form.QuerySelector("#Gallery option[selected]")?.GetAttribute("value") ?? form.QuerySelector("#Gallery option")!.GetAttribute("value"));

        var on = await organizer.SubmitFormAsync(edit, new Dictionary<string, string> { ["Gallery"] = "DuringEntries", ["HideRegionOfMinors"] = "true" }, edit);

        Assert.Equal(HttpStatusCode.Redirect, on.StatusCode);
        Assert.Equal(["Karya Pertama"], await visitor.TitlesAsync(GalleryKit.GalleryUrl(c)));
        var (_, competitionPage) = await visitor.GetPageAsync($"/lomba/{c.Slug}");
        Assert.NotNull(competitionPage.QuerySelector($"#gallery-link a[href='/lomba/{c.Slug}/galeri']"));
        var saved = await site.LoadAsync(c.Id);
        Assert.Equal(GalleryMode.DuringEntries, saved.Gallery);
        Assert.True(saved.HideRegionOfMinors);
        var audit = await site.WithDbAsync(db => db.AuditEvents.Where(e => e.CompetitionId == c.Id && e.Action == "competition.edited").Select(e => e.Details).ToListAsync());
        Assert.Contains(audit, d => d.Contains("Public gallery") && d.Contains("DuringEntries"));
        var (_, again) = await organizer.GetPageAsync(edit);
        Assert.Equal("DuringEntries", again.QuerySelector("#Gallery option[selected]")!.GetAttribute("value"));

        var off = await organizer.SubmitFormAsync(edit, new Dictionary<string, string> { ["Gallery"] = "Off" }, edit);

        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(GalleryKit.GalleryUrl(c))).StatusCode);
        var (_, withoutGallery) = await visitor.GetPageAsync($"/lomba/{c.Slug}");
        Assert.Null(withoutGallery.QuerySelector("#gallery-link"));
    }

    [Theory]
    [InlineData("Everywhere")]
    [InlineData("7")]
    public async Task An_unknown_gallery_setting_is_refused_and_changes_nothing(string value)
    {
        var c = await site.SeedGalleryAsync(GalleryMode.AtPublication);
        var organizer = await site.OrganizerAsync();
        var edit = $"/admin/competitions/{c.Id}/edit";

        var response = await organizer.SubmitFormAsync(edit, new Dictionary<string, string> { ["Gallery"] = value, ["Title"] = "Judul Baru" }, edit);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.PageAsync();
        Assert.False(string.IsNullOrWhiteSpace(page.FieldError("Gallery")));
        var saved = await site.LoadAsync(c.Id);
        Assert.Equal(GalleryMode.AtPublication, saved.Gallery);
        Assert.Equal(c.Title, saved.Title);
    }

    [Fact]
    public async Task A_copied_competition_keeps_the_gallery_setting()
    {
        var c = await site.SeedGalleryAsync(GalleryMode.AfterJudging, configure: x => x.HideRegionOfMinors = true);
        var organizer = await site.OrganizerAsync();
        var form = site.ValidCompetitionForm("Salinan Lomba");
        var copy = await organizer.SubmitFormAsync($"/admin/competitions/{c.Id}/copy", new Dictionary<string, string>
        {
            ["Title"] = "Salinan Lomba", ["OpensAt"] = form["OpensAt"], ["SubmissionClosesAt"] = form["SubmissionClosesAt"],
            ["JudgingEndsAt"] = form["JudgingEndsAt"], ["ResultsAnnouncedAt"] = form["ResultsAnnouncedAt"],
        }, $"/admin/competitions/{c.Id}/copy");

        var copied = await site.LoadAsync(CompetitionData.IdFromRedirect(copy));
        Assert.Equal(GalleryMode.AfterJudging, copied.Gallery);
        Assert.True(copied.HideRegionOfMinors);
    }
}
