using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;

namespace CompetitionSite.Tests.Accounts;

/// <summary>After logging in, people land where their work is; a page that asked for the login still wins.</summary>
public sealed class LandingTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Theory]
    [InlineData(Roles.Student, "/entries")]
    [InlineData(Roles.Guardian, "/guardian/pupils")]
    [InlineData(Roles.Judge, "/judge")]
    [InlineData(Roles.Organizer, "/admin")]
    public async Task Each_role_lands_on_its_work_after_logging_in(string role, string landing)
    {
        var email = Support.Accounts.NewEmail(role.ToLowerInvariant());
        await site.CreateUserAsync(email, [role]);
        var client = site.CreateBrowser();

        var login = await client.LogInAsync(email);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(landing, login.RedirectPath());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(landing)).StatusCode);
    }

    [Fact]
    public async Task An_organizer_who_also_judges_lands_on_the_dashboard_and_someone_without_a_role_on_the_account_page()
    {
        var both = Support.Accounts.NewEmail("panitia-juri");
        await site.CreateUserAsync(both, [Roles.Judge, Roles.Organizer]);
        Assert.Equal("/admin", (await site.CreateBrowser().LogInAsync(both)).RedirectPath());

        var none = Support.Accounts.NewEmail("tanpa-peran");
        await site.CreateUserAsync(none, []);
        Assert.Equal("/account/profile", (await site.CreateBrowser().LogInAsync(none)).RedirectPath());
    }

    [Fact]
    public async Task A_local_return_url_wins_and_a_foreign_one_is_ignored()
    {
        var email = Support.Accounts.NewEmail("juri");
        await site.CreateUserAsync(email, [Roles.Judge]);

        var asked = await site.CreateBrowser().SubmitFormAsync("/account/login?returnUrl=%2Faccount%2Fchange-password",
            new Dictionary<string, string> { ["Email"] = email, ["Password"] = Support.Accounts.GoodPassword });
        Assert.Equal("/account/change-password", asked.RedirectPath());

        var foreign = await site.CreateBrowser().SubmitFormAsync("/account/login?returnUrl=https%3A%2F%2Fevil.example%2F",
            new Dictionary<string, string> { ["Email"] = email, ["Password"] = Support.Accounts.GoodPassword });
        Assert.Equal("/judge", foreign.RedirectPath());
    }
}
