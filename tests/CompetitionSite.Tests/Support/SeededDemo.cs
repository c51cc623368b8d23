using CompetitionSite.Web.Features.Demo;
using Microsoft.Data.Sqlite;

namespace CompetitionSite.Tests.Support;

/// <summary>
/// The demo data (`seed-demo` on a SQLite file with its files on the local disk), seeded once per test process and
/// copied for each site that needs it. The seed is the suite's slowest step (a minute or more of CPU on CI's two
/// cores), and the tests that read the demo (its checks, the page titles, the move to PostgreSQL) do not need a seed
/// each: each gets a copy of its own (the database through SQLite's <c>VACUUM INTO</c>, the files copied), so what one
/// test changes no other sees.
/// </summary>
public static class SeededDemo
{
    private static readonly Lazy<Task<Template>> Shared = new(SeedAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The seeded demo's folder (site.db and files/) and what seed-demo printed.</summary>
    public sealed record Template(string Folder, string Output, int ExitCode, TimeSpan Took);

    /// <summary>The demo, seeded by the first caller of this process (the others wait for the same seed).</summary>
    public static Task<Template> TemplateAsync() => Shared.Value;

    /// <summary>
    /// Points <paramref name="site"/> (not started yet) at a copy of the demo of its own: a SQLite file and a local
    /// file store in its data directory. Returns what seed-demo printed.
    /// </summary>
    public static async Task<string> CopyIntoAsync(SiteFactory site)
    {
        var template = await TemplateAsync();
        var database = Path.Combine(site.DataDirectory, "demo.db");
        await CopyDatabaseAsync(Path.Combine(template.Folder, "site.db"), database);
        var files = Path.Combine(site.DataDirectory, "demo-files");
        CopyFolder(Path.Combine(template.Folder, "files"), files);
        site.Settings["Database:Provider"] = "Sqlite";
        site.Settings["Database:ConnectionString"] = $"Data Source={database}";
        site.Settings["Storage:Local:Root"] = files;
        return template.Output;
    }

    private static async Task<Template> SeedAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cs-tests", "demo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temporary folder; nothing depends on it.
            }
        };

        using var site = new SiteFactory();
        site.Settings["Database:Provider"] = "Sqlite";
        site.Settings["Database:ConnectionString"] = $"Data Source={Path.Combine(site.DataDirectory, "site.db")}";
        site.CreateBrowser(); // starts the site (migrations, roles) as `dotnet run` would
        var writer = new StringWriter();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var code = await SeedDemoCommand.RunAsync(site.Services, writer);
        watch.Stop();
        if (code == 0)
        {
            await CopyDatabaseAsync(Path.Combine(site.DataDirectory, "site.db"), Path.Combine(folder, "site.db"));
            CopyFolder(site.Settings["Storage:Local:Root"]!, Path.Combine(folder, "files"));
        }

        return new Template(folder, writer.ToString(), code, watch.Elapsed);
    }

    /// <summary>A consistent copy of a SQLite database (also of one a running site writes to), made by SQLite itself.</summary>
    private static async Task CopyDatabaseAsync(string from, string to)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = from,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $to";
        command.Parameters.AddWithValue("$to", to);
        await command.ExecuteNonQueryAsync();
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        if (!Directory.Exists(from))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
