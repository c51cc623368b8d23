using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CompetitionSite.Web.Data;

/// <summary>
/// How the site's database takes turns at writing: the one place that knows that SQLite lets one connection write at
/// a time and PostgreSQL lets many write at once under READ COMMITTED. Each context type brings its own
/// (<see cref="AppDbContext.Writes"/>: <see cref="SqliteWrites"/>, <see cref="PostgreSqlWrites"/>), so no feature
/// asks which database it runs on.
/// </summary>
public interface IDatabaseWrites
{
    /// <summary>
    /// Runs a write (a SaveChanges, an UPDATE statement) in turn with this process's other writes where the database
    /// needs that, and directly where it does not. Inside an explicit transaction it always runs directly.
    /// </summary>
    Task<T> WriteAsync<T>(Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken);

    /// <summary>The same, for a write that must happen synchronously (inside a callback that cannot wait asynchronously).</summary>
    T Write<T>(Func<T> write);

    /// <summary>
    /// Begins a transaction for a use case that reads, decides and then writes (plans assignments from the loads it
    /// read, diffs awards against the saved ones). Contract: from the moment this returns until the transaction ends,
    /// no other transaction begun here with the same <paramref name="scope"/> runs, on any instance of the site, so
    /// what the use case read stays true for it. Writes that do not begin here are not held back on every database:
    /// they must be safe on their own (a unique index, a concurrency token, a guarded UPDATE).
    /// </summary>
    Task<IDbContextTransaction> BeginExclusiveAsync(string scope, CancellationToken cancellationToken);
}

/// <summary>
/// SQLite: one writer at a time. A writer that finds the database busy is not queued: Microsoft.Data.Sqlite sleeps
/// and tries again until the busy timeout, so in a burst of writes (200 students creating their entries in the same
/// seconds, bench/README.md "Rush") an unlucky writer can lose every retry and fail with "database is locked" while
/// others get through. The site's own writes therefore queue here first, one database at a time, in arrival order,
/// and each then finds the database free (or held only briefly by a write outside the queue). A write inside an
/// explicit transaction does not queue: its transaction already holds the database or waits for it itself.
/// An exclusive transaction is SQLite's <c>BEGIN IMMEDIATE</c> (what BeginTransaction issues): it holds the whole
/// database's write lock from its start, which is stronger than the contract asks.
/// </summary>
public sealed class SqliteWrites(DbContext db) : IDatabaseWrites
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Queues = new(StringComparer.Ordinal);

    public async Task<T> WriteAsync<T>(Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        if (Queue() is not { } queue)
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

    public T Write<T>(Func<T> write)
    {
        if (Queue() is not { } queue)
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

    public Task<IDbContextTransaction> BeginExclusiveAsync(string scope, CancellationToken cancellationToken) =>
        db.Database.BeginTransactionAsync(cancellationToken);

    /// <summary>The database's queue; none inside an explicit transaction (it already holds the database or waits for it itself).</summary>
    private SemaphoreSlim? Queue() =>
        db.Database.CurrentTransaction is not null
            ? null
            : Queues.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
}

/// <summary>
/// PostgreSQL: many writers at once, each transaction READ COMMITTED (it sees what others committed after it
/// began). Writes need no queue. An exclusive transaction takes a transaction-scoped advisory lock on its scope
/// (<c>pg_advisory_xact_lock</c>, keyed by a 64-bit hash of the scope's name) before its first read, so two of the
/// same scope run one after the other on every instance, and the lock goes with the commit or rollback.
/// </summary>
public sealed class PostgreSqlWrites(DbContext db) : IDatabaseWrites
{
    public Task<T> WriteAsync<T>(Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken) => write(cancellationToken);

    public T Write<T>(Func<T> write) => write();

    public async Task<IDbContextTransaction> BeginExclusiveAsync(string scope, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var key = LockKey(scope);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>The advisory lock's key for a scope: the first 8 bytes of the SHA-256 of its name (stable across instances and restarts).</summary>
    public static long LockKey(string scope) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(scope)), 0);
}

/// <summary>The scopes of <see cref="IDatabaseWrites.BeginExclusiveAsync"/>: one name per kind of decision, per competition.</summary>
public static class ExclusiveScopes
{
    /// <summary>Assigning judges to a competition's entries (automatic runs, by hand, taking an entry off a judge).</summary>
    public static string JudgeAssignments(int competitionId) => $"judge-assignments/{competitionId}";

    /// <summary>A competition's results: saving or correcting awards, publishing.</summary>
    public static string Results(int competitionId) => $"results/{competitionId}";

    /// <summary>Creating the roles and the first-organizer setup link at start-up (instances starting together).</summary>
    public const string FirstOrganizerSetup = "first-organizer-setup";
}
