using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;

namespace CompetitionSite.Web.Domain.Judging;

/// <summary>Which entries go to the judges: submitted ones whose every member may go to judging (consent).</summary>
public static class JudgingEligibility
{
    public static bool IsEligible(EntryStatus status, IReadOnlyCollection<ParticipantProfile> members, DateOnly today) =>
        status == EntryStatus.Submitted
        && members.Count > 0
        && members.All(m => ConsentRules.AllowsJudging(m, today));

    /// <summary>Judges are asked for their scores only while the competition is in its judging phase.</summary>
    public static bool AcceptsScores(Competitions.Phase phase) => phase == Competitions.Phase.Judging;

    /// <summary>Organizers assign judges once entries come in: while open (ahead of the deadline) and during judging.</summary>
    public static bool AllowsAssignment(Competitions.Phase phase) => phase is Competitions.Phase.Open or Competitions.Phase.Judging;
}
