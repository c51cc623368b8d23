using System.Diagnostics;
using System.Net;

namespace CompetitionSite.Tests.Support;

/// <summary>
/// The site, as built in Release next to the tests, running as a process of its own on a loopback port, for the tests
/// that must kill it (<c>kill -9</c>) the way a crash would: nothing of it runs after <see cref="Kill"/>.
/// </summary>
public sealed class SiteProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private SiteProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>What the site wrote (stdout and stderr), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join("\n", _output.TakeLast(40));
            }
        }
    }

    /// <summary>Every line the site wrote so far (stdout and stderr).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_output)
            {
                return _output.ToList();
            }
        }
    }

    /// <summary>The site's own build output (the solution is built before the tests run, as test.sh does).</summary>
    public static string WebBinary
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CompetitionSite.sln")))
                {
                    var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
                    return Path.Combine(dir.FullName, "src", "CompetitionSite.Web", "bin", configuration, "net10.0", "CompetitionSite.Web.dll");
                }
            }

            throw new InvalidOperationException("Repository root (the folder with CompetitionSite.sln) not found.");
        }
    }

    /// <summary>Starts the site with these settings (as environment variables) and waits until /healthz answers.</summary>
    public static async Task<SiteProcess> StartAsync(IReadOnlyDictionary<string, string> settings, TimeSpan? timeout = null)
    {
        var binary = WebBinary;
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"{binary} is missing: build the solution first (dotnet build CompetitionSite.sln -c Release).");
        }

        var port = SmtpTestServer.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet", [binary, "--urls", baseUrl])
        {
            WorkingDirectory = Path.GetDirectoryName(binary)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Site__PublicBaseUrl"] = baseUrl;
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("The site did not start.");
        var site = new SiteProcess(process, baseUrl);
        process.OutputDataReceived += (_, e) => site.Add(e.Data);
        process.ErrorDataReceived += (_, e) => site.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Generous: a wait for a condition, not a measurement (the site migrates its database first).
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                site.Dispose();
                throw new InvalidOperationException("The site exited at start:\n" + site.Output);
            }

            try
            {
                if ((await http.GetAsync(baseUrl + "/healthz")).StatusCode == HttpStatusCode.OK)
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

            await Task.Delay(100);
        }

        site.Dispose();
        throw new TimeoutException("The site did not answer /healthz in time:\n" + site.Output);
    }

    /// <summary>SIGKILL, and waits until the process is gone: no shutdown code of the site runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
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
}
