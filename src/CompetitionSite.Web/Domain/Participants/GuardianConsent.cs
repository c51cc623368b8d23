namespace CompetitionSite.Web.Domain.Participants;

public enum ConsentStatus
{
    Pending = 0,
    Given = 1,
    Refused = 2,
    Withdrawn = 3,
}

public enum ConsentMethod
{
    /// <summary>The guardian opened the link emailed to them and decided there.</summary>
    EmailLink = 0,

    /// <summary>A guardian account consented for its own child.</summary>
    GuardianAccountAsParent = 1,

    /// <summary>A teacher's guardian account consented having collected the parents' consent (on paper or otherwise).</summary>
    GuardianAccountCollectedFromParents = 2,
}

/// <summary>
/// Evidence of a guardian's decision for a minor: who, when, from where, and which version of the wording
/// they read. Rows are never edited after the decision except to record a withdrawal.
/// </summary>
public class GuardianConsent
{
    public int Id { get; set; }
    public int ParticipantId { get; set; }

    public string GuardianName { get; set; } = "";
    public string GuardianEmail { get; set; } = "";

    /// <summary>The guardian's account when the consent was given from one.</summary>
    public string? GuardianUserId { get; set; }

    public ConsentStatus Status { get; set; } = ConsentStatus.Pending;
    public ConsentMethod Method { get; set; }

    /// <summary>SHA-256 of the token in the emailed link (the token itself is never stored).</summary>
    public string? TokenHash { get; set; }

    public DateTime RequestedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedFromIp { get; set; }
    public string? DecidedUserAgent { get; set; }

    /// <summary>The version of the consent text the guardian read (e.g. "2026-11-v1").</summary>
    public string WordingVersion { get; set; } = "";

    public DateTime? WithdrawnAt { get; set; }

    /// <summary>
    /// The guardian also agreed that the child's entries may be shown in public galleries (the publication clause of
    /// the wording, ticked separately). Counts only with a wording that has the clause (<see cref="PublicationConsentRules"/>).
    /// </summary>
    public bool AllowsPublication { get; set; }
}
