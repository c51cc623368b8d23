using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Email;

namespace CompetitionSite.Web.Infrastructure.Email;

/// <summary>An email ready to queue: already written in the recipient's language.</summary>
public sealed record EmailMessage(
    string ToAddress,
    string ToName,
    string Subject,
    string HtmlBody,
    string TextBody,
    string Culture,
    string Kind);

/// <summary>
/// Queues email in the same unit of work as the business change that caused it. Nothing is sent until the
/// caller's SaveChanges succeeds; the dispatcher then sends it.
/// </summary>
public interface IEmailOutbox
{
    OutboxMessage Enqueue(EmailMessage message);
}

public sealed class EmailOutbox(
    AppDbContext db, TimeProvider clock, Microsoft.Extensions.Options.IOptions<SiteOptions> site, IOutboxSignal signal) : IEmailOutbox
{
    private bool _wakeOnSave;

    public OutboxMessage Enqueue(EmailMessage message)
    {
        if (!_wakeOnSave)
        {
            // Once the caller's SaveChanges has committed the row, this instance's dispatcher sends it right away.
            _wakeOnSave = true;
            db.SavedChanges += (_, _) => signal.Wake();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var id = Guid.NewGuid();
        var row = new OutboxMessage
        {
            Id = id,
            MessageId = $"{id:N}@{site.Value.MessageIdDomain}",
            ToAddress = message.ToAddress,
            ToName = message.ToName,
            Subject = message.Subject,
            HtmlBody = message.HtmlBody,
            TextBody = message.TextBody,
            Culture = message.Culture,
            Kind = message.Kind,
            CreatedAt = now,
            NextAttemptAt = now,
            Status = OutboxStatus.Pending,
        };
        db.OutboxMessages.Add(row);
        return row;
    }
}
