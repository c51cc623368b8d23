using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Domain.Results;
using CompetitionSite.Web.Features.Judging;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Results;

public sealed record CriterionInfo(int Id, int Order, string Name, int Weight, int MaxPoints);

/// <summary>A judge who scored in a category, with a neutral label ("Juri A") next to the name organizers may see.</summary>
public sealed record JudgeColumn(string UserId, string Name, string Label);

/// <summary>A member of an entry as results need them: the name for certificates and the name the public may see.</summary>
public sealed record MemberInfo(int ParticipantId, string FullName, string PublicName, string SchoolName, string Regency, bool AllowPublicPreview,
    string? UserId, string? GuardianUserId);

public sealed record FeedbackText(string JudgeUserId, string Text);

/// <summary>One entry of a category's ranking, with what the pages, emails and exports show about it.</summary>
public sealed record RankingRow(
    RankedEntry Ranked,
    string Code,
    string Title,
    IReadOnlyList<MemberInfo> Members,
    string? ExcuseReason,
    IReadOnlyList<FeedbackText> Feedback)
{
    public int EntryId => Ranked.EntryId;

    public double ScoreIn(RankingMode mode) => mode == RankingMode.Normalized ? Ranked.NormalizedScore : Ranked.Score;

    public bool IsPlaced => Ranked.Place > 0;

    public bool NeedsExcuse => !Ranked.IsComplete && !Ranked.IsExcused;

    public string Names => string.Join(", ", Members.Select(m => m.FullName));

    public string Schools => string.Join(", ", Members.Select(m => m.SchoolName).Distinct());
}

public sealed record CategoryRanking(
    int CategoryId,
    string Name,
    IReadOnlyList<CriterionInfo> Criteria,
    IReadOnlyList<JudgeColumn> Judges,
    IReadOnlyList<RankingRow> Rows,
    IReadOnlyList<TierSlot> Tiers,
    AwardSuggestion Suggestion,
    string Fingerprint,
    CategoryAwardDecision? Decision,
    IReadOnlyList<EntryAward> Awards)
{
    public bool AwardsSaved => Decision is not null;

    /// <summary>The awards were saved on a ranking that has changed since (an entry excused, the mode switched).</summary>
    public bool AwardsOutdated => Decision is not null && Decision.RankingFingerprint != Fingerprint;

    public IEnumerable<RankingRow> Unscored => Rows.Where(r => r.NeedsExcuse);

    public EntryAward? TierOf(int entryId) => Awards.FirstOrDefault(a => a.EntryId == entryId && !a.IsSpecial);

    public EntryAward? SpecialOf(int entryId) => Awards.FirstOrDefault(a => a.EntryId == entryId && a.IsSpecial);

    public string? CriterionName(int? order) => order is { } o ? Criteria.FirstOrDefault(c => c.Order == o)?.Name : null;
}

public sealed record CompetitionResults(Competition Competition, Phase Phase, IReadOnlyList<CategoryRanking> Categories)
{
    public RankingMode Mode => Competition.RankingMode;

    public bool IsPublished => Phase is Phase.Published || (Phase is Phase.Archived && Competition.PublishedAt is not null);
}

/// <summary>
/// Reads a competition's results: every eligible entry of each category ranked by <see cref="Ranking.Compute"/> from
/// the judges' submitted scores, with the awards and decisions saved so far.
/// </summary>
public sealed class ResultsData(AppDbContext db, JudgingData judging)
{
    public DateTime Now => judging.Now;

    public async Task<CompetitionResults?> LoadAsync(int competitionId, CancellationToken ct = default)
    {
        var competition = await db.Competitions.AsNoTracking()
            .Include(c => c.Categories).ThenInclude(x => x.AwardTiers)
            .Include(c => c.Categories).ThenInclude(x => x.Rubric!).ThenInclude(r => r.Criteria)
            .AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Id == competitionId, ct);
        if (competition is null)
        {
            return null;
        }

        var eligible = (await judging.SubmittedEntriesAsync(competitionId, ct: ct)).Where(e => e.Eligible).ToList();
        var entryIds = eligible.Select(e => e.Id).ToList();

