namespace CompetitionSite.Web.Domain.Participants;

/// <summary>Where a participant stands with guardian consent, on a given day.</summary>
public enum ConsentState
{
    /// <summary>18 or older: no guardian consent is needed.</summary>
    NotNeeded = 0,

    /// <summary>A minor for whom no consent was asked yet.</summary>
    Missing = 1,

    /// <summary>Asked; the guardian has not decided yet.</summary>
    Pending = 2,

    Given = 3,
    Refused = 4,
    Withdrawn = 5,
}

public static class ConsentRules
{
    /// <summary>
    /// The participant's consent state from their consent rows. The latest decision wins (a withdrawal counts from
    /// its WithdrawnAt). A request newer than a refusal or withdrawal makes the state Pending again; a request
    /// never undoes a consent that was given.
    /// </summary>
    /// <summary>
    /// The request a parent or guardian still has to answer — the latest pending one — when the participant's state is
    /// <see cref="ConsentState.Pending"/>; else null.
    /// </summary>
    public static GuardianConsent? AwaitedRequest(ParticipantProfile participant, DateOnly today) =>
        StateOf(participant, today) == ConsentState.Pending
            ? participant.Consents.Where(c => c.Status == ConsentStatus.Pending).MaxBy(c => c.RequestedAt)
            : null;

    public static ConsentState StateOf(ParticipantProfile participant, DateOnly today)
    {
        if (!participant.IsMinorOn(today))
        {
            return ConsentState.NotNeeded;
        }

        var latestDecision = participant.Consents
            .Where(c => c.Status != ConsentStatus.Pending)
            .OrderBy(DecisionTime)
            .ThenBy(c => c.Id)
            .LastOrDefault();
        var latestRequest = participant.Consents
            .Where(c => c.Status == ConsentStatus.Pending)
            .OrderBy(c => c.RequestedAt)
            .LastOrDefault();

        if (latestDecision?.Status == ConsentStatus.Given)
        {
            return ConsentState.Given;
        }

        if (latestRequest is not null && (latestDecision is null || latestRequest.RequestedAt > DecisionTime(latestDecision)))
        {
            return ConsentState.Pending;
        }

        return latestDecision?.Status switch
        {
            ConsentStatus.Refused => ConsentState.Refused,
            ConsentStatus.Withdrawn => ConsentState.Withdrawn,
            _ => ConsentState.Missing,
        };
    }

    /// <summary>When a decided row was decided: its withdrawal, else its decision, else its request.</summary>
    public static DateTime DecisionTime(GuardianConsent consent) => consent.WithdrawnAt ?? consent.DecidedAt ?? consent.RequestedAt;

    /// <summary>May this participant's entries go to judging?</summary>
    public static bool AllowsJudging(ParticipantProfile participant, DateOnly today) =>
        StateOf(participant, today) is ConsentState.NotNeeded or ConsentState.Given;
}
