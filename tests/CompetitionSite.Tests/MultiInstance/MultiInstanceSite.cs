using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CompetitionSite.Tests.MultiInstance;

/// <summary>
/// Several instances of the site as a deployment runs them: separate processes of the built site (Production
/// environment) on one throwaway PostgreSQL database and one Azurite container, sending to one SMTP server of the test,
/// behind nginx (round-robin, TLS, <c>X-Forwarded-*</c>). <see cref="Arrange"/> is the same site in the test process on
/// the same database, with no background work of its own, for putting data in place the way other tests do; everything
/// under test goes through <see cref="CreateBrowser"/>. Dispose stops every process it started, also after a failure.
/// </summary>
public sealed class MultiInstanceSite : IAsyncDisposable
{
    private readonly List<SiteProcess?> _instances = [];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cs-tests", "multi-" + Guid.NewGuid().ToString("N"));

    private MultiInstanceSite(IReadOnlyDictionary<string, string> extra)
    {
        Directory.CreateDirectory(_folder);
        Database = TestDatabase.NewPostgreSqlDatabase();
        Container = AzuriteServer.NewContainerName("multi");
        Settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = nameof(DatabaseProvider.PostgreSql),
            ["Database:ConnectionString"] = Database,
            ["Storage:Azure:ConnectionString"] = AzuriteServer.Shared.ConnectionString,
            ["Storage:Azure:Container"] = Container,
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = Smtp.Port.ToString(),
            ["Email:Smtp:DisablePipelining"] = "true",
            ["Email:DispatchIntervalSeconds"] = "0.2",
            ["Site:TrustForwardedHeaders"] = "true",
            ["Reminders:Enabled"] = "false",
        };
        foreach (var (key, value) in extra)
        {
            Settings[key] = value;
        }
    }

    /// <summary>The SMTP server every instance sends to.</summary>
    public SmtpTestServer Smtp { get; } = new();

    public string Database { get; }

    public string Container { get; }

    /// <summary>The settings every instance runs with (as environment variables).</summary>
    public Dictionary<string, string> Settings { get; }

    public NginxBalancer Balancer { get; private set; } = null!;

    /// <summary>The site in the test process on the same database and files, for arranging data only (no background work).</summary>
    public ArrangingSite Arrange { get; private set; } = null!;

    public IReadOnlyList<SiteProcess?> Instances => _instances;

    /// <summary>
    /// Starts <paramref name="count"/> instances at once on an empty database (they migrate it together, as replicas of a
    /// new deployment do), then nginx in front of them.
    /// </summary>
    public static async Task<MultiInstanceSite> StartAsync(int count, IReadOnlyDictionary<string, string>? settings = null)
    {
        var site = new MultiInstanceSite(settings ?? new Dictionary<string, string>());
        try
        {
            var port = SmtpTestServer.FreePort();
            site.Settings["Site:PublicBaseUrl"] = $"https://127.0.0.1:{port}";
            // Each started instance is kept (and so stopped by Dispose) even when another fails to start.
            var starting = Enumerable.Range(0, count).Select(_ => SiteProcess.StartAsync(site.Settings, TimeSpan.FromMinutes(3))).ToList();
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                site._instances.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }

            site.Balancer = await NginxBalancer.StartAsync(site._instances.Select(s => s!.BaseUrl).ToList(), port);
            site.Arrange = new ArrangingSite(site.Settings);
            _ = site.Arrange.Services;
            return site;
        }
        catch
        {
            await site.DisposeAsync();
            throw;
        }
    }

    public HttpClient CreateBrowser() => Balancer.CreateBrowser();

    /// <summary>The instance at this place in <see cref="Instances"/>, killed with SIGKILL (no shutdown code runs).</summary>
    public void Kill(int index)
    {
        _instances[index]?.Kill();
    }

    /// <summary>What each instance wrote last, for failure messages.</summary>
    public string Output => string.Join("\n---\n", _instances.Select((s, i) => $"instance {i}:\n{s?.Output}")) + "\n--- nginx:\n" + Balancer?.ErrorLog;

    public async ValueTask DisposeAsync()
    {
        Balancer?.Dispose();
        foreach (var instance in _instances)
        {
            instance?.Dispose();
        }

        if (Arrange is not null)
        {
            await Arrange.DisposeAsync();
        }

        Smtp.Dispose();
        TestDatabase.Drop(Database);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// The site in the test process on a <see cref="MultiInstanceSite"/>'s database and files, without the site's own
/// background work (outbox, reminders, clean-ups), so that only the instances under test send and sweep.
/// </summary>
public sealed class ArrangingSite : CompetitionSiteFactory
{
    public ArrangingSite(IReadOnlyDictionary<string, string> settings)
    {
        foreach (var (key, value) in settings)
        {
            Settings[key] = value;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            foreach (var hosted in services.Where(d => d.ServiceType == typeof(IHostedService)
                                                       && d.ImplementationType?.Namespace?.StartsWith("CompetitionSite", StringComparison.Ordinal) == true).ToList())
            {
                services.Remove(hosted);
            }
        });
    }
}
