using System.Diagnostics;

namespace CompetitionSite.Bench;

public sealed record LoadResult(long Requests, long Errors, double Seconds, double P50Ms, double P99Ms)
{
    public double RequestsPerSecond => Requests / Seconds;
}

/// <summary>
/// A closed-loop HTTP load client: <c>connections</c> workers, each sending the next request as soon as the last
/// one answered, for a fixed time. Latencies are kept per request for exact percentiles.
/// </summary>
public static class LoadClient
{
    /// <param name="acceptAnyCertificate">True for the harness's nginx, whose certificate is made for the run.</param>
    public static async Task<LoadResult> RunAsync(string url, int connections, TimeSpan duration, bool acceptAnyCertificate = false)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        if (acceptAnyCertificate)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }

        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };

        // Warm up: the first requests compile views and fill caches.
        for (var i = 0; i < 20; i++)
        {
            using var warm = await http.GetAsync(url);
            warm.EnsureSuccessStatusCode();
        }

        var latencies = new List<double>[connections];
        var errors = 0L;
        var stopwatch = Stopwatch.StartNew();
        var end = duration;
        var workers = Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(100_000);
            var buffer = new byte[81920];
            while (stopwatch.Elapsed < end)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                    await using var body = await response.Content.ReadAsStreamAsync();
                    while (await body.ReadAsync(buffer) > 0)
                    {
                    }

                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }

                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length, errors, seconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return 0;
        }

        var index = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}
