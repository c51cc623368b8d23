namespace CompetitionSite.Web.Domain.Participants;

public enum ConsentState
{
    /// <summary>An adult (18 or older): no guardian consent needed.</summary>
    NotNeeded = 0,

    /// <summary>A minor whose guardian has not been asked yet.</summary>
    Missing = 1,

    Pending = 2,
    Given = 3,
    Refused = 4,
    Withdrawn = 5,
}

public static class ConsentRules
{
    /// <summary>The participant's consent state today: the latest request or decision wins.</summary>
    public static ConsentState StateOf(ParticipantProfile participant, DateOnly today)
    {
        if (!participant.IsMinorOn(today))
        {
            return ConsentState.NotNeeded;
        }

        var latest = participant.Consents.OrderByDescending(c => c.DecidedAt ?? c.RequestedAt).ThenByDescending(c => c.Id).FirstOrDefault();
        return latest?.Status switch
        {
            null => ConsentState.Missing,
            ConsentStatus.Pending => ConsentState.Pending,
            ConsentStatus.Given => ConsentState.Given,
            ConsentStatus.Refused => ConsentState.Refused,
            ConsentStatus.Withdrawn => ConsentState.Withdrawn,
            _ => ConsentState.Missing,
        };
    }

    /// <summary>May this participant's entries go to judging?</summary>
    public static bool AllowsJudging(ParticipantProfile participant, DateOnly today) =>
        StateOf(participant, today) is ConsentState.NotNeeded or ConsentState.Given;
}
