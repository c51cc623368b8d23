using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;

namespace CompetitionSite.Tests.Competitions;

public sealed class PublicPagesTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    [Fact]
    public async Task A_draft_is_not_found_by_visitors_or_students_but_organizers_see_a_preview()
    {
        var c = await site.SeedAsync(CompetitionStage.Draft);
        var student = await site.LoggedInAsAsync(Support.Accounts.NewEmail("siswa"), Roles.Student);
        var organizer = await site.LoggedInAsAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);

        Assert.Equal(HttpStatusCode.NotFound, (await site.CreateBrowser().GetAsync($"/lomba/{c.Slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await student.GetAsync($"/lomba/{c.Slug}")).StatusCode);
        var (response, page) = await organizer.GetPageAsync($"/lomba/{c.Slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Pratinjau", page.MainText());
        Assert.Null(page.QuerySelector("section.share")); // a draft's preview is not shared
        var (_, home) = await site.CreateBrowser().GetPageAsync("/");
        Assert.DoesNotContain(c.Title, home.MainText());
    }

    [Fact]
    public async Task An_unknown_competition_is_not_found() =>
        Assert.Equal(HttpStatusCode.NotFound, (await site.CreateBrowser().GetAsync("/lomba/tidak-ada-lomba-ini")).StatusCode);

    [Fact]
    public async Task An_open_competition_is_on_the_home_page_with_its_deadline_and_a_countdown()
    {
        var c = await site.SeedAsync(CompetitionStage.Live);

        var (_, home) = await site.CreateBrowser().GetPageAsync("/");

        var card = home.QuerySelectorAll(".competition-card").Single(e => e.TextContent.Contains(c.Title));
        Assert.Equal($"/lomba/{c.Slug}", card.QuerySelector("h3 a")!.GetAttribute("href"));
        var deadline = card.QuerySelector("time[data-local]")!;
        Assert.Equal(c.SubmissionClosesAt, DateTime.Parse(deadline.GetAttribute("datetime")!, null, System.Globalization.DateTimeStyles.AdjustToUniversal));
        Assert.EndsWith("WIB", deadline.TextContent);
        Assert.NotNull(card.QuerySelector("[data-countdown]"));
        Assert.Contains("10 hari", card.QuerySelector("[data-countdown]")!.TextContent);
    }

    [Fact]
    public async Task The_competition_page_shows_eligibility_timeline_and_a_register_call_to_action_for_visitors()
    {
        var c = await site.SeedAsync(CompetitionStage.Live);

        var (response, page) = await site.CreateBrowser().GetPageAsync($"/lomba/{c.Slug}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = page.MainText();
        Assert.Contains(c.Summary, text);
        Assert.Contains("Poster SD", text);
        Assert.Contains("SD · Kelas 4–6", text);
        Assert.Contains(".jpg, .png", text);
        Assert.Contains("Maksimal 5 MB per file", text);
        Assert.Contains("Juara 1, Juara 2, Juara 3, Harapan 1, Harapan 2, Harapan 3", text);
        Assert.Equal(4, page.QuerySelectorAll("ol.timeline time[data-local]").Length);
        Assert.Equal("/account/register", page.QuerySelector(".cta a.button")!.GetAttribute("href"));
        Assert.Equal(c.Title, page.QuerySelector("meta[property='og:title']")!.GetAttribute("content"));
        Assert.Equal(c.Summary, page.QuerySelector("meta[property='og:description']")!.GetAttribute("content"));
        Assert.Equal($"{c.Title}: lomba daring untuk pelajar. Info dan pendaftaran:\nhttp://localhost/lomba/{c.Slug}", page.WhatsAppMessage($"http://localhost/lomba/{c.Slug}"));
    }

    [Fact]
    public async Task A_signed_in_student_gets_a_submit_link_to_the_category()
    {
        var c = await site.SeedAsync(CompetitionStage.Live);
        var student = await site.LoggedInAsAsync(Support.Accounts.NewEmail("siswa"), Roles.Student);

        var (_, page) = await student.GetPageAsync($"/lomba/{c.Slug}");

        var link = page.QuerySelector(".cta a.button")!;
        Assert.Equal("Kirim karya", link.TextContent.Trim());
        Assert.Equal($"/entries/new?category={c.Categories[0].Id}", link.GetAttribute("href"));
    }

    [Fact]
    public async Task An_upcoming_competition_says_submissions_are_not_open_yet()
    {
        var now = site.Clock.UtcNow;
        var c = await site.SeedAsync(CompetitionStage.Live, x => x.OpensAt = now.AddDays(2));

        var (_, page) = await site.CreateBrowser().GetPageAsync($"/lomba/{c.Slug}");
        var (_, home) = await site.CreateBrowser().GetPageAsync("/");

        Assert.Contains("Pendaftaran belum dibuka", page.QuerySelector(".cta")!.TextContent);
        Assert.Contains(c.Title, home.GetElementById("upcoming")!.ParentElement!.TextContent);
    }

    [Fact]
    public async Task A_published_competition_is_listed_among_past_competitions()
    {
        var now = site.Clock.UtcNow;
        var c = await site.SeedAsync(CompetitionStage.Published, x =>
        {
            x.OpensAt = now.AddDays(-60);
            x.SubmissionClosesAt = now.AddDays(-30);
            x.JudgingEndsAt = now.AddDays(-10);
            x.ResultsAnnouncedAt = now.AddDays(-5);
            x.PublishedAt = now.AddDays(-5);
        });

        var (_, home) = await site.CreateBrowser().GetPageAsync("/");

        Assert.Contains(c.Title, home.GetElementById("past")!.ParentElement!.TextContent);
    }

    [Fact]
    public async Task Script_event_handlers_and_javascript_links_in_the_rules_never_reach_the_page()
    {
        var c = await site.SeedAsync(CompetitionStage.Live, x =>
        {
            x.RulesMarkdown = "**Aturan penting**\n\n<script>alert('xss')</script>\n\n<img src=x onerror=alert(1)>\n\n[klik di sini](javascript:alert(2))\n\n<a href=\"https://example.org\" onclick=\"alert(3)\">tautan</a>";
            x.DescriptionMarkdown = "<iframe src=\"https://evil.example\"></iframe> [daftar](https://example.org/daftar)";
        });

        var response = await site.CreateBrowser().GetAsync($"/lomba/{c.Slug}");
        var html = await response.Content.ReadAsStringAsync();
        var page = Html.Parse(html);

        Assert.Contains("<strong>Aturan penting</strong>", html);
        Assert.Empty(page.QuerySelectorAll("main script"));
        Assert.Empty(page.QuerySelectorAll("main iframe"));
        Assert.Empty(page.QuerySelectorAll("[onerror], [onclick]"));
        Assert.DoesNotContain(page.QuerySelectorAll("a"), a => (a.GetAttribute("href") ?? "").TrimStart().StartsWith("javascript", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains(page.QuerySelectorAll(".prose a"), a => a.GetAttribute("href") == "https://example.org/daftar");
    }
}
