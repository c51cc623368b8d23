namespace CompetitionSite.Web.Domain.Participants;

/// <summary>
/// Whether a participant agreed that their entries may be shown in public (the gallery). A participant of 18 or older
/// agrees for themself; for a minor it is the guardian's standing consent, given with the publication clause ticked,
/// under a wording that has that clause. Consents given under an older wording never count: the guardian did not read it.
/// </summary>
public static class PublicationConsentRules
{
    /// <summary>The consent wordings that contain the publication clause (the current one and any later).</summary>
    public static readonly IReadOnlySet<string> WordingsWithPublicationClause = new HashSet<string>(StringComparer.Ordinal) { "2026-12-v2" };

    public static bool IsGiven(ParticipantProfile participant, DateOnly today)
    {
        if (!participant.IsMinorOn(today))
        {
            return participant.PublicationConsentAt is not null
                   && participant.PublicationConsentWording is { } wording && WordingsWithPublicationClause.Contains(wording);
        }

        if (ConsentRules.StateOf(participant, today) != ConsentState.Given)
        {
            return false;
        }

        // The decision that makes the state Given is the latest one (ConsentRules.StateOf).
        var standing = participant.Consents
            .Where(c => c.Status != ConsentStatus.Pending)
            .OrderBy(ConsentRules.DecisionTime)
            .ThenBy(c => c.Id)
            .Last();
        return CountsForPublication(standing);
    }

    /// <summary>A given guardian consent whose wording has the publication clause and whose clause was ticked.</summary>
    public static bool CountsForPublication(GuardianConsent consent) =>
        consent.Status == ConsentStatus.Given && consent.AllowsPublication && WordingsWithPublicationClause.Contains(consent.WordingVersion);
}
