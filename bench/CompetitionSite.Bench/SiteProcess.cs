using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CompetitionSite.Bench;

/// <summary>
/// The site, built in Release, running as its own process on a loopback port with the chosen stores.
/// Its memory is read from /proc (resident set size) while scenarios run.
/// </summary>
public sealed class SiteProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private SiteProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public int Pid => _process.Id;

    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToList();
            }
        }
    }

    public static string WebBinary => Path.Combine(BenchPaths.Root, "src", "CompetitionSite.Web", "bin", "Release", "net10.0", "CompetitionSite.Web.dll");

    public static async Task<SiteProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        if (!File.Exists(WebBinary))
        {
            throw new InvalidOperationException($"{WebBinary} is missing: run the harness with -c Release (dotnet run -c Release --project bench/CompetitionSite.Bench).");
        }

        var port = FreePort();
        var info = new ProcessStartInfo("dotnet", [WebBinary, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(WebBinary)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // "Testing" rather than "Production": the harness talks plain HTTP on loopback, and outside Development and
        // Testing the site's cookies are always Secure (SiteCookies, issue 14), so the antiforgery check answered 500 on
        // every form. That cookie policy is the only thing the environment name changes in the site.
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__CompetitionSite"] = "Warning";
        info.Environment["Site__PublicBaseUrl"] = $"http://127.0.0.1:{port}";
        info.Environment["Accounts__AuthRequestsPerMinute"] = "10000";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__")] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("The site did not start.");
        var site = new SiteProcess(process, port);
        process.OutputDataReceived += (_, e) => site.Add(e.Data);
        process.ErrorDataReceived += (_, e) => site.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("The site exited at start:\n" + string.Join("\n", site.Output.TakeLast(30)));
            }

            try
            {
                var response = await http.GetAsync(site.BaseUrl + "/healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return site;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException("The site did not answer /healthz within 60 s:\n" + string.Join("\n", site.Output.TakeLast(30)));
    }

    /// <summary>Resident memory of the site process now, in bytes.</summary>
    public long ResidentBytes() => ProcessMemory.Resident(_process.Id);

    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

public static class ProcessMemory
{
    public static long Resident(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            }
        }

        return 0;
    }
}

/// <summary>Samples the resident memory of one or more processes (added up) every 25 ms while a scenario runs, keeping the peak.</summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MemorySampler(params int[] pids)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    Peak = Math.Max(Peak, pids.Sum(ProcessMemory.Resident));
                }
                catch (IOException)
                {
                }

                try
                {
                    await Task.Delay(25, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
    }

    public long Peak { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}

public static class BenchPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CompetitionSite.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found.");
    }

    public static string NewTempDirectory(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "cs-bench", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }
}
