using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Features.Demo;

namespace CompetitionSite.Tests.Site;

/// <summary>
/// The site with the demo data (a copy of its own of seed-demo's SQLite file and files): three competitions in three phases, judges,
/// a teacher with pupils, students with entries and certificates.
/// </summary>
public sealed class DemoSite : SiteFactory, IAsyncLifetime
{
    public string SeedOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // A copy of its own of the demo seeded once for the test process (see SeededDemo).
        SeedOutput = await SeededDemo.CopyIntoAsync(this);
        CreateBrowser();
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    /// <summary>A browser logged in with the demo password, in the given language ("id" or "en").</summary>
    public async Task<HttpClient> LoggedInAsync(string email, string language)
    {
        var client = CreateBrowser();
        var login = await client.LogInAsync(email, DemoSeeder.Password);
        if (login.StatusCode != System.Net.HttpStatusCode.Redirect || login.RedirectPath().StartsWith("/account/login", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{email} could not log in.");
        }

        await client.GetAsync("/language?culture=" + language + "&returnUrl=/");
        return client;
    }

    /// <summary>A visitor who is not logged in, in the given language.</summary>
    public async Task<HttpClient> VisitorAsync(string language)
    {
        var client = CreateBrowser();
        await client.GetAsync("/language?culture=" + language + "&returnUrl=/");
        return client;
    }
}
