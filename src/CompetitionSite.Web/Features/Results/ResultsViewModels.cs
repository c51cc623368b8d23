using CompetitionSite.Web.Domain.Competitions;

namespace CompetitionSite.Web.Features.Results;

public sealed record ResultsOverview(CompetitionResults Results, IReadOnlyList<string> Problems, string? PublishedByName)
{
    public Competition Competition => Results.Competition;

    public bool CanDecide => Results.Phase == Phase.Review;

    public bool Readable => Results.Phase >= Phase.Judging;
}

public sealed record CategoryResultsPage(CompetitionResults Results, CategoryRanking Category, AwardsForm Form)
{
    public Competition Competition => Results.Competition;

    public bool CanDecide => Results.Phase == Phase.Review;

    public bool CanCorrect => Results.Phase == Phase.Published;

    public bool Readable => Results.Phase >= Phase.Judging;

    /// <summary>The form's rows: every ranked entry, then unplaced ones (they can get nothing until excused).</summary>
    public AwardRowForm RowFor(int entryId) => Form.Rows.FirstOrDefault(r => r.EntryId == entryId) ?? new AwardRowForm { EntryId = entryId };
}

public sealed record PrintPage(CompetitionResults Results);
