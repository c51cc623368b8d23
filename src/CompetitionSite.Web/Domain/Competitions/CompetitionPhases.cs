namespace CompetitionSite.Web.Domain.Competitions;

/// <summary>The phase rules: what the clock and the organizer's explicit actions make of a competition.</summary>
public static class CompetitionPhases
{
    public static Phase Compute(Competition c, DateTime nowUtc) => c.Stage switch
    {
        CompetitionStage.Draft => Phase.Draft,
        CompetitionStage.Archived => Phase.Archived,
        CompetitionStage.Published => Phase.Published,
        _ when nowUtc < c.OpensAt => Phase.Upcoming,
        _ when nowUtc < c.SubmissionClosesAt => Phase.Open,
        _ when nowUtc < c.JudgingEndsAt => Phase.Judging,
        _ => Phase.Review,
    };

    /// <summary>
    /// Whether an upload may still be finished at <paramref name="nowUtc"/>: before the deadline, or within the
    /// grace period when the upload began before the deadline.
    /// </summary>
    public static bool AcceptsUpload(Competition c, DateTime nowUtc, DateTime? uploadStartedUtc)
    {
        if (c.Stage != CompetitionStage.Live || nowUtc < c.OpensAt)
        {
            return false;
        }

        if (nowUtc < c.SubmissionClosesAt)
        {
            return true;
        }

        return uploadStartedUtc is { } started
               && started < c.SubmissionClosesAt
               && nowUtc < c.SubmissionClosesAt.AddMinutes(c.GraceMinutes);
    }

    /// <summary>Timeline order: opens &lt; deadline &lt; judging ends ≤ results announced.</summary>
    public static IEnumerable<string> TimelineProblems(DateTime opensAt, DateTime closesAt, DateTime judgingEndsAt, DateTime resultsAt) =>
        TimelineProblemsByField(opensAt, closesAt, judgingEndsAt, resultsAt).Select(p => p.Message);

    /// <summary>
    /// The same rules as <see cref="TimelineProblems"/>, each with the date it is about
    /// (a <see cref="Competition"/> property name), so a form can show the message next to that field.
    /// </summary>
    public static IEnumerable<(string Field, string Message)> TimelineProblemsByField(
        DateTime opensAt, DateTime closesAt, DateTime judgingEndsAt, DateTime resultsAt)
    {
        if (closesAt <= opensAt)
        {
            yield return (nameof(Competition.SubmissionClosesAt), "The submission deadline must be after the opening date.");
        }

        if (judgingEndsAt <= closesAt)
        {
            yield return (nameof(Competition.JudgingEndsAt), "Judging must end after the submission deadline.");
        }

        if (resultsAt < judgingEndsAt)
        {
            yield return (nameof(Competition.ResultsAnnouncedAt), "Results cannot be announced before judging ends.");
        }
    }

    /// <summary>A competition is public once opened; a draft never is, nor one archived without ever opening.</summary>
    public static bool IsPublic(CompetitionStage stage, DateTime? openedAt) => stage switch
    {
        CompetitionStage.Draft => false,
        CompetitionStage.Archived => openedAt is not null,
        _ => true,
    };

    /// <summary>Judging has started (or the competition is past it): rubrics are frozen from here on.</summary>
    public static bool JudgingHasStarted(Phase phase) => phase >= Phase.Judging;

    /// <summary>
    /// The phase a Live competition can be moved back to from <paramref name="phase"/> (by changing dates or, for an
    /// upcoming competition, back to a draft), or null when moving back is not possible from there.
    /// </summary>
    public static Phase? PreviousPhase(Phase phase) => phase switch
    {
        Phase.Upcoming => Phase.Draft,
        Phase.Judging => Phase.Open,
        Phase.Review => Phase.Judging,
        _ => null,
    };
}
