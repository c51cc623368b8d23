using CompetitionSite.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CompetitionSite.EndToEnd.Support;

/// <summary>
/// The real site on a real loopback port (Kestrel) for a real browser: the integration tests' SiteFactory (own
/// SQLite file and data folder, the in-process SMTP server, optionally Azurite) with links pointing at that port.
/// With <c>movableClock</c> the site takes its time from <see cref="Clock"/>, which a journey moves on to pass a
/// deadline (as the integration tests' CompetitionSiteFactory does); otherwise it runs on the real clock.
/// </summary>
public sealed class LiveSite : SiteFactory
{
    private readonly bool _movableClock;

    public LiveSite(bool movableClock = false)
    {
        _movableClock = movableClock;
        Port = SmtpTestServer.FreePort();
        Settings["Site:PublicBaseUrl"] = BaseUrl;
        Settings["Email:RetryBaseSeconds"] = "0.2";
        UseKestrel(Port);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>The site's clock (used only when the site was made with a movable clock).</summary>
    public TestClock Clock { get; } = new();

    public LiveSite Start()
    {
        StartServer();
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (_movableClock)
        {
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);

                // Azure (here Azurite) checks a signed link against its own clock, which the test cannot move: the
                // blob store keeps the real time for its links, as it does in production where both clocks agree.
                services.AddSingleton(sp => new AzureBlobFileStore(sp.GetRequiredService<IOptions<AzureBlobStorageOptions>>(), TimeProvider.System,
                    sp.GetRequiredService<IOptions<CompetitionSite.Web.SiteOptions>>()));
            });
        }
    }
}
