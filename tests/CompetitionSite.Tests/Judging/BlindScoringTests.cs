using System.Net;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Competitions;

namespace CompetitionSite.Tests.Judging;

/// <summary>Judges score blind: nothing on their pages or in their file links tells who made the entry.</summary>
public sealed class BlindScoringTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    [Fact]
    public async Task The_scoring_page_shows_the_work_and_nothing_that_identifies_the_student()
    {
        var c = await site.SeedInPhaseAsync(Phase.Judging);
        var studentEmail = Support.Accounts.NewEmail("ayu.kartika");
        var entry = await site.SeedEntryAsync(c.Categories[0].Id, JudgingKit.Ayu with { Email = studentEmail });
        var (judge, judgeId, _) = await site.JudgeAsync(c);
        await site.AssignAsync(judgeId, entry);

        var pages = new List<string>();
        foreach (var url in new[] { "/judge", $"/judge/competitions/{c.Id}", $"/judge/entries/{entry.Code}" })
        {
            var response = await judge.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add(await response.Content.ReadAsStringAsync());
        }

        var html = string.Join("\n", pages);
        foreach (var identifying in new[]
                 {
                     "Ayu Kartika Lestari", "Kartika", "SMP Negeri 3 Kolaka", "40401234", "Kolaka", "Sulawesi Tenggara",
                     studentEmail, "ayu.kartika", "poster-ayu-kartika-smpn3",
                 })
        {
            Assert.DoesNotContain(identifying, html, StringComparison.OrdinalIgnoreCase);
        }

        var page = Html.Parse(pages[2]);
        Assert.Contains(entry.Code, page.MainText());
        Assert.Contains(entry.Title, page.MainText());
        Assert.Contains("File 1.png", page.MainText());
    }

    [Fact]
    public async Task File_links_are_short_lived_and_carry_only_a_neutral_name()
    {
        var c = await site.SeedInPhaseAsync(Phase.Judging);
        var entry = await site.SeedEntryAsync(c.Categories[0].Id, JudgingKit.Ayu);
        var (judge, judgeId, _) = await site.JudgeAsync(c);
        await site.AssignAsync(judgeId, entry);

        var (_, page) = await judge.GetPageAsync($"/judge/entries/{entry.Code}");
        var preview = page.QuerySelector("figure.score-file img")!.GetAttribute("src")!;
        var download = page.QuerySelector("figure.score-file figcaption a")!.GetAttribute("href")!;
        var anonymous = site.CreateBrowser();
        var image = await judge.GetAsync(preview);
        var file = await anonymous.GetAsync(download);

        // The image is shown as a preview through the site (the judge's login, no file name, no metadata) ...
        Assert.Equal($"/judge/entries/{entry.Code}/files/1/preview", preview);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/webp", image.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync(preview)).StatusCode);

        // ... and the original is a short-lived link with a neutral name.
        Assert.Equal(JudgingKit.PngBytes, await file.Content.ReadAsByteArrayAsync());
        Assert.Equal("File 1.png", Uri.UnescapeDataString(file.Content.Headers.ContentDisposition!.FileNameStar!));
        Assert.DoesNotContain("poster", download, StringComparison.OrdinalIgnoreCase);

        site.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(download)).StatusCode);
    }

    [Fact]
    public async Task A_pdf_is_previewed_inline_in_a_frame_of_the_site()
    {
        var c = await site.SeedInPhaseAsync(Phase.Judging);
        var entry = await site.SeedEntryAsync(c.Categories[0].Id, contentType: "application/pdf", originalFileName: "esai-rudi.pdf");
        var (judge, judgeId, _) = await site.JudgeAsync(c);
        await site.AssignAsync(judgeId, entry);

        var (_, page) = await judge.GetPageAsync($"/judge/entries/{entry.Code}");
        var frame = page.QuerySelector("iframe.pdf-frame")!;
        var response = await site.CreateBrowser().GetAsync(frame.GetAttribute("src"));

        Assert.Equal("File 1.pdf", frame.GetAttribute("title"));
        Assert.Equal("inline", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("SAMEORIGIN", response.Headers.GetValues("X-Frame-Options").Single());
    }
}
