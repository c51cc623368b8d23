using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Admin;

/// <summary>
/// What each kind of email is, in words, for the outbox page. The code (<c>entry.receipt</c>) stays in the database
/// and in the page's title attribute for support; a kind not listed here is shown by its code.
/// </summary>
public static class EmailKinds
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["account.already-registered"] = "Already registered",
        ["account.change-email"] = "Confirm a new email address",
        ["account.confirm"] = "Confirm the account",
        ["account.locked"] = "Account locked after wrong passwords",
        ["account.reset"] = "Password reset",
        ["competition.announcement"] = "Announcement of the organizers",
        ["competition.question-answered"] = "Answer to a question",
        ["competition.question-asked"] = "New question for the organizers",
        ["competition.schedule-changed"] = "Competition schedule changed",
        ["entry.disqualified"] = "Entry disqualified",
        ["entry.receipt"] = "Entry receipt",
        ["entry.team-invitation"] = "Team invitation",
        ["judging.assigned"] = "Entries assigned to a judge",
        ["judging.conflict-reported"] = "Conflict of interest reported",
        ["judging.conflicts-declared"] = "Conflicts of interest declared",
        ["judging.invitation"] = "Invitation to judge",
        ["judging.reminder"] = "Reminder to a judge",
        ["participant.consent-confirmed"] = "Consent recorded (to the guardian)",
        ["participant.consent-given"] = "Consent given (to the student)",
        ["participant.consent-refused"] = "Consent refused",
        ["participant.consent-request"] = "Consent request to a guardian",
        ["participant.consent-withdrawn"] = "Consent withdrawn",
        ["reminder.consent-pending"] = "Reminder: consent still waiting",
        ["reminder.draft-24h"] = "Reminder: draft, 24 hours before the deadline",
        ["reminder.draft-48h"] = "Reminder: draft, 48 hours before the deadline",
        ["reminder.judge-behind"] = "Reminder: judge behind schedule",
        ["results.consent-missing"] = "Entry not judged: consent never came",
        ["results.correction"] = "Result corrected",
        ["results.result"] = "Result and certificate",
    };

    /// <summary>The English key of the kind's label, or null for a kind not listed.</summary>
    public static string? LabelKey(string kind) => Labels.GetValueOrDefault(kind);

    public static IReadOnlyCollection<string> Known => Labels.Keys;

    /// <summary>The kind in the reader's language (its code when it has no label).</summary>
    public static string Label(IStringLocalizer t, string kind) => LabelKey(kind) is { } key ? t[key].Value : kind;
}
