using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Site;

/// <summary>Public pages come from a cache for visitors, but never show stale competition data or the wrong language.</summary>
public sealed class PublicPageCacheTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    [Fact]
    public async Task An_organizers_change_shows_on_the_cached_public_page_at_once()
    {
        var competition = await site.SeedAsync();
        var visitor = site.CreateBrowser();
        var (_, before) = await visitor.GetPageAsync($"/lomba/{competition.Slug}");
        Assert.Contains(competition.Title, before.QuerySelector("h1")!.TextContent);

        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CompetitionSite.Web.Data.AppDbContext>();
            var saved = await db.Competitions.SingleAsync(c => c.Id == competition.Id);
            saved.Title = "Lomba Poster Hari Guru (diperbarui)";
            await db.SaveChangesAsync();
        }

        var (_, after) = await visitor.GetPageAsync($"/lomba/{competition.Slug}");
        Assert.Contains("(diperbarui)", after.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task Each_language_gets_its_own_cached_copy()
    {
        var indonesian = site.CreateBrowser();
        var english = site.CreateBrowser();
        await english.GetAsync("/language?culture=en&returnUrl=%2F");

        var (_, id1) = await indonesian.GetPageAsync("/privacy");
        var (_, en1) = await english.GetPageAsync("/privacy");
        var (_, id2) = await indonesian.GetPageAsync("/privacy");

        Assert.Equal("id", id1.DocumentElement.GetAttribute("lang"));
        Assert.Equal("en", en1.DocumentElement.GetAttribute("lang"));
        Assert.Equal("id", id2.DocumentElement.GetAttribute("lang"));
        Assert.Contains("Privacy notice", en1.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task A_signed_in_person_never_gets_the_visitors_cached_page()
    {
        await site.CreateBrowser().GetAsync("/"); // a visitor fills the cache
        var organizer = await site.LoggedInAsAsync(Support.Accounts.NewEmail("org"), Roles.Organizer);

        var (_, page) = await organizer.GetPageAsync("/");

        Assert.NotNull(page.QuerySelector("a[href='/admin']"));
        Assert.Null(page.QuerySelector("a[href='/account/register'].nav-cta"));
    }

    [Fact]
    public async Task Visitors_switch_language_with_a_link_that_keeps_them_on_the_page()
    {
        var visitor = site.CreateBrowser();
        var (_, page) = await visitor.GetPageAsync("/privacy");
        var link = page.QuerySelector(".lang-switch a")!.GetAttribute("href")!;

        var response = await visitor.GetAsync(link);

        Assert.Equal("/privacy", response.RedirectPath());
        var (_, english) = await visitor.GetPageAsync("/privacy");
        Assert.Equal("en", english.DocumentElement.GetAttribute("lang"));
    }
}
