using System.Net;
using CompetitionSite.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Site;

/// <summary>
/// In Development, ASP.NET Core checks every service's lifetime when the site starts (a singleton must not hold a
/// scoped service); the test sites run as Testing, where that check is off. This site turns it on, so a developer who
/// runs the site in Development gets a site that starts.
/// </summary>
public sealed class ServiceLifetimeTests
{
    private sealed class LifetimeCheckingSiteFactory : SiteFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseDefaultServiceProvider(options =>
            {
                options.ValidateScopes = true;
                options.ValidateOnBuild = true;
            });
        }
    }

    [Fact]
    public async Task The_site_starts_and_answers_with_the_service_checks_Development_makes()
    {
        await using var site = new LifetimeCheckingSiteFactory();
        var client = site.CreateBrowser();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
    }
}
