using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Email;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Infrastructure.Email;

/// <summary>How a sender claims due rows: one statement per claim, so two senders never take the same row.</summary>
public sealed partial class OutboxDispatcher
{
    /// <summary>
    /// Marks up to <see cref="EmailOptions.BatchSize"/> due rows as held by <paramref name="holder"/> with one UPDATE
    /// whose subquery picks rows nobody holds (or whose holder's lease ran out) — one statement, so two senders never
    /// take the same row and neither comes away empty while rows are due — then reads back the rows it holds.
    /// </summary>
    internal async Task<List<OutboxMessage>> ClaimAsync(AppDbContext db, string holder, CancellationToken cancellationToken)
    {
        if (_options.IsPaced)
        {
            return await ClaimPacedAsync(db, holder, cancellationToken);
        }

        return await ClaimAsync(db, holder, _options.BatchSize, cancellationToken);
    }

    /// <summary>
    /// The claim under <see cref="EmailOptions.MaxPerMinute"/>/<see cref="EmailOptions.MaxPerDay"/>: the budget is counted
    /// and the rows claimed in one serializable transaction, so two senders (of this or another instance) never both
    /// spend the same part of the budget: SQLite runs it under its write lock (BEGIN IMMEDIATE); PostgreSQL's
    /// serializable isolation aborts one of two overlapping claims, which then finds nothing this round and tries again
    /// on the next.
    /// </summary>
    private async Task<List<OutboxMessage>> ClaimPacedAsync(AppDbContext db, string holder, CancellationToken cancellationToken)
    {
        var claimed = await db.Writes.WriteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct);
            var now = Now();
            var minuteAgo = now - OutboxPacing.Minute;
            var dayAgo = now - OutboxPacing.Day;
            var sentLastDay = _options.MaxPerDay is null ? 0 : await db.OutboxMessages.CountAsync(m => m.SentAt > dayAgo, ct);
            var sentLastMinute = _options.MaxPerMinute is null ? 0 : await db.OutboxMessages.CountAsync(m => m.SentAt > minuteAgo, ct);
            var held = await db.OutboxMessages.CountAsync(
                m => m.Status == OutboxStatus.Pending && m.LockedBy != null && m.LockedUntil > now, ct);
            var budget = OutboxPacing.Budget(_options.BatchSize, _options.MaxPerMinute, _options.MaxPerDay, sentLastMinute, sentLastDay, held);
            var count = budget == 0 ? 0 : await ClaimRowsAsync(db, holder, budget, now, ct);
            await transaction.CommitAsync(ct);
            return count;
        }, cancellationToken);
        return claimed == 0 ? [] : await ReadClaimedAsync(db, holder, cancellationToken);
    }

    private async Task<List<OutboxMessage>> ClaimAsync(AppDbContext db, string holder, int take, CancellationToken cancellationToken)
    {
        var claimed = await db.Writes.WriteAsync(ct => ClaimRowsAsync(db, holder, take, Now(), ct), cancellationToken);
        return claimed == 0 ? [] : await ReadClaimedAsync(db, holder, cancellationToken);
    }

    private Task<int> ClaimRowsAsync(AppDbContext db, string holder, int take, DateTime now, CancellationToken cancellationToken)
    {
        var lockedUntil = now.AddSeconds(_options.LockSeconds);
        if (db.Database.IsNpgsql())
        {
            return ClaimOnPostgreSqlAsync(db, holder, now, lockedUntil, take, cancellationToken);
        }

        var due = db.OutboxMessages
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil <= now))
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(take);
        return db.OutboxMessages
            .Where(m => due.Contains(m.Id))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LockedBy, holder)
                .SetProperty(m => m.LockedUntil, lockedUntil)
                // Handed over by a sender that never saw it confirmed: this send is a repeat.
                .SetProperty(m => m.Repeats, m => m.HandedOverAt == null ? m.Repeats : m.Repeats + 1)
                .SetProperty(m => m.HandedOverAt, (DateTime?)null), cancellationToken);
    }

    private async Task<List<OutboxMessage>> ReadClaimedAsync(AppDbContext db, string holder, CancellationToken cancellationToken)
    {
        var now = Now();
        return await db.OutboxMessages.AsNoTracking()
            .Where(m => m.LockedBy == holder && m.Status == OutboxStatus.Pending && m.LockedUntil > now)
            .OrderBy(m => m.NextAttemptAt)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The claim on PostgreSQL. SQLite has one writer, so the UPDATE above and its subquery see the same rows; on
    /// PostgreSQL two senders' UPDATEs run at once and, under READ COMMITTED, the second would wait for the first's rows
    /// and then take them too (its subquery is not evaluated again). <c>FOR UPDATE SKIP LOCKED</c> makes the subquery
    /// pass over rows another claim is taking, and re-check those it locks against their latest version.
    /// </summary>
    private static Task<int> ClaimOnPostgreSqlAsync(AppDbContext db, string holder, DateTime now, DateTime lockedUntil, int take, CancellationToken ct)
    {
        var pending = (int)OutboxStatus.Pending;
        return db.Database.ExecuteSqlAsync($"""
            UPDATE "OutboxMessages" SET "LockedBy" = {holder}, "LockedUntil" = {lockedUntil},
                "Repeats" = CASE WHEN "HandedOverAt" IS NULL THEN "Repeats" ELSE "Repeats" + 1 END, "HandedOverAt" = NULL
            WHERE "Id" IN (
                SELECT "Id" FROM "OutboxMessages"
                WHERE "Status" = {pending} AND "NextAttemptAt" <= {now} AND ("LockedUntil" IS NULL OR "LockedUntil" <= {now})
                ORDER BY "NextAttemptAt"
                LIMIT {take}
                FOR UPDATE SKIP LOCKED)
            """, ct);
    }
}
