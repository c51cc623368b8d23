namespace CompetitionSite.Web.Domain.Email;

public enum OutboxStatus
{
    Pending = 0,
    Sent = 1,
    Failed = 2,
}

/// <summary>
/// One email waiting to be sent, written in the same SaveChanges as the change that caused it.
/// <see cref="MessageId"/> is fixed when the row is created, so a message sent again after a crash carries
/// the same Message-ID header.
/// </summary>
public class OutboxMessage
{
    public Guid Id { get; set; }
    public string MessageId { get; set; } = "";
    public string ToAddress { get; set; } = "";
    public string ToName { get; set; } = "";
    public string Subject { get; set; } = "";

    /// <summary>The bodies, written when the message was queued; both empty for a message rendered when it is sent (<see cref="Template"/>).</summary>
    public string HtmlBody { get; set; } = "";

    public string TextBody { get; set; } = "";

    /// <summary>
    /// Null: the bodies above are the message (written when it was queued). Otherwise the name of the template that
    /// renders the bodies when the message is sent, from committed data that never changes, named by
    /// <see cref="TemplateData"/> (e.g. "results.result": the entry's published result and the certificates' numbers). The
    /// subject, recipient and culture are always stored, so the outbox page shows what a message is without rendering it.
    /// </summary>
    public string? Template { get; set; }

    /// <summary>The template's arguments (small JSON: references to immutable rows, never the rendered text).</summary>
    public string? TemplateData { get; set; }
    public string Culture { get; set; } = "id";

    /// <summary>What kind of email this is (e.g. "account.confirm"), for the organizers' outbox page.</summary>
    public string Kind { get; set; } = "";

    public DateTime CreatedAt { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? SentAt { get; set; }

    /// <summary>
    /// When a sender last handed the message to the SMTP server (its data written, the end-of-data mark about to go),
    /// recorded before the mark. The row stays Pending until the server's reply is recorded as Sent: a row still Pending
    /// with this set when its lease runs out was handed over but never confirmed (its sender died, or the connection
    /// dropped before the reply), and is sent again with the same Message-ID. Cleared when a claim takes it again.
    /// </summary>
    public DateTime? HandedOverAt { get; set; }

    /// <summary>How many times the message was sent again after an unconfirmed hand-over (the receiver may hold more than one copy, each with the same Message-ID).</summary>
    public int Repeats { get; set; }
    public string? LastError { get; set; }

    /// <summary>Set while one dispatcher instance holds the row, so several instances never send it twice at once.</summary>
    public string? LockedBy { get; set; }
    public DateTime? LockedUntil { get; set; }
}
