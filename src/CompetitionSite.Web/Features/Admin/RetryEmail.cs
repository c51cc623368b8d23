using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Infrastructure.Auditing;
using CompetitionSite.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Admin;

public enum RetryEmailResult
{
    Queued,
    AlreadySent,
    NotFound,
}

/// <summary>
/// An organizer sends a waiting or failed email again: it becomes due now (audited) and the dispatcher is woken. A
/// sent email is never sent again from here; the guarded update makes a send that finishes meanwhile win.
/// </summary>
public sealed class RetryEmail(AppDbContext db, IOutboxSignal signal, IAuditLog audit, TimeProvider clock)
{
    public async Task<RetryEmailResult> RunAsync(Guid id, CancellationToken ct = default)
    {
        var message = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Id == id)
            .Select(m => new { m.Status, m.ToAddress, m.Kind })
            .SingleOrDefaultAsync(ct);
        if (message is null)
        {
            return RetryEmailResult.NotFound;
        }

        if (message.Status == OutboxStatus.Sent)
        {
            return RetryEmailResult.AlreadySent;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var changed = await db.OutboxMessages
                .Where(m => m.Id == id && m.Status != OutboxStatus.Sent)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, OutboxStatus.Pending)
                    .SetProperty(m => m.NextAttemptAt, now), ct);
            if (changed == 1)
            {
                audit.Record("email.retried", nameof(OutboxMessage), id.ToString(), $"{message.Kind} to {message.ToAddress} (was {message.Status})");
                await db.SaveChangesAsync(ct);
            }

            await transaction.CommitAsync(ct);
        }

        signal.Wake();
        return RetryEmailResult.Queued;
    }
}
