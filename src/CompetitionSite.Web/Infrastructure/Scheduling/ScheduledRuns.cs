using CompetitionSite.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Infrastructure.Scheduling;

/// <summary>
/// "Once per period across every instance" for scheduled background work (reminders, retried file deletions). Each
/// instance's timer ticks every interval; at each tick it claims the current period — the interval's whole periods
/// since the epoch on the site's clock — in table <c>ScheduledRuns</c>, and runs the pass only if its claim won.
/// Contract: for a job, at most one instance runs per period, on any database (a conditional upsert: the row moves
/// to a later period only, and only one of two concurrent upserts can move it); a period in which no instance
/// ticked, or whose claimer died mid-pass, is not made up — the next period runs as usual.
/// </summary>
public sealed class ScheduledRuns(AppDbContext db, TimeProvider clock)
{
    /// <summary>This instance, as recorded in <see cref="ScheduledRun.StartedBy"/>.</summary>
    public static readonly string Instance = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>The period <paramref name="at"/> falls in, for a job run every <paramref name="interval"/>.</summary>
    public static long PeriodOf(DateTime at, TimeSpan interval) => (at.Ticks - DateTime.UnixEpoch.Ticks) / interval.Ticks;

    /// <summary>Claims the current period of <paramref name="job"/>: the period when this instance is the one to run it, else null.</summary>
    public async Task<long?> TryClaimAsync(string job, TimeSpan interval, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var period = PeriodOf(now, interval);
        var instance = Instance;
        // The same statement on SQLite (3.24+) and PostgreSQL: insert the first claim, or move an older one forward.
        var claimed = await db.Writes.WriteAsync(ct => db.Database.ExecuteSqlAsync($"""
            INSERT INTO "ScheduledRuns" ("Job", "Period", "StartedAt", "StartedBy") VALUES ({job}, {period}, {now}, {instance})
            ON CONFLICT ("Job") DO UPDATE SET "Period" = excluded."Period", "StartedAt" = excluded."StartedAt", "StartedBy" = excluded."StartedBy"
            WHERE "ScheduledRuns"."Period" < excluded."Period"
            """, ct), cancellationToken);
        return claimed == 1 ? period : null;
    }
}
