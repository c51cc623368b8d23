using System.Diagnostics;
using System.Globalization;

namespace CompetitionSite.Bench.Support;

/// <summary>
/// A throwaway PostgreSQL cluster for <c>--database postgresql</c>, started the way test.sh starts the tests' one: its
/// own folder, a free loopback port, <c>initdb</c>/<c>pg_ctl</c> as the <c>postgres</c> user when the harness runs as
/// root. Unlike the tests' cluster it keeps PostgreSQL's durable defaults (fsync and synchronous_commit on), as a
/// production database has them; only max_connections is raised (the site's pool and the harness's share it).
/// </summary>
public sealed class PostgreSqlServer : IDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly string[] _asPostgres;

    private PostgreSqlServer(string bin, string folder, int port, string[] asPostgres)
    {
        _bin = bin;
        _folder = folder;
        _asPostgres = asPostgres;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server, no database named (the bench creates its own by migrating).</summary>
    public string ServerConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres";

    public string Version { get; private set; } = "";

    public static PostgreSqlServer Start()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .LastOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL's server binaries are missing (/usr/lib/postgresql/*/bin): apt-get install postgresql.");
        }

        var folder = BenchPaths.NewTempDirectory("postgresql");
        string[] asPostgres = [];
        if (Environment.UserName == "root")
        {
            Run("chown", [], "postgres", folder);
            asPostgres = ["runuser", "-u", "postgres", "--"];
        }

        var server = new PostgreSqlServer(bin, folder, SiteProcess.FreePort(), asPostgres);
        server.Pg("initdb", "-D", Path.Combine(folder, "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync");
        server.Pg("pg_ctl", "-D", Path.Combine(folder, "data"), "-l", Path.Combine(folder, "server.log"), "-w", "-o",
            string.Create(CultureInfo.InvariantCulture, $"-p {server.Port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=300"), "start");
        server.Version = Run(Path.Combine(bin, "postgres"), [], "--version").Trim().Split(' ').ElementAtOrDefault(2) ?? "";
        return server;
    }

    public void Dispose()
    {
        try
        {
            Pg("pg_ctl", "-D", Path.Combine(_folder, "data"), "-m", "immediate", "stop");
        }
        catch (InvalidOperationException)
        {
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Pg(string tool, params string[] args) =>
        Run(_asPostgres.Length == 0 ? Path.Combine(_bin, tool) : _asPostgres[0], [.. _asPostgres.Skip(1), Path.Combine(_bin, tool)], args);

    private static string Run(string file, string[] prefix, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var a in prefix.Concat(args))
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', prefix.Concat(args).Prepend(file))} failed ({process.ExitCode}): {error.Result}{output.Result}");
        }

        return output.Result;
    }
}
