using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Email;
using Microsoft.Extensions.DependencyInjection;
using static CompetitionSite.Tests.Email.OutboxTestKit;

namespace CompetitionSite.Tests.Email;

/// <summary>Restarts and several instances of the site on one database: every message is sent exactly once.</summary>
[LongRunning]
public sealed class OutboxInstancesTests : IDisposable
{
    private readonly string _shared = Path.Combine(Path.GetTempPath(), "cs-tests", "shared-" + Guid.NewGuid().ToString("N"));

    /// <summary>One database for every instance of the test (a SQLite file in the shared folder, or a PostgreSQL database).</summary>
    private readonly string _database;

    public OutboxInstancesTests()
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

    private SiteFactory SiteOnSharedDatabase()
    {
        var site = NewSite();
        site.Settings["Database:ConnectionString"] = _database;
        site.Settings["Email:PickupDirectory"] = Path.Combine(_shared, "mail");
        return site;
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_sending_sends_each_message_exactly_once()
    {
        var to = UniqueAddress("restart");
        List<OutboxMessage> rows;
        using (var first = SiteOnSharedDatabase())
        {
            first.Settings["Email:BatchSize"] = "10";
            rows = await QueueAsync(first, to, count: 150);
            await WaitForCountAsync(first.Smtp, to, 1);
        }

        var sentByFirst = SmtpTestServer.Shared.MessagesTo(to).Count;
        using var second = SiteOnSharedDatabase();
        await WaitUntilAllSentAsync(second, to, 150, TimeSpan.FromSeconds(60));

        await Task.Delay(300);
        var received = SmtpTestServer.Shared.MessagesTo(to);
        Assert.True(sentByFirst < 150, "The first instance sent everything before it was stopped; the test proves less than it should.");
        Assert.Equal(150, received.Count);
        Assert.Equal(rows.Select(r => r.MessageId).Order(), received.Select(m => m.MessageId).Order());
    }

    [Fact]
    public async Task A_message_held_by_an_instance_that_died_is_sent_once_its_lease_has_run_out()
    {
        using var site = SiteOnSharedDatabase();
        var to = UniqueAddress("orphan");
        var now = DateTime.UtcNow;
        var expired = NewRow(to, "expired lease", lockedUntil: now.AddSeconds(-1));
        var held = NewRow(to, "lease still running", lockedUntil: now.AddHours(1));
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.OutboxMessages.AddRange(expired, held);
            await db.SaveChangesAsync();
        }

        await WaitForRowAsync(site, expired.Id, r => r.Status == OutboxStatus.Sent && r.LockedBy is null);
        await Task.Delay(500);

        var stillHeld = await RowAsync(site, held.Id);
        Assert.Equal(OutboxStatus.Pending, stillHeld.Status);
        Assert.Equal("dead-host/4242/0", stillHeld.LockedBy);
        var received = Assert.Single(site.Smtp.MessagesTo(to));
        Assert.Equal(expired.MessageId, received.MessageId);
    }

    [Fact]
    public async Task Two_instances_sending_from_one_database_never_send_a_message_twice()
    {
        using var first = SiteOnSharedDatabase();
        using var second = SiteOnSharedDatabase();
        foreach (var site in new[] { first, second })
        {
            // Small batches and frequent looks, so that both instances take part.
            site.Settings["Email:BatchSize"] = "5";
            site.Settings["Email:DispatchIntervalSeconds"] = "0.05";
        }

        _ = first.Services;
        _ = second.Services;
        var to = UniqueAddress("twice");

        // Both instances are running and polling; the messages become due at the same moment for both.
        var dueAt = DateTime.UtcNow.AddSeconds(1);
        // Enough messages that the second instance joins in: since the SMTP connection no longer waits 40 ms per
        // message (TCP_NODELAY), one instance could send 300 before the other's first look.
        var rows = Enumerable.Range(1, 1000).Select(i => NewRow(to, $"Pesan {i}", dueAt: dueAt)).ToList();
        await using (var scope = first.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.OutboxMessages.AddRange(rows);
            await db.SaveChangesAsync();
        }

        await WaitUntilAllSentAsync(first, to, 1000, TimeSpan.FromSeconds(120));

        await Task.Delay(300);
        var received = SmtpTestServer.Shared.MessagesTo(to);
        Assert.Equal(1000, received.Count);
        Assert.Equal(rows.Select(r => r.MessageId).Order(), received.Select(m => m.MessageId).Order());
        Assert.True(SentBy(first) > 0 && SentBy(second) > 0, $"Only one instance sent: {SentBy(first)} and {SentBy(second)}.");

        int SentBy(SiteFactory site) => site.Logs.Count(l => l.Contains(to, StringComparison.Ordinal) && l.Contains(" sent to ", StringComparison.Ordinal));
    }

    private static OutboxMessage NewRow(string to, string subject, DateTime? lockedUntil = null, DateTime? dueAt = null)
    {
        var id = Guid.NewGuid();
        var now = DateTime.UtcNow;
        return new OutboxMessage
        {
            Id = id,
            MessageId = $"{id:N}@competitionsite.local",
            ToAddress = to,
            ToName = "Siti",
            Subject = subject,
            HtmlBody = $"<p>{subject}</p>",
            TextBody = subject,
            Culture = "id",
            Kind = "test.message",
            CreatedAt = now,
            NextAttemptAt = dueAt ?? now,
            Status = OutboxStatus.Pending,
            LockedBy = lockedUntil is null ? null : "dead-host/4242/0",
            LockedUntil = lockedUntil,
        };
    }
}
