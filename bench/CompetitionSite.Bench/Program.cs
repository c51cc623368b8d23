using CompetitionSite.Bench;
using CompetitionSite.Bench.Scenarios;

// CompetitionSite benchmarks: dotnet run -c Release --project bench/CompetitionSite.Bench -- [scenario ...] [--quick]
// Scenarios: storm (default: all that are available). Each runs against its baseline in the same run.
var quick = args.Contains("--quick");
var wanted = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
bool Want(string name) => wanted.Count == 0 || wanted.Contains(name);

Console.WriteLine($"Machine: {Report.Machine()}");
var results = new List<ScenarioResult>();
var folder = BenchPaths.NewTempDirectory("run");
try
{
    var database = new BenchDatabase(folder);
    await database.MigrateAsync();

    if (Want("storm"))
    {
        var competition = await database.SeedOpenCompetitionAsync("lomba-poster-hari-guru-2026");
        await using var site = await SiteProcess.StartAsync(new Dictionary<string, string>
        {
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Storage:Local:Root"] = Path.Combine(folder, "files"),
            ["Email:PickupDirectory"] = Path.Combine(folder, "mail"),
        });
        var rounds = quick ? 1 : 3;
        var length = TimeSpan.FromSeconds(quick ? 3 : 8);
        results.Add(await AnnouncementStorm.RunAsync(site, $"/lomba/{competition.Slug}", "competition page", rounds, length));
        results.Add(await AnnouncementStorm.RunAsync(site, "/", "home page", rounds, length));
    }
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    try
    {
        Directory.Delete(folder, recursive: true);
    }
    catch (IOException)
    {
    }
}

Console.WriteLine();
Console.WriteLine(Report.Table(results));
return results.All(r => r.Met) ? 0 : 1;
