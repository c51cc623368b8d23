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
    public static IEnumerable<string> TimelineProblems(DateTime opensAt, DateTime closesAt, DateTime judgingEndsAt, DateTime resultsAt)
    {
        if (closesAt <= opensAt)
        {
            yield return "The submission deadline must be after the opening date.";
        }

        if (judgingEndsAt <= closesAt)
        {
            yield return "Judging must end after the submission deadline.";
        }

        if (resultsAt < judgingEndsAt)
        {
            yield return "Results cannot be announced before judging ends.";
        }
    }
}
