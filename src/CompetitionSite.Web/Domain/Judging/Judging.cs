using CompetitionSite.Web.Domain.Competitions;

namespace CompetitionSite.Web.Domain.Judging;

public enum InvitationStatus
{
    Pending = 0,
    Accepted = 1,
    Declined = 2,
    Revoked = 3,
}

/// <summary>
/// An organizer's invitation to judge a competition (some or all of its categories), sent by email. Only the
/// SHA-256 of the token in the link is stored; the link works once and expires.
/// </summary>
public class JudgeInvitation
{
    public int Id { get; set; }
    public int CompetitionId { get; set; }
    public string Email { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>The categories the judge is invited to score.</summary>
    public List<int> CategoryIds { get; set; } = [];

    public string TokenHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public InvitationStatus Status { get; set; } = InvitationStatus.Pending;
    public DateTime? DecidedAt { get; set; }

    /// <summary>The account that accepted the invitation.</summary>
    public string? AcceptedByUserId { get; set; }

    public string InvitedByUserId { get; set; } = "";

    public bool IsUsableAt(DateTime nowUtc) => Status == InvitationStatus.Pending && nowUtc < ExpiresAt;
}

/// <summary>A person on a competition's jury: which categories they score, an optional cap on their load.</summary>
public class CompetitionJudge
{
    public int Id { get; set; }
    public int CompetitionId { get; set; }
    public string UserId { get; set; } = "";
    public List<int> CategoryIds { get; set; } = [];

    /// <summary>The most entries this judge is given in the competition (null: no cap; the load is balanced anyway).</summary>
    public int? MaxAssignments { get; set; }

    public DateTime JoinedAt { get; set; }

    /// <summary>When the judge last saved their conflict declaration ("none" counts), null until then.</summary>
    public DateTime? ConflictsReviewedAt { get; set; }

    public DateTime? LastRemindedAt { get; set; }

    public List<JudgeConflict> Conflicts { get; set; } = [];
}

public enum ConflictKind
{
    /// <summary>A school the judge teaches at or is linked to (by NPSN or by name).</summary>
    School = 0,

    /// <summary>A province, or one regency/city in it.</summary>
    Region = 1,

    /// <summary>One entry the judge recognised while judging ("I know this student").</summary>
    Entry = 2,
}

/// <summary>A conflict of interest a judge declared for one competition.</summary>
public class JudgeConflict
{
    public int Id { get; set; }
    public int CompetitionJudgeId { get; set; }
    public ConflictKind Kind { get; set; }
    public string? SchoolNpsn { get; set; }
    public string? SchoolName { get; set; }
    public string? Province { get; set; }
    public string? Regency { get; set; }
    public int? EntryId { get; set; }
    public string? Note { get; set; }
    public DateTime DeclaredAt { get; set; }
}

public enum AssignmentSource
{
    Automatic = 0,
    Manual = 1,
}

/// <summary>One judge scores one entry.</summary>
public class JudgeAssignment
{
    public int Id { get; set; }
    public int CompetitionId { get; set; }
    public int CategoryId { get; set; }
    public int EntryId { get; set; }
    public Entries.Entry Entry { get; set; } = null!;
    public int CompetitionJudgeId { get; set; }
    public CompetitionJudge Judge { get; set; } = null!;
    public AssignmentSource Source { get; set; }
    public DateTime AssignedAt { get; set; }
    public Scorecard? Scorecard { get; set; }
}

public enum ScoreStatus
{
    Draft = 0,
    Submitted = 1,
}

/// <summary>
/// A judge's score of one entry: integer points per criterion, feedback for the student and a private note for the
/// organizers. <see cref="Version"/> changes with every save (optimistic concurrency between two tabs).
/// </summary>
public class Scorecard
{
    public int Id { get; set; }
    public int AssignmentId { get; set; }
    public ScoreStatus Status { get; set; } = ScoreStatus.Draft;
    public string Feedback { get; set; } = "";
    public string PrivateNote { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }

    /// <summary>How many times a submitted score was changed.</summary>
    public int Revisions { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
    public List<CriterionScore> Points { get; set; } = [];

    /// <summary>
    /// <see cref="ScoreRules.Totals"/>' weighted total of <see cref="Points"/> (0–100, unrounded), kept by
    /// <see cref="SetPoints"/>. The ranking and the judging pages read it; nothing else computes it.
    /// </summary>
    public double WeightedTotal { get; set; }

    /// <summary>Each criterion's points as a share of its maximum (0–1), in rubric order, kept by <see cref="SetPoints"/>.</summary>
    public double[] CriterionShares { get; set; } = [];

    /// <summary>
    /// The one way to change the points: sets <see cref="Points"/> to <paramref name="points"/> (criteria of the
    /// rubric only; rows of criteria left out are removed, existing rows are updated in place) and stores the numbers
    /// <see cref="ScoreRules.Totals"/> makes of them. Rubrics are frozen once judging starts (decision 0006), so the
    /// stored numbers stay true for the card's life.
    /// </summary>
    public void SetPoints(IReadOnlyList<Criterion> rubric, IReadOnlyDictionary<int, int> points)
    {
        foreach (var c in rubric)
        {
            var existing = Points.FirstOrDefault(p => p.CriterionId == c.Id);
            if (points.TryGetValue(c.Id, out var value))
            {
                if (existing is null)
                {
                    Points.Add(new CriterionScore { CriterionId = c.Id, Points = value });
                }
                else
                {
                    existing.Points = value;
                }
            }
            else if (existing is not null)
            {
                Points.Remove(existing);
            }
        }

        var totals = ScoreRules.Totals(rubric, Points.ToDictionary(p => p.CriterionId, p => p.Points));
        WeightedTotal = totals.Total;
        CriterionShares = totals.Shares;
    }
}

public class CriterionScore
{
    public int Id { get; set; }
    public int ScorecardId { get; set; }
    public int CriterionId { get; set; }
    public int Points { get; set; }
}
