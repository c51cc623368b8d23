using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Infrastructure.Email;

/// <summary>How outgoing email is sent (section "Email"). With no SMTP host, messages go to a pickup folder.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    [Required(ErrorMessage = "Email:FromAddress must be set.")]
    [EmailAddress(ErrorMessage = "Email:FromAddress must be an email address.")]
    public string FromAddress { get; set; } = "noreply@competitionsite.local";

    /// <summary>The display name of the sender. Empty: the site name (Site:Name).</summary>
    public string? FromName { get; set; }

    /// <summary>Where .eml files are written when no SMTP host is set. Empty: <c>data/mail</c> under the content root.</summary>
    public string? PickupDirectory { get; set; }

    /// <summary>How often the dispatcher looks for due messages (it is also woken when a message is queued).</summary>
    [Range(0.05, 3600, ErrorMessage = "Email:DispatchIntervalSeconds must be between 0.05 and 3600.")]
    public double DispatchIntervalSeconds { get; set; } = 2;

    /// <summary>Attempts before a message is given up as Failed.</summary>
    [Range(1, 100, ErrorMessage = "Email:MaxAttempts must be between 1 and 100.")]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Messages one dispatcher claims at a time.</summary>
    [Range(1, 1000, ErrorMessage = "Email:BatchSize must be between 1 and 1000.")]
    public int BatchSize { get; set; } = 50;

    /// <summary>The first retry delay; each further retry waits twice as long, up to <see cref="MaxRetryDelaySeconds"/>.</summary>
    [Range(0.01, 3600, ErrorMessage = "Email:RetryBaseSeconds must be between 0.01 and 3600.")]
    public double RetryBaseSeconds { get; set; } = 5;

    [Range(0.01, 86400, ErrorMessage = "Email:MaxRetryDelaySeconds must be between 0.01 and 86400.")]
    public double MaxRetryDelaySeconds { get; set; } = 600;

    /// <summary>
    /// How long a dispatcher holds the messages it claimed. If the instance dies, another one takes them over
    /// after this time. A dispatcher starts no new message in the second half of its lease.
    /// </summary>
    [Range(10, 3600, ErrorMessage = "Email:LockSeconds must be between 10 and 3600.")]
    public int LockSeconds { get; set; } = 300;

    /// <summary>
    /// At most this many messages leave in any minute, counted over every instance (a relay's cap, e.g. Gmail's). Empty: no
    /// limit. See <see cref="Domain.Email.OutboxPacing"/>.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "Email:MaxPerMinute must be between 1 and 100000 (or empty for no limit).")]
    public int? MaxPerMinute { get; set; }

    /// <summary>At most this many messages leave in any 24 hours, counted over every instance. Empty: no limit.</summary>
    [Range(1, 10_000_000, ErrorMessage = "Email:MaxPerDay must be between 1 and 10000000 (or empty for no limit).")]
    public int? MaxPerDay { get; set; }

    /// <summary>
    /// True (the default): a publication queues result emails that say what to send, and the dispatcher renders their
    /// bodies when it sends them (issue 16). False: the publication writes every result email's bodies in its own
    /// transaction, as before (slower; kept as the publication benchmark's baseline and as a way back).
    /// </summary>
    public bool RenderAtSend { get; set; } = true;

    /// <summary>True when a per-minute or per-day cap is set.</summary>
    public bool IsPaced => MaxPerMinute is not null || MaxPerDay is not null;

    [ValidateObjectMembers]
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>True when email goes to the pickup folder instead of an SMTP server.</summary>
    public bool UsesPickupDirectory => string.IsNullOrWhiteSpace(Smtp.Host);
}

public enum SmtpSecurity
{
    /// <summary>Port 465: TLS on connect; any other port: STARTTLS when the server offers it.</summary>
    Auto = 0,
    None = 1,
    StartTls = 2,
    SslOnConnect = 3,
}

/// <summary>The SMTP server (section "Email:Smtp"). An empty host means: write .eml files to the pickup folder.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535, ErrorMessage = "Email:Smtp:Port must be between 1 and 65535.")]
    public int Port { get; set; } = 587;

    /// <summary>Auto, None, StartTls or SslOnConnect. Use StartTls (587) or SslOnConnect (465) in production.</summary>
    [EnumDataType(typeof(SmtpSecurity), ErrorMessage = "Email:Smtp:Security must be Auto, None, StartTls or SslOnConnect.")]
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// Turns SMTP PIPELINING off. Only for the in-process test server, with which MailKit's pipelining stalls
    /// (Infrastructure/Email/README.md); real servers don't need it.
    /// </summary>
    public bool DisablePipelining { get; set; }

    /// <summary>Seconds one SMTP read or write may take before the connection is given up.</summary>
    [Range(1, 300, ErrorMessage = "Email:Smtp:TimeoutSeconds must be between 1 and 300.")]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// How many connections the dispatcher sends over at once, each with its own batches. One connection waits for the
    /// server's reply to every command (about five round trips per message), so over the internet it sends only a few
    /// messages a second. Keep it within what the mail server or relay allows per client.
    /// </summary>
    [Range(1, 32, ErrorMessage = "Email:Smtp:Connections must be between 1 and 32.")]
    public int Connections { get; set; } = 4;

    /// <summary>A kept-open connection unused this long is closed (QUIT); one unused for a few seconds is checked with NOOP first.</summary>
    [Range(1, 3600, ErrorMessage = "Email:Smtp:IdleSeconds must be between 1 and 3600.")]
    public int IdleSeconds { get; set; } = 60;
}