        // Members of the competition's entries, by a join rather than a list of ids: a list of 10,000 ids becomes
        // 10,000 SQL parameters, and a new SQL text (compiled again) for every count.
        var eligibleIds = entryIds.ToHashSet();
        var members = (await (from m in db.EntryMembers.AsNoTracking()
                              join e in db.Entries.AsNoTracking() on m.EntryId equals e.Id
                              join p in db.Participants.AsNoTracking() on m.ParticipantId equals p.Id
                              where e.Category.CompetitionId == competitionId && m.InvitationStatus == MemberInvitationStatus.Accepted
                              orderby m.IsLead descending, m.Id
                              select new { m.EntryId, Profile = p })
                .ToListAsync(ct))
            .Where(m => eligibleIds.Contains(m.EntryId))
            .ToList();
        var membersByEntry = members.GroupBy(m => m.EntryId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<MemberInfo>)g.Select(m => new MemberInfo(
                m.Profile.Id, m.Profile.FullName, m.Profile.PublicDisplayName, m.Profile.SchoolName, m.Profile.Regency,
                m.Profile.AllowPublicPreview, m.Profile.UserId, m.Profile.GuardianUserId)).ToList());

        // Scorecards and their points as two flat reads (a collection projected per scorecard costs far more to
        // materialize), joined in memory.
        var cards = await (from a in db.JudgeAssignments.AsNoTracking()
                           join s in db.Scorecards.AsNoTracking() on a.Id equals s.AssignmentId
                           join j in db.CompetitionJudges.AsNoTracking() on a.CompetitionJudgeId equals j.Id
                           join u in db.Users.AsNoTracking() on j.UserId equals u.Id
                           where a.CompetitionId == competitionId && s.Status == ScoreStatus.Submitted
                           orderby u.FullName, j.Id
                           select new { ScorecardId = s.Id, a.EntryId, a.CategoryId, j.UserId, u.FullName, s.Feedback, s.SubmittedAt })
            .ToListAsync(ct);
        var points = (await (from a in db.JudgeAssignments.AsNoTracking()
                             join s in db.Scorecards.AsNoTracking() on a.Id equals s.AssignmentId
                             join p in db.CriterionScores.AsNoTracking() on s.Id equals p.ScorecardId
                             where a.CompetitionId == competitionId && s.Status == ScoreStatus.Submitted
                             select new { p.ScorecardId, p.CriterionId, p.Points })
                .ToListAsync(ct))
            .GroupBy(p => p.ScorecardId)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<int, int>)g.ToDictionary(p => p.CriterionId, p => p.Points));
        var scores = cards.Select(c => new ScoreRow(c.EntryId, c.CategoryId, c.UserId, c.FullName, c.Feedback, c.SubmittedAt,
                points.GetValueOrDefault(c.ScorecardId) ?? new Dictionary<int, int>()))
            .ToList();
        var excused = await db.ExcusedEntries.AsNoTracking().Where(x => x.CompetitionId == competitionId)
            .ToDictionaryAsync(x => x.EntryId, x => x.Reason, ct);
        var awards = await db.EntryAwards.AsNoTracking().Where(a => a.CompetitionId == competitionId).ToListAsync(ct);
        var decisions = await db.CategoryAwardDecisions.AsNoTracking().Where(d => d.CompetitionId == competitionId)
            .ToDictionaryAsync(d => d.CategoryId, ct);

        var categories = new List<CategoryRanking>();
        foreach (var category in competition.Categories.OrderBy(x => x.SortOrder).ThenBy(x => x.Id))
        {
            var criteria = (category.Rubric?.Criteria ?? []).OrderBy(c => c.Order)
                .Select(c => new CriterionInfo(c.Id, c.Order, c.Name, c.Weight, c.MaxPoints)).ToList();
            var entries = eligible.Where(e => e.CategoryId == category.Id).ToList();
            var ids = entries.Select(e => e.Id).ToHashSet();
            var categoryScores = scores.Where(s => ids.Contains(s.EntryId)).ToList();
            var judges = categoryScores.Select(s => (s.UserId, s.FullName)).Distinct()
                .Select((j, i) => new JudgeColumn(j.UserId, j.FullName, JudgeLabel(i)))
                .ToList();

            IReadOnlyList<RankedEntry> ranked = criteria.Count == 0 || criteria.Sum(c => c.Weight) <= 0
                ? entries.Select(e => new RankedEntry(e.Id, 0, false, 0, 0, new Dictionary<string, double>(), [], 0, false, excused.ContainsKey(e.Id), null)).ToList()
                : Ranking.Compute(
                    criteria.Select(c => new RankingCriterion(c.Id, c.Order, c.Weight, c.MaxPoints)).ToList(),
                    entries.Select(e => e.Id),
                    categoryScores.Select(s => new JudgeScore(s.EntryId, s.UserId, s.Points)),
                    competition.JudgesPerEntry,
                    competition.RankingMode,
                    excused.Keys.ToHashSet());

            var byId = entries.ToDictionary(e => e.Id);
            // Looked up per entry: a search through all the category's scores for every entry grew with entries × scores.
            var feedback = categoryScores.Where(s => !string.IsNullOrWhiteSpace(s.Feedback)).ToLookup(s => s.EntryId);
            var rows = ranked.Select(r => new RankingRow(
                r,
                byId[r.EntryId].PublicCode,
                byId[r.EntryId].Title,
                membersByEntry.GetValueOrDefault(r.EntryId) ?? [],
                excused.GetValueOrDefault(r.EntryId),
                feedback[r.EntryId].OrderBy(s => s.SubmittedAt)
                    .Select(s => new FeedbackText(s.UserId, s.Feedback.Trim())).ToList())).ToList();
            var tiers = category.AwardTiers.OrderBy(t => t.IsSpecial).ThenBy(t => t.Order)
                .Select(t => new TierSlot(t.Name, t.Order, t.Count, t.IsSpecial)).ToList();
            categories.Add(new CategoryRanking(
                category.Id, category.Name, criteria, judges, rows, tiers,
                AwardPlan.Suggest(ranked, tiers), AwardPlan.Fingerprint(ranked),
                decisions.GetValueOrDefault(category.Id),
                awards.Where(a => a.CategoryId == category.Id).OrderBy(a => a.IsSpecial).ThenBy(a => a.AwardOrder).ToList()));
        }

        return new CompetitionResults(competition, competition.PhaseAt(Now), categories);
    }

    private sealed record ScoreRow(int EntryId, int CategoryId, string UserId, string FullName, string Feedback, DateTime? SubmittedAt,
        IReadOnlyDictionary<int, int> Points);

    /// <summary>"Juri A", "Juri B", … "Juri AA" for the 27th.</summary>
    public static string JudgeLabel(int index)
    {
        var label = "";
        var n = index;
        do
        {
            label = (char)('A' + n % 26) + label;
            n = n / 26 - 1;
        }
        while (n >= 0);

        return label;
    }
}
