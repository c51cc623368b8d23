using CompetitionSite.Bench;
using CompetitionSite.Bench.Scenarios;
using CompetitionSite.Bench.Support;
using CompetitionSite.Tests.Support;

// CompetitionSite benchmarks: dotnet run -c Release --project bench/CompetitionSite.Bench -- [scenario ...] [--quick] [--database sqlite|postgresql|both]
// Scenarios: storm, upload, rush, certificates, email, ranking, publish (default: all seven), and on PostgreSQL also
// storm-nginx and rush-nginx (several instances behind nginx). Each runs against its baseline in the same run.
// rush-phases: a diagnostic (only when named) that times each step of the rush in lockstep.
// --database: the site's database for the scenarios that use one (default sqlite); "both" runs them on SQLite, then on
// a throwaway PostgreSQL cluster, in the same run, each database against the same baselines.
var quick = args.Contains("--quick");
var databaseArgument = args.SkipWhile(a => a != "--database").Skip(1).FirstOrDefault()
    ?? args.FirstOrDefault(a => a.StartsWith("--database=", StringComparison.Ordinal))?["--database=".Length..]
    ?? "sqlite";
string[] databaseKinds = databaseArgument.ToLowerInvariant() switch
{
    "sqlite" => ["sqlite"],
    "postgresql" or "postgres" => ["postgresql"],
    "both" or "sqlite,postgresql" => ["sqlite", "postgresql"],
    _ => throw new ArgumentException($"--database must be sqlite, postgresql or both (it is \"{databaseArgument}\")."),
};
var wanted = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] is not ("--database" or "--instances")))
    .ToHashSet(StringComparer.OrdinalIgnoreCase);
bool Want(string name) => wanted.Count == 0 ? name is not ("rush-phases" or "smtp-probe") : wanted.Contains(name);
int[] InstanceCounts() =>
    (args.SkipWhile(a => a != "--instances").Skip(1).FirstOrDefault() ?? "1,3").Split(',').Select(int.Parse).ToArray();

