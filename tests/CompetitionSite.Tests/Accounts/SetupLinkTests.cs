using System.Net;
using System.Text.RegularExpressions;
using CompetitionSite.Tests.Support;

namespace CompetitionSite.Tests.Accounts;

/// <summary>The first organizer comes from the one-time link printed in the log; there are no default passwords.</summary>
public sealed partial class SetupLinkTests : IDisposable
{
    private readonly SiteFactory _site = new();

    [Fact]
    public async Task Setup_link_from_the_log_creates_the_first_organizer_once()
    {
        var client = _site.CreateBrowser();
        await client.GetAsync("/"); // starts the site
        var line = _site.Logs.FirstOrDefault(l => l.Contains("/setup?token=", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException("The log has no setup link.");
        var link = SetupLink().Match(line).Value;

        var email = Support.Accounts.NewEmail("panitia");
        var created = await client.SubmitFormAsync(link, new Dictionary<string, string>
        {
            ["FullName"] = "Panitia Pertama",
            ["Email"] = email,
            ["Password"] = Support.Accounts.GoodPassword,
            ["ConfirmPassword"] = Support.Accounts.GoodPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        var login = await client.LogInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/users")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _site.CreateBrowser().GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task Setup_page_without_a_valid_token_is_not_found()
    {
        var client = _site.CreateBrowser();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/setup")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/setup?token=0123456789abcdef")).StatusCode);
    }

    public void Dispose() => _site.Dispose();

    [GeneratedRegex(@"/setup\?token=[0-9a-f]+")]
    private static partial Regex SetupLink();
}
