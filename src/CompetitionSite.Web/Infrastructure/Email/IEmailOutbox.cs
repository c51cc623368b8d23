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
/// An email whose bodies are rendered when it is sent, by the <see cref="IOutboxTemplate"/> named <paramref name="Template"/>
/// from committed data that never changes (<paramref name="TemplateData"/> says which). The subject is written now, in the
/// recipient's language, so the outbox page can show it.
/// </summary>
public sealed record TemplatedEmail(
    string ToAddress,
    string ToName,
    string Subject,
    string Culture,
    string Kind,
    string Template,
    string TemplateData);

/// <summary>
/// Queues email in the same unit of work as the business change that caused it. Nothing is sent until the
/// caller's SaveChanges succeeds; the dispatcher then sends it.
/// </summary>
public interface IEmailOutbox
{
    OutboxMessage Enqueue(EmailMessage message);

    /// <summary>Queues a message whose bodies are rendered when it is sent (<see cref="OutboxMessage.Template"/>).</summary>
    OutboxMessage Enqueue(TemplatedEmail message);
}

public sealed class EmailOutbox(
    AppDbContext db, TimeProvider clock, Microsoft.Extensions.Options.IOptions<SiteOptions> site, IOutboxSignal signal) : IEmailOutbox
{
    private bool _wakeOnSave;

    public OutboxMessage Enqueue(EmailMessage message)
    {
        var row = NewRow(message.ToAddress, message.ToName, message.Subject, message.Culture, message.Kind);
        row.HtmlBody = message.HtmlBody;
        row.TextBody = message.TextBody;
        db.OutboxMessages.Add(row);
        return row;
    }

    public OutboxMessage Enqueue(TemplatedEmail message)
    {
        var row = NewRow(message.ToAddress, message.ToName, message.Subject, message.Culture, message.Kind);
        row.Template = message.Template;
        row.TemplateData = message.TemplateData;
        db.OutboxMessages.Add(row);
        return row;
    }

    private OutboxMessage NewRow(string toAddress, string toName, string subject, string culture, string kind)
    {
        if (!_wakeOnSave)
        {
            // Once the caller's SaveChanges has committed the row, this instance's dispatcher sends it right away.
            _wakeOnSave = true;
            db.SavedChanges += (_, _) => signal.Wake();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var id = Guid.NewGuid();
        return new OutboxMessage
        {
            Id = id,
            MessageId = $"{id:N}@{site.Value.MessageIdDomain}",
            ToAddress = toAddress,
            ToName = toName,
            Subject = subject,
            Culture = culture,
            Kind = kind,
            CreatedAt = now,
            NextAttemptAt = now,
            Status = OutboxStatus.Pending,
        };
    }
}
