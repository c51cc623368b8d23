using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Infrastructure.Localization;

namespace CompetitionSite.Web.Infrastructure.Email;

/// <summary>
/// Writes an email in its recipient's language and queues it: the one place where the current culture is switched
/// to the recipient's for the subject and body and switched back afterwards.
/// </summary>
public static class LocalizedEmail
{
    /// <summary>
    /// Runs <paramref name="compose"/> with <c>CurrentCulture</c> and <c>CurrentUICulture</c> set to
    /// <paramref name="culture"/> (normalized to a supported culture; the site's default when null or unknown), and
    /// returns the message it wrote. The caller's cultures are restored afterwards, also when composing throws.
    /// </summary>
    public static EmailMessage Write(string toAddress, string toName, string? culture, string kind, Func<(string Subject, EmailTemplate Body)> compose)
    {
        var normalized = LocalizationSetup.Normalize(culture);
        using var scope = CultureScope.Use(normalized);
        var (subject, body) = compose();
        return new EmailMessage(toAddress, toName, subject, body.Html(normalized), body.Text(), normalized, kind);
    }

    /// <summary><see cref="Write"/>, then <see cref="IEmailOutbox.Enqueue"/>: the email leaves with the caller's SaveChanges.</summary>
    public static OutboxMessage QueueLocalized(
        this IEmailOutbox outbox, string toAddress, string toName, string? culture, string kind, Func<(string Subject, EmailTemplate Body)> compose) =>
        outbox.Enqueue(Write(toAddress, toName, culture, kind, compose));
}
