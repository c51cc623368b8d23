using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Data;

/// <summary>
/// SQLite lets one connection write at a time. A writer that finds the database busy is not queued: Microsoft.Data.Sqlite
/// sleeps and tries again until the busy timeout, so in a burst of writes (many students creating their entries in the
/// same seconds; bench/README.md, "Rush") an unlucky writer can lose every retry and fail with "database is locked"
/// while others get through. The site's own saves therefore queue here first, one database at a time, in arrival
/// order, and each then finds the database free (or held only briefly by a write outside the queue). A save inside
/// an explicit transaction does not queue: its transaction already holds the database or waits for it itself.
/// </summary>
internal static class SqliteWriteQueue
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Queues = new(StringComparer.Ordinal);

    public static async Task<int> SaveAsync(DbContext db, Func<CancellationToken, Task<int>> save, CancellationToken cancellationToken) =>
        db.ChangeTracker.HasChanges()
            ? await WriteAsync(db, save, cancellationToken)
            : await save(cancellationToken);

    /// <summary>
    /// Any write, also one that does not go through SaveChanges (an UPDATE statement, e.g. the outbox recording a sent
    /// message), queued with the site's saves, so that writers in this process take turns instead of sleeping on a busy
    /// database.
    /// </summary>
    public static async Task<T> WriteAsync<T>(DbContext db, Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        if (QueueFor(db) is not { } queue)
        {
            return await write(cancellationToken);
        }

        await queue.WaitAsync(cancellationToken);
        try
        {
            return await write(cancellationToken);
        }
        finally
        {
            queue.Release();
        }
    }

    /// <summary>The same, for a write that must happen synchronously (inside a callback that cannot wait asynchronously).</summary>
    public static T Write<T>(DbContext db, Func<T> write)
    {
        if (QueueFor(db) is not { } queue)
        {
            return write();
        }

        queue.Wait();
        try
        {
            return write();
        }
        finally
        {
            queue.Release();
        }
    }

    /// <summary>The database's queue; none inside an explicit transaction (it already holds the database or waits for it itself) or off SQLite.</summary>
    private static SemaphoreSlim? QueueFor(DbContext db) =>
        db.Database.CurrentTransaction is not null || !db.Database.IsSqlite()
            ? null
            : Queues.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
}
