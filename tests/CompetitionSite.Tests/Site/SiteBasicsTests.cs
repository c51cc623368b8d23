using System.Net;
using CompetitionSite.Tests.Support;

namespace CompetitionSite.Tests.Site;

public sealed class SiteBasicsTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task Home_page_is_in_Bahasa_Indonesia_by_default()
    {
        var client = site.CreateBrowser();
        var (response, page) = await client.GetPageAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("id", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains("Lomba daring untuk pelajar", page.MainText());
        Assert.Equal("Masuk", page.QuerySelector("a[href='/account/login']")?.TextContent);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        var response = await site.CreateBrowser().GetAsync("/");

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.Contains("Referrer-Policy"));
    }

    [Fact]
    public async Task Unknown_page_shows_a_friendly_404_in_Indonesian()
    {
        var (response, page) = await site.CreateBrowser().GetPageAsync("/tidak-ada-halaman-ini");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Halaman tidak ditemukan", page.MainText());
    }

    [Fact]
    public async Task Static_files_are_served_from_the_repository_web_root()
    {
        var response = await site.CreateBrowser().GetAsync("/css/site.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("--brand", await response.Content.ReadAsStringAsync());
    }
}
