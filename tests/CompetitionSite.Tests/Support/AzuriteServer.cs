using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CompetitionSite.Tests.Support;

/// <summary>
/// A real Azurite blob service (npm package, installed in tests/tools by <c>npm ci --prefix tests/tools</c>),
/// started once for the test run on a free port with its data in a temporary folder, and killed (with its
/// whole process tree) when the test process ends. Tests use their own container names.
/// </summary>
public sealed class AzuriteServer : IDisposable
{
    /// <summary>The emulator's well-known development account key (public, documented by Microsoft).</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly Lazy<AzuriteServer> SharedInstance = new(() => new AzuriteServer());

    private static readonly string WorkRoot = Path.Combine(Path.GetTempPath(), "cs-azurite");

    private readonly Process _process;
    private readonly FileStream _lock;
    private readonly string _lockPath;
    private readonly StringBuilder _output = new();
    private int _disposed;

    public AzuriteServer()
    {
        var root = RepositoryRoot();
        var executable = Path.Combine(root, "tests", "tools", "node_modules", ".bin", "azurite-blob");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({executable} is missing). Run `npm ci --prefix tests/tools` (./test.sh does it).");
        }

        SweepLeftovers();
        Port = SmtpTestServer.FreePort();
        var id = Guid.NewGuid().ToString("N");
        Location = Path.Combine(WorkRoot, id);
        Directory.CreateDirectory(Location);

        // Held open (locked) while this test run lives; a later run that can take the lock knows the run is over.
        _lockPath = Path.Combine(WorkRoot, id + ".lock");
        _lock = new FileStream(_lockPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);

        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Location,
        };
        foreach (var arg in new[]
                 {
                     "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(), "--location", Location,
                     "--skipApiVersionCheck", "--disableTelemetry", "--silent",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _lock.Write(System.Text.Encoding.ASCII.GetBytes(_process.Id.ToString()));
        _lock.Flush();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
        WaitUntilListening();
    }

    public static AzuriteServer Shared => SharedInstance.Value;

    public int Port { get; }

    public string Location { get; }

    public string BlobEndpoint => $"http://127.0.0.1:{Port}/{AccountName}";

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};";

    /// <summary>A container name no other test uses.</summary>
    public static string NewContainerName(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Quick first: the test host may be stopped soon after the run ends. What is left is swept by the next run.
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        DeleteQuietly(Location);
        _lock.Dispose();
        DeleteQuietly(_lockPath);
        _process.Dispose();
    }

    /// <summary>
    /// Removes the data folders of earlier runs that ended without cleaning up (their lock is free), and stops
    /// their Azurite if it is somehow still running (by its process id, after checking it is that Azurite).
    /// </summary>
    private static void SweepLeftovers()
    {
        if (!Directory.Exists(WorkRoot))
        {
            return;
        }

        foreach (var lockFile in Directory.EnumerateFiles(WorkRoot, "*.lock"))
        {
            var folder = Path.Combine(WorkRoot, Path.GetFileNameWithoutExtension(lockFile));
            string owner;
            try
            {
                using var stale = new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                using var reader = new StreamReader(stale);
                owner = reader.ReadToEnd();
            }
            catch (IOException)
            {
                continue; // another test run is using it
            }

            if (int.TryParse(owner, out var pid) && IsAzuriteFor(pid, folder))
            {
                try
                {
                    using var orphan = Process.GetProcessById(pid);
                    orphan.Kill(entireProcessTree: true);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                }
            }

            DeleteQuietly(folder);
            DeleteQuietly(lockFile);
        }
    }

    private static bool IsAzuriteFor(int pid, string folder)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return commandLine.Contains("azurite", StringComparison.Ordinal) && commandLine.Contains(folder, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private void WaitUntilListening()
    {
        // Ready in about a second; the bound only matters on a starved machine (node took over 30 s at load 50 on 2 cores).
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode}:\n{Output()}");
            }

            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        Dispose();
        throw new TimeoutException($"Azurite did not listen on port {Port} within {StartTimeout.TotalSeconds:0} s:\n{Output()}");
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CompetitionSite.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (the folder with CompetitionSite.sln) not found.");
    }
}
