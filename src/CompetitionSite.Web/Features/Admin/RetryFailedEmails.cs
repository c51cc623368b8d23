using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Infrastructure.Auditing;
using CompetitionSite.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Admin;

/// <summary>
/// An organizer sends every failed email again (e.g. after the mail server was down for longer than the retries
/// last): they become due now, in one audited step, and the dispatcher is woken. Returns how many were queued.
/// </summary>
public sealed class RetryFailedEmails(AppDbContext db, IOutboxSignal signal, IAuditLog audit, TimeProvider clock)
{
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        int changed;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            changed = await db.OutboxMessages
                .Where(m => m.Status == OutboxStatus.Failed)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, OutboxStatus.Pending)
                    .SetProperty(m => m.NextAttemptAt, now), ct);
            if (changed > 0)
            {
                audit.Record("email.retried-failed", nameof(OutboxMessage), "*", $"{changed} failed email(s) queued again");
                await db.SaveChangesAsync(ct);
            }

            await transaction.CommitAsync(ct);
        }

        signal.Wake();
        return changed;
    }
}
