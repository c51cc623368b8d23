namespace CompetitionSite.Web.Domain.Reminders;

/// <summary>
/// The automatic reminders. Each kind is also the outbox label of its email; a recipient stops a whole
/// <see cref="ReminderTopic"/> at once (both draft reminders with one click).
/// </summary>
public static class ReminderKinds
{
    public const string Draft48h = "reminder.draft-48h";
    public const string Draft24h = "reminder.draft-24h";
    public const string ConsentPending = "reminder.consent-pending";
    public const string JudgeBehind = "reminder.judge-behind";

    public static readonly IReadOnlyList<string> All = [Draft48h, Draft24h, ConsentPending, JudgeBehind];

    public static ReminderTopic TopicOf(string kind) => kind switch
    {
        Draft48h or Draft24h => ReminderTopic.Drafts,
        ConsentPending => ReminderTopic.Consent,
        JudgeBehind => ReminderTopic.Judging,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a reminder kind."),
    };
}

/// <summary>What a recipient can stop, and what an organizer switches per competition.</summary>
public enum ReminderTopic
{
    Drafts = 0,
    Consent = 1,
    Judging = 2,
}

/// <summary>
/// One reminder that was queued: at most one row per recipient, kind and occasion (a unique index), written in the
/// same transaction as the reminder's outbox row. Whoever inserts it first sends the email; a second run, a restart or
/// another instance fails on the index and sends nothing.
/// </summary>
public class SentReminder
{
    public long Id { get; set; }

    /// <summary>One of <see cref="ReminderKinds"/>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The recipient: an account id, or the lower-case address for a guardian without one.</summary>
    public string Recipient { get; set; } = "";

    /// <summary>What the reminder is about: <c>competition:12</c> or <c>consent:34</c>.</summary>
    public string Occasion { get; set; } = "";

    public int? CompetitionId { get; set; }
    public Guid? OutboxMessageId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A recipient (by lower-case address) who stopped one topic of reminders, from the link in a reminder.</summary>
public class ReminderStop
{
    public long Id { get; set; }
    public string Email { get; set; } = "";
    public ReminderTopic Topic { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>When each reminder is due. One place for the rules; the job only asks.</summary>
public static class ReminderRules
{
    /// <summary>Before the deadline, a draft gets the 48-hour reminder, then the 24-hour one.</summary>
    public static readonly TimeSpan FirstDraftReminder = TimeSpan.FromHours(48);

    public static readonly TimeSpan LastDraftReminder = TimeSpan.FromHours(24);

    /// <summary>A guardian is reminded once a consent request has waited this long without an answer.</summary>
    public static readonly TimeSpan ConsentWait = TimeSpan.FromDays(3);

    /// <summary>
    /// The draft reminder due at <paramref name="nowUtc"/>: the 48-hour one from 48 h to 24 h before the deadline,
    /// the 24-hour one in the last 24 h; none before or after. A job that was down during the first window sends only
    /// the second.
    /// </summary>
    public static string? DraftReminderDue(DateTime deadlineUtc, DateTime nowUtc)
    {
        var left = deadlineUtc - nowUtc;
        if (left <= TimeSpan.Zero || left > FirstDraftReminder)
        {
            return null;
        }

        return left > LastDraftReminder ? ReminderKinds.Draft48h : ReminderKinds.Draft24h;
    }

    /// <summary>
    /// A judge is behind schedule when half of the judging time (deadline to end of judging) has passed and fewer than
    /// half of their assigned entries have a submitted score. Judging that has ended reminds no one.
    /// </summary>
    public static bool JudgeIsBehind(int assigned, int submitted, DateTime judgingStartsUtc, DateTime judgingEndsUtc, DateTime nowUtc)
    {
        if (assigned == 0 || nowUtc >= judgingEndsUtc || judgingEndsUtc <= judgingStartsUtc)
        {
            return false;
        }

        var halfway = judgingStartsUtc + (judgingEndsUtc - judgingStartsUtc) / 2;
        return nowUtc >= halfway && submitted * 2 < assigned;
    }

    /// <summary>A pending consent request is reminded once it has waited <see cref="ConsentWait"/> and its link still works.</summary>
    public static bool ConsentReminderDue(DateTime requestedAtUtc, DateTime linkExpiresAtUtc, DateTime nowUtc) =>
        nowUtc - requestedAtUtc >= ConsentWait && nowUtc < linkExpiresAtUtc;

    public static string CompetitionOccasion(int competitionId) => "competition:" + competitionId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string ConsentOccasion(int consentId) => "consent:" + consentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
