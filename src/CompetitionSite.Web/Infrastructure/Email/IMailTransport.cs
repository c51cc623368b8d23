using MimeKit;

namespace CompetitionSite.Web.Infrastructure.Email;

/// <summary>
/// Delivers finished messages, shaped for the dispatcher's batches: <see cref="OpenAsync"/> once per batch,
/// <see cref="SendAsync"/> per message, then <see cref="CloseIfIdleAsync"/> between batches and
/// <see cref="CloseAsync"/> at shutdown. Used by one dispatcher loop at a time (not thread-safe).
/// Every failure surfaces as a <see cref="MailTransportException"/>.
/// </summary>
public interface IMailTransport : IAsyncDisposable
{
    /// <summary>A short description for logs and the organizers' page, e.g. "SMTP smtp.example.org:587".</summary>
    string Description { get; }

    /// <summary>Makes the transport ready for a batch: connects, or checks and reuses the kept-open connection.</summary>
    Task OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Delivers one message. When this returns, the server (or the pickup folder) has accepted it.
    /// <paramref name="handingOver"/>, when given, is called synchronously once the whole message has been written and
    /// just before the end-of-data mark that makes the server take it (the dispatcher records the hand-over there). If it
    /// throws, the send fails and the server does not take the message. A transport that cannot tell that moment does
    /// not call it.
    /// </summary>
    Task SendAsync(MimeMessage message, Action? handingOver, CancellationToken cancellationToken);

    /// <summary>Closes the kept-open connection when it has not been used for a while.</summary>
    Task CloseIfIdleAsync(CancellationToken cancellationToken);

    /// <summary>Closes the connection politely (QUIT).</summary>
    Task CloseAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Sending failed. <see cref="Permanent"/> failures (an SMTP 5xx reply, an address that cannot be parsed) are
/// not retried; all others (4xx, refused or dropped connections, timeouts, disk errors) are.
/// </summary>
public sealed class MailTransportException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;

    /// <summary>No connection could be made: the other messages of the batch would fail the same way.</summary>
    public bool ServerUnavailable { get; init; }

    /// <summary>The server answered (an error reply): it did not take the message. False when the connection failed without a reply.</summary>
    public bool Answered { get; init; }
}
