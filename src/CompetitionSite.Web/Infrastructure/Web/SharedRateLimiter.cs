using System.Data.Common;
using System.Threading.RateLimiting;
using CompetitionSite.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Infrastructure.Web;

/// <summary>
/// The partitions of the site's rate limits: one fixed one-minute window per key. On PostgreSQL — the database of a
/// site that runs on several instances — the window is counted in the database (<see cref="DatabaseWindowLimiter"/>), so
/// the limit holds for the site as a whole whichever instance a request reaches; on SQLite, whose file belongs to one
/// machine and one process, it is counted in memory (ASP.NET Core's <see cref="FixedWindowRateLimiter"/>).
/// </summary>
public static class RateLimitWindows
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static RateLimitPartition<string> Partition(HttpContext context, string key, int perMinute)
    {
        var shared = context.RequestServices.GetRequiredService<IOptions<DatabaseOptions>>().Value.Kind == DatabaseProvider.PostgreSql;
        if (!shared)
        {
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = Window,
                QueueLimit = 0,
            });
        }

        var scopes = context.RequestServices.GetRequiredService<IServiceScopeFactory>();
        var clock = context.RequestServices.GetRequiredService<TimeProvider>();
        return RateLimitPartition.Get(key, k => new DatabaseWindowLimiter(k, perMinute, scopes, clock));
    }
}

/// <summary>
/// A fixed one-minute window counted in table <c>RateLimitWindows</c>: each request adds one to its key's row for the
/// current minute (one upsert that returns the new count) and is let through while the count is within the limit.
/// Contract: across every instance on the database, at most <c>permitLimit</c> requests of a key are let through per
/// minute of the site's clock; a rejected request is told when the window ends (Retry-After). Every acquisition
/// goes to the database, so <see cref="AttemptAcquireCore"/> never grants: the middleware then awaits
/// <see cref="AcquireAsyncCore"/>.
/// </summary>
public sealed class DatabaseWindowLimiter(string key, int permitLimit, IServiceScopeFactory scopes, TimeProvider clock) : RateLimiter
{
    private static long _nextSweepTicks;
    private long _lastUsedTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();

    public override TimeSpan? IdleDuration => System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsedTimestamp));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        permitCount == 0 ? WindowLease.Granted : WindowLease.Undecided;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsedTimestamp, System.Diagnostics.Stopwatch.GetTimestamp());
        if (permitCount == 0)
        {
            return WindowLease.Granted;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var windowStart = new DateTime(now.Ticks - now.Ticks % RateLimitWindows.Window.Ticks, DateTimeKind.Utc);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var count = await CountAsync(db, key, windowStart, permitCount, cancellationToken);
        await SweepAsync(db, now, cancellationToken);
        return count <= permitLimit ? WindowLease.Granted : WindowLease.Rejected(windowStart + RateLimitWindows.Window - now);
    }

    /// <summary>Adds the permits to the key's window and returns the window's count (one statement, atomic on the database).</summary>
    public static async Task<long> CountAsync(AppDbContext db, string key, DateTime windowStart, int permits, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO "RateLimitWindows" ("Key", "WindowStart", "Count") VALUES (@key, @start, @permits)
                ON CONFLICT ("Key", "WindowStart") DO UPDATE SET "Count" = "RateLimitWindows"."Count" + @permits
                RETURNING "Count"
                """;
            Add(command, "key", key);
            Add(command, "start", windowStart);
            Add(command, "permits", permits);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Deletes windows older than the previous minute, at most once a minute per instance.</summary>
    private static async Task SweepAsync(AppDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.Ticks < next || Interlocked.CompareExchange(ref _nextSweepTicks, now.Ticks + RateLimitWindows.Window.Ticks, next) != next)
        {
            return;
        }

        var before = now - 2 * RateLimitWindows.Window;
        await db.RateLimitWindows.Where(w => w.WindowStart < before).ExecuteDeleteAsync(cancellationToken);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private sealed class WindowLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly WindowLease Granted = new(true, null);

        /// <summary>Not granted yet: the count is in the database, so the middleware must wait for <see cref="AcquireAsyncCore"/>.</summary>
        public static readonly WindowLease Undecided = new(false, null);

        public static WindowLease Rejected(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } after && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = after;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
