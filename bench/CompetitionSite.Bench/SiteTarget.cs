using CompetitionSite.Tests.MultiInstance;

namespace CompetitionSite.Bench;

/// <summary>
/// What a scenario talks to: one site process on its own port, or several processes of the same build on one database
/// behind Debian's nginx (round-robin, TLS, <c>X-Forwarded-*</c>; the config the multi-instance tests use, which has the
/// shape of deploy/nginx.conf). Memory and log lines are those of every instance together.
/// </summary>
public sealed class SiteTarget : IAsyncDisposable
{
    private readonly List<SiteProcess> _instances;

    private SiteTarget(List<SiteProcess> instances, NginxBalancer? balancer)
    {
        _instances = instances;
        Balancer = balancer;
    }

    public IReadOnlyList<SiteProcess> Instances => _instances;

    public NginxBalancer? Balancer { get; }

    /// <summary>Where clients send their requests: nginx when there is one, else the one instance.</summary>
    public string BaseUrl => Balancer?.BaseUrl ?? _instances[0].BaseUrl;

    public int[] Pids => _instances.Select(i => i.Pid).ToArray();

    /// <summary>"1 instance" or "3 instances behind nginx".</summary>
    public string Label => Balancer is null
        ? "1 instance, direct"
        : _instances.Count == 1 ? "1 instance behind nginx" : $"{_instances.Count} instances behind nginx";

    public IReadOnlyList<string> Output => _instances.SelectMany(i => i.Output).ToList();

    public long ResidentBytes() => _instances.Sum(i => i.ResidentBytes());

    /// <summary>One site process, reached directly.</summary>
    public static async Task<SiteTarget> StartAsync(IReadOnlyDictionary<string, string> settings) =>
        new([await SiteProcess.StartAsync(settings)], null);

    /// <summary>
    /// <paramref name="count"/> site processes with the same settings behind nginx, whose address is every instance's
    /// public address (links, the storage's CORS rule for direct uploads) and whose forwarded headers they trust.
    /// Several instances need a database they can share (PostgreSQL).
    /// </summary>
    public static async Task<SiteTarget> StartBalancedAsync(IReadOnlyDictionary<string, string> settings, int count, string? staticRoot = null)
    {
        var port = SiteProcess.FreePort();
        var shared = new Dictionary<string, string>(settings)
        {
            ["Site:PublicBaseUrl"] = $"https://127.0.0.1:{port}",
            ["Site:TrustForwardedHeaders"] = "true",
        };
        // The harness's cluster allows 300 connections: each instance's pool stays within its share.
        if (shared.TryGetValue("Database:Provider", out var provider) && provider == "PostgreSql"
            && shared.TryGetValue("Database:ConnectionString", out var connection) && !connection.Contains("Pool Size", StringComparison.OrdinalIgnoreCase))
        {
            shared["Database:ConnectionString"] = $"{connection.TrimEnd(';')};Maximum Pool Size={240 / count}";
        }

        var instances = new List<SiteProcess>();
        try
        {
            // The first migrates (the database is new); the others then start side by side.
            instances.Add(await SiteProcess.StartAsync(shared));
            instances.AddRange(await Task.WhenAll(Enumerable.Range(1, count - 1).Select(_ => SiteProcess.StartAsync(shared))));
            var balancer = await NginxBalancer.StartAsync(instances.Select(i => i.BaseUrl).ToList(), port, staticRoot);
            return new SiteTarget(instances, balancer);
        }
        catch
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>A person's browser for this target (trusting nginx's certificate made for the run).</summary>
    public Support.SiteUser NewUser() => new(BaseUrl, Balancer is not null);

    public async ValueTask DisposeAsync()
    {
        Balancer?.Dispose();
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
    }
}
