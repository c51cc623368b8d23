using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Site;

/// <summary>The site's saves queue for SQLite's single writer (bench/README.md, the rush: "database is locked" in a burst of entries).</summary>
public sealed class SqliteWriteQueueTests : IDisposable
{
    private readonly SiteFactory _site = new();

    public SqliteWriteQueueTests()
    {
        _site.Settings["Database:BusyTimeoutSeconds"] = "5";
        _ = _site.CreateClient(); // starts the site: database migrated, WAL on
    }

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task A_burst_of_saves_from_many_requests_all_get_through()
    {
        const int Writers = 300;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
        {
            await using var scope = _site.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.AuditEvents.Add(Event($"burst {i}"));
            await db.SaveChangesAsync();
            db.AuditEvents.Add(Event($"burst {i} again"));
            await db.SaveChangesAsync();
        })));

        await using var check = _site.Services.CreateAsyncScope();
        Assert.Equal(2 * Writers, await check.ServiceProvider.GetRequiredService<AppDbContext>().AuditEvents.CountAsync(e => e.Action == "test.burst"));
    }

    [Fact]
    public async Task A_save_inside_a_transaction_does_not_wait_behind_a_queued_save()
    {
        await using var first = _site.Services.CreateAsyncScope();
        var db = first.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.AuditEvents.Add(Event("in transaction 1"));
        await db.SaveChangesAsync(); // the transaction now holds SQLite's write lock

        // Another request's save takes its place in the queue and waits for the lock.
        await using var second = _site.Services.CreateAsyncScope();
        var other = second.ServiceProvider.GetRequiredService<AppDbContext>();
        other.AuditEvents.Add(Event("queued"));
        var queued = other.SaveChangesAsync();
        await Task.Delay(200);

        // Were the transaction's next save queued behind it, neither could go on until the busy timeout (5 s).
        db.AuditEvents.Add(Event("in transaction 2"));
        await db.SaveChangesAsync().WaitAsync(TimeSpan.FromSeconds(3));
        await transaction.CommitAsync();

        // The waiting save is SQLite's business, as without the queue: seen here to end with "database is locked"
        // at its busy timeout even after the commit (a write waiting on another connection's open transaction).
        // It must end, and the transaction's rows are in.
        var waited = await Record.ExceptionAsync(() => queued.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.True(waited is null or DbUpdateException, $"The waiting save did not end as SQLite ends it: {waited}");
        await using var check = _site.Services.CreateAsyncScope();
        var details = await check.ServiceProvider.GetRequiredService<AppDbContext>().AuditEvents.Where(e => e.Action == "test.burst").Select(e => e.Details).ToListAsync();
        Assert.Contains("in transaction 1", details);
        Assert.Contains("in transaction 2", details);
    }

    private static AuditEvent Event(string details) => new()
    {
        At = DateTime.UtcNow,
        ActorName = "test",
        Action = "test.burst",
        ObjectType = "test",
        ObjectId = "1",
        Details = details,
    };
}
