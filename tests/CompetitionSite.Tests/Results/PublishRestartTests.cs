using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Email;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Results;

/// <summary>The site stops while result emails are going out: a new instance on the same database sends the rest, each exactly once.</summary>
[LongRunning]
public sealed class PublishRestartTests : IDisposable
{
    private readonly string _shared = Path.Combine(Path.GetTempPath(), "cs-tests", "results-" + Guid.NewGuid().ToString("N"));

    /// <summary>One database for every instance of the test (a SQLite file in the shared folder, or a PostgreSQL database).</summary>
    private readonly string _database;

    public PublishRestartTests()
    {
        _database = TestDatabase.NewConnectionString(_shared);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (TestDatabase.IsPostgreSql)
        {
            TestDatabase.Drop(_database);
        }

        try
        {
            Directory.Delete(_shared, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private CompetitionSiteFactory SiteOnSharedDatabase()
    {
        var site = new CompetitionSiteFactory();
        Directory.CreateDirectory(_shared);
        site.Settings["Database:ConnectionString"] = _database;
        site.Settings["Storage:Local:Root"] = Path.Combine(_shared, "files");
        site.Settings["Email:PickupDirectory"] = Path.Combine(_shared, "mail");
        site.Settings["Email:RetryBaseSeconds"] = "0.2";
        site.Settings["Email:MaxRetryDelaySeconds"] = "2";
        return site;
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_sending_results_loses_nothing_and_duplicates_nothing()
    {
        const int count = 40;
        var addresses = new List<string>();
        List<string> queued;
        int sentByFirst;
        using (var first = SiteOnSharedDatabase())
        {
            first.Settings["Email:BatchSize"] = "5";
            var c = await first.SeedReviewAsync(judgesPerEntry: 1);
            var judge = await first.JudgeIdAsync(c, ResultsKit.JudgeNames[0]);
            for (var i = 0; i < count; i++)
            {
                var e = await first.EntryAsync(c, ResultsKit.NewStudent($"Peserta Nomor {i + 1}", "SMP Negeri 1 Serang", "Kota Serang"), $"Karya {i + 1}");
                await first.ScoreAsync(judge, e, [i % 11, (i * 7) % 11], $"Masukan untuk karya {i + 1}.");
                addresses.Add(e.Student.Email!);
            }

            var organizer = await first.OrganizerAsync();
            await organizer.SaveAwardsAsync(c, new Dictionary<string, string> { ["TiesSettled"] = "true" });
            await organizer.PublishAsync(c);
            queued = await first.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
                .Where(m => m.Kind == "results.result").Select(m => m.MessageId).ToListAsync());
            Assert.Equal(count, queued.Count);

            // A publication this size is saved with prepared INSERTs (BulkSave): what it wrote reads back through EF.
            Assert.Equal(count, await first.WithDbAsync(db => db.Certificates.AsNoTracking()
                .CountAsync(x => x.CompetitionId == c.Id && x.Kind == CompetitionSite.Web.Domain.Certificates.CertificateKind.Participation && x.RevokedAt == null)));
            Assert.Equal(count, await first.WithDbAsync(db => db.ResultNotices.AsNoTracking().CountAsync(n => n.CompetitionId == c.Id)));
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!addresses.Any(a => first.Smtp.MessagesTo(a).Count > 0) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            sentByFirst = addresses.Sum(a => first.Smtp.MessagesTo(a).Count);
        }

        using var second = SiteOnSharedDatabase();
        _ = second.Services; // starts the host and its outbox dispatcher
        var until = DateTime.UtcNow.AddSeconds(60);
        while (addresses.Any(a => second.Smtp.MessagesTo(a).Count == 0) && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }

        await Task.Delay(1000);
        var received = addresses.SelectMany(a => second.Smtp.MessagesTo(a)).ToList();
        Assert.True(sentByFirst < count, "The first instance sent everything before it was stopped; the test proves less than it should.");
        Assert.Equal(count, received.Count);
        Assert.Equal(queued.Order(), received.Select(m => m.MessageId).Order());
        Assert.All(addresses, a => Assert.Single(second.Smtp.MessagesTo(a)));
        Assert.Equal(count, await second.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == "results.result" && m.Status == OutboxStatus.Sent)));
    }
}
