namespace CompetitionSite.Bench.Scenarios;

/// <summary>
/// Many visitors at once on a public page, against a static file of exactly the same size served by the same
/// site (the most the site could do for that many bytes), or, behind nginx, served by nginx itself without asking any
/// instance. 64 connections, alternating rounds.
/// </summary>
public static class AnnouncementStorm
{
    public static async Task<ScenarioResult> RunAsync(SiteTarget site, string pagePath, string label, int rounds, TimeSpan roundLength, string? nginxStaticRoot = null)
    {
        var behindNginx = site.Balancer is not null;
        using var http = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } });
        var page = await http.GetByteArrayAsync(site.BaseUrl + pagePath);
        var staticFolder = behindNginx
            ? nginxStaticRoot ?? throw new ArgumentException("Behind nginx the static file is nginx's: give its folder.", nameof(nginxStaticRoot))
            : Path.Combine(BenchPaths.Root, "wwwroot", "bench");
        Directory.CreateDirectory(staticFolder);
        var staticName = $"storm-{Guid.NewGuid():N}.html";
        await File.WriteAllBytesAsync(Path.Combine(staticFolder, staticName), page);
        var staticUrl = behindNginx
            ? $"{site.BaseUrl}{Tests.MultiInstance.NginxBalancer.StaticPath}{staticName}"
            : $"{site.BaseUrl}/bench/{staticName}";
        try
        {
            var staticRuns = new List<LoadResult>();
            var pageRuns = new List<LoadResult>();
            await using var memory = new MemorySampler(site.Pids);
            for (var i = 0; i < rounds; i++)
            {
                staticRuns.Add(await LoadClient.RunAsync(staticUrl, 64, roundLength, behindNginx));
                pageRuns.Add(await LoadClient.RunAsync(site.BaseUrl + pagePath, 64, roundLength, behindNginx));
            }

            var baseline = Median(staticRuns.Select(r => r.RequestsPerSecond));
            var value = Median(pageRuns.Select(r => r.RequestsPerSecond));
            var p99 = Median(pageRuns.Select(r => r.P99Ms));
            var ratio = value / baseline;
            var errors = pageRuns.Sum(r => r.Errors) + staticRuns.Sum(r => r.Errors);
            return new ScenarioResult(
                $"Announcement storm: {label} ({page.Length / 1024.0:0.0} KB){(behindNginx ? ", " + site.Label : "")}",
                behindNginx ? "static file, same size, served by nginx itself" : "static file, same size, same site",
                $"{baseline:0} req/s",
                $"{value:0} req/s",
                ratio,
                "≥ 0.5×, p99 < 50 ms",
                ratio >= 0.5 && p99 < 50 && errors == 0,
                Report.Ms(Median(pageRuns.Select(r => r.P50Ms))),
                Report.Ms(p99),
                Report.Mb(memory.Peak),
                $"64 connections, {rounds}×{roundLength.TotalSeconds:0} s alternating; errors {errors}; static p99 {Report.Ms(Median(staticRuns.Select(r => r.P99Ms)))}");
        }
        finally
        {
            File.Delete(Path.Combine(staticFolder, staticName));
        }
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
