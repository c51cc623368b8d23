using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Data;

/// <summary>
/// SQLite lets one connection write at a time. A writer that finds the database busy is not queued: Microsoft.Data.Sqlite
/// sleeps and tries again until the busy timeout, so in a burst of writes (200 students creating their entries in the
/// same seconds, bench/README.md "Rush") an unlucky writer can lose every retry and fail with "database is locked"
/// while others get through. The site's own saves therefore queue here first, one database at a time, in arrival
/// order, and each then finds the database free (or held only briefly by a write outside the queue). A save inside
/// an explicit transaction does not queue: its transaction already holds the database or waits for it itself.
/// </summary>
internal static class SqliteWriteQueue
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Queues = new(StringComparer.Ordinal);

    public static async Task<int> SaveAsync(DbContext db, Func<CancellationToken, Task<int>> save, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null || !db.Database.IsSqlite() || !db.ChangeTracker.HasChanges())
        {
            return await save(cancellationToken);
        }

        var queue = Queues.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        await queue.WaitAsync(cancellationToken);
        try
        {
            return await save(cancellationToken);
        }
        finally
        {
            queue.Release();
        }
    }
}