Console.WriteLine($"Machine: {Report.Machine()}");
var results = new List<ScenarioResult>();
var folder = BenchPaths.NewTempDirectory("run");
AzuriteServer? azurite = null;
PostgreSqlServer? postgreSql = null;
const string SiteContainer = "bench-files";
const string DirectContainer = "bench-direct";
try
{
    if (Want("certificates"))
    {
        results.Add(Certificates.Run(quick ? 2_000 : 10_000));
    }

    if (Want("smtp-probe"))
    {
        await SmtpProbe.RunAsync(quick ? 200 : 1000);
    }

    foreach (var kind in databaseKinds)
    {
        BenchDatabase database;
        if (kind == "postgresql")
        {
            postgreSql ??= PostgreSqlServer.Start();
            Console.WriteLine($"PostgreSQL {postgreSql.Version} on port {postgreSql.Port} (throwaway cluster, durable defaults).");
            database = new BenchDatabase(postgreSql.ServerConnectionString, "bench_" + Guid.NewGuid().ToString("N")[..8]);
        }
        else
        {
            database = new BenchDatabase(Path.Combine(folder, kind));
            Directory.CreateDirectory(Path.Combine(folder, kind));
        }

        await database.MigrateAsync();
        var firstOfDatabase = results.Count;

        if (Want("storm"))
        {
            var competition = await database.SeedOpenCompetitionAsync("lomba-poster-hari-guru-2026");
            await using var site = await SiteTarget.StartAsync(new Dictionary<string, string>
            {
                ["Database:Provider"] = database.Kind.ToString(),
                ["Database:ConnectionString"] = database.ConnectionString,
                ["Storage:Local:Root"] = Path.Combine(folder, "files"),
                ["Email:PickupDirectory"] = Path.Combine(folder, "mail"),
            });
            var rounds = quick ? 1 : 3;
            var length = TimeSpan.FromSeconds(quick ? 3 : 8);
            results.Add(await AnnouncementStorm.RunAsync(site, $"/lomba/{competition.Slug}", "competition page", rounds, length));
            results.Add(await AnnouncementStorm.RunAsync(site, "/", "home page", rounds, length));
        }

        if (Want("email") || Want("ranking") || Want("publish") || (Want("email-nginx") && database.Kind == CompetitionSite.Web.Data.DatabaseProvider.PostgreSql))
        {
            // Scenarios 4 and 5: competitions in Review, N participants each scored by 3 judges on 6 criteria.
            var participants = quick ? 1_000 : 10_000;
            var seed = new ResultsSeed(database);
            var seeding = System.Diagnostics.Stopwatch.StartNew();
            await seed.SeedPeopleAsync(participants);
            var first = await seed.SeedReviewCompetitionAsync("hasil-lomba-1", participants);
            Console.WriteLine($"Seeded {participants:N0} participants and a competition in review in {seeding.Elapsed.TotalSeconds:0.0} s.");
            if (Want("ranking"))
            {
                results.Add(await RankingBench.RunAsync(database, first, rounds: quick ? 3 : 10));
            }

            if (Want("publish"))
            {
                // Publishes the first competition (and a small warm-up one) again and again, undoing each publication.
                var warmUpPublish = await seed.SeedReviewCompetitionAsync("hasil-lomba-pemanasan-umum", participants / 20);
                using var sink = new MailSink();
                var rounds = int.TryParse(Environment.GetEnvironmentVariable("BENCH_PUBLISH_ROUNDS"), out var n) && n > 0 ? n : quick ? 1 : 3;
                results.Add(await PublishRequest.RunAsync(database, folder, sink, warmUpPublish, first, rounds));
            }

            if (Want("email-nginx") && database.Kind == CompetitionSite.Web.Data.DatabaseProvider.PostgreSql)
            {
                // Issue 16: the same publication with three instances behind nginx sending from the one outbox (the kill
                // test across instances is the suite's OutboxKillAcrossInstancesTests).
                var timed = new List<ReviewCompetition> { await seed.SeedReviewCompetitionAsync("hasil-lomba-nginx-1", participants) };
                if (!quick)
                {
                    timed.Add(await seed.SeedReviewCompetitionAsync("hasil-lomba-nginx-2", participants));
                }

                var warmUp = await seed.SeedReviewCompetitionAsync("hasil-lomba-pemanasan-nginx", participants / 20);
                using var sink = new MailSink();
                results.AddRange(await BulkEmail.RunAsync(database, folder, sink, warmUp, timed, kill: null, kills: 0, instances: 3));
            }

            if (Want("email"))
            {
                var timed = new List<ReviewCompetition> { first };
                if (!quick)
                {
                    timed.Add(await seed.SeedReviewCompetitionAsync("hasil-lomba-2", participants));
                }

                var kill = await seed.SeedReviewCompetitionAsync("hasil-lomba-kill", participants);
                var warmUp = await seed.SeedReviewCompetitionAsync("hasil-lomba-pemanasan", participants / 20);
                using var sink = new MailSink();
                results.AddRange(await BulkEmail.RunAsync(database, folder, sink, warmUp, timed, kill, kills: quick ? 1 : 3));
            }
        }

            if (Want("storm-nginx") && database.Kind == CompetitionSite.Web.Data.DatabaseProvider.PostgreSql)
        {
            // Issue 16: the same storm through nginx in front of three instances, against nginx serving a file of the
            // page's size itself.
            var competition = await database.SeedOpenCompetitionAsync("lomba-poster-hari-guru-nginx-2026");
            var staticRoot = Path.Combine(folder, "nginx-static");
            await using var site = await SiteTarget.StartBalancedAsync(new Dictionary<string, string>
            {
                ["Database:Provider"] = database.Kind.ToString(),
                ["Database:ConnectionString"] = database.ConnectionString,
                ["Storage:Local:Root"] = Path.Combine(folder, "files"),
                ["Email:PickupDirectory"] = Path.Combine(folder, "mail"),
            }, count: 3, staticRoot);
            var rounds = quick ? 1 : 3;
            var length = TimeSpan.FromSeconds(quick ? 3 : 8);
            results.Add(await AnnouncementStorm.RunAsync(site, $"/lomba/{competition.Slug}", "competition page", rounds, length, staticRoot));
            results.Add(await AnnouncementStorm.RunAsync(site, "/", "home page", rounds, length, staticRoot));
        }

        if (Want("upload") || Want("rush") || Want("rush-phases") || (Want("rush-nginx") && database.Kind == CompetitionSite.Web.Data.DatabaseProvider.PostgreSql))
        {
            azurite ??= new AzuriteServer();
            var store = azurite.ConnectionString;
            async Task EmptyStoreAsync()
            {
                await DirectBlobs.EmptyAsync(store, DirectContainer);
                await DirectBlobs.EmptyAsync(store, SiteContainer);
            }

            Dictionary<string, string> AzureSite() => new()
            {
                ["Database:Provider"] = database.Kind.ToString(),
                ["Database:ConnectionString"] = database.ConnectionString,
                ["Storage:Azure:ConnectionString"] = store,
                ["Storage:Azure:Container"] = SiteContainer,
                ["Email:PickupDirectory"] = Path.Combine(folder, "mail"),
            };

            if (Want("upload"))
            {
                var competition = await database.SeedOpenCompetitionAsync("lomba-video-profil-sekolah-2026");
                var category = await database.SeedVideoCategoryAsync(competition.Id, "Video profil sekolah", maxFileSizeMb: 600);
                var student = (await database.SeedStudentsAsync(1, "unggah"))[0];
                await using var site = await SiteProcess.StartAsync(AzureSite());
                var direct = new DirectBlobs(store, DirectContainer, connections: 4);
                await direct.CreateContainerAsync();
                // The small file first: the big one then shows whether memory grows with the file.
                long[] sizes = quick ? [50L * 1024 * 1024] : [50L * 1024 * 1024, 500L * 1024 * 1024];
                results.AddRange(await BigUpload.RunAsync(site, category.Id, student, direct, EmptyStoreAsync, new CpuMeter(site.Pid, azurite.Location), sizes, rounds: quick ? 2 : 3));
            }

            if (Want("rush"))
            {
                var students = quick ? 40 : 200;
                var competition = await database.SeedOpenCompetitionAsync("lomba-video-tenggat-2026");
                var emails = await database.SeedStudentsAsync(students, "tenggat");
                await using var site = await SiteTarget.StartAsync(AzureSite());
                var direct = new DirectBlobs(store, DirectContainer, connections: students);
                await direct.CreateContainerAsync();
                results.Add(await DeadlineRush.RunAsync(site, database, competition.Id, emails, direct, EmptyStoreAsync, new CpuMeter(site.Pids, azurite.Location), rounds: quick ? 1 : 2, ramp: TimeSpan.FromSeconds(5)));
            }

            if (Want("rush-nginx") && database.Kind == CompetitionSite.Web.Data.DatabaseProvider.PostgreSql)
            {
                // Issue 16: the rush through nginx with 1 and with 3 instances on PostgreSQL, each student's blocks
                // straight to the storage account (the site carries no file bytes), against the SDK straight to Azurite.
                var students = quick ? 40 : 200;
                foreach (var count in InstanceCounts())
                {
                    var competition = await database.SeedOpenCompetitionAsync($"lomba-video-tenggat-nginx-{count}-2026");
                    var emails = await database.SeedStudentsAsync(students, $"tenggat{count}n");
                    await using var site = await SiteTarget.StartBalancedAsync(AzureSite(), count);
                    var direct = new DirectBlobs(store, DirectContainer, connections: students);
                    await direct.CreateContainerAsync();
                    results.Add(await DeadlineRush.RunAsync(site, database, competition.Id, emails, direct, EmptyStoreAsync, new CpuMeter(site.Pids, azurite.Location),
                        rounds: quick ? 1 : 2, ramp: TimeSpan.FromSeconds(5), directUploads: true, target: 0.9));
                }
            }

            if (Want("rush-phases"))
            {
                var students = quick ? 40 : 200;
                var competition = await database.SeedOpenCompetitionAsync("lomba-video-diagnosa-2026");
                var emails = await database.SeedStudentsAsync(students, "diagnosa");
                await using var site = await SiteProcess.StartAsync(AzureSite());
                Console.WriteLine($"Rush, step by step ({students} students in lockstep; a diagnostic, no target):");
                await RushPhases.RunAsync(site, database, competition.Id, emails, new CpuMeter(site.Pid, azurite.Location));
            }
        }

        // Name the database in every row it ran on.
        for (var i = firstOfDatabase; i < results.Count; i++)
        {
            results[i] = results[i] with { Scenario = $"{results[i].Scenario} [{database.Label}]" };
        }
    }
}
finally
{
    azurite?.Dispose();
    postgreSql?.Dispose();
    Npgsql.NpgsqlConnection.ClearAllPools();
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
