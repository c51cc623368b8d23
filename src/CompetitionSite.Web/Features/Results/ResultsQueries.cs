using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Domain.Results;
using CompetitionSite.Web.Features.Judging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

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
public sealed class ResultsQueries(AppDbContext db, JudgingQueries judging, SubmittedEntries submitted)
{
    public DateTime Now => judging.Now;

    /// <summary>Everything, with the judges' feedback (for the result emails and an entry's own results).</summary>
    public Task<CompetitionResults?> LoadAsync(int competitionId, CancellationToken ct = default) =>
        LoadAsync(competitionId, withFeedback: true, ct);

    /// <summary>
    /// The ranking of every category. Each submitted scorecard is read as one row with the total and criterion shares
    /// it stored when it was saved: 10,000 entries × 3 judges × 6 criteria are 30,000 rows, and the 180,000 criterion
    /// scores are not visited. Entries, members, profiles and consents come as flat projections. Without <paramref name="withFeedback"/>
    /// the rows' <see cref="RankingRow.Feedback"/> is empty (the organizer's pages and exports do not show it).
    /// </summary>
    public async Task<CompetitionResults?> LoadAsync(int competitionId, bool withFeedback, CancellationToken ct = default)
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

        // The eligible entries with their members' names for the pages: the same read and rule judging uses.
        var eligible = new List<(int Id, int CategoryId, string PublicCode, string Title)>();
        var membersByEntry = new Dictionary<int, IReadOnlyList<MemberInfo>>();
        foreach (var e in await submitted.ReadAsync(competitionId, ct: ct))
        {
            if (!e.Eligible)
            {
                continue;
            }

            eligible.Add((e.Id, e.CategoryId, e.PublicCode, e.Title));
            var infos = new MemberInfo[e.Members.Count];
            for (var k = 0; k < infos.Length; k++)
            {
                var p = e.Members[k];
                infos[k] = new MemberInfo(p.Id, p.FullName, p.PublicDisplayName, p.SchoolName, p.Regency, p.AllowPublicPreview, p.UserId, p.GuardianUserId);
            }

            membersByEntry[e.Id] = infos;
        }

        // Judges who submitted scores, with their names, ordered as the columns show them.
        var judgeNames = (await (from j in db.CompetitionJudges.AsNoTracking()
                                 join u in db.Users.AsNoTracking() on j.UserId equals u.Id
                                 where j.CompetitionId == competitionId
                                 orderby u.FullName, j.Id
                                 select new { j.Id, j.UserId, u.FullName })
                .ToListAsync(ct))
            .Select((j, i) => (j.Id, j.UserId, j.FullName, Position: i))
            .ToDictionary(j => j.Id);

        var feedbackByEntry = withFeedback
            ? (await (from a in db.JudgeAssignments.AsNoTracking()
                      join s in db.Scorecards.AsNoTracking() on a.Id equals s.AssignmentId
                      join j in db.CompetitionJudges.AsNoTracking() on a.CompetitionJudgeId equals j.Id
                      join u in db.Users.AsNoTracking() on j.UserId equals u.Id
                      where a.CompetitionId == competitionId && s.Status == ScoreStatus.Submitted && s.Feedback != ""
                      orderby s.SubmittedAt, u.FullName, j.Id
                      select new { a.EntryId, j.UserId, s.Feedback })
                .ToListAsync(ct))
              .Where(f => !string.IsNullOrWhiteSpace(f.Feedback))
              .ToLookup(f => f.EntryId, f => new FeedbackText(f.UserId, f.Feedback.Trim()))
            : null;

        var excused = await db.ExcusedEntries.AsNoTracking().Where(x => x.CompetitionId == competitionId)
            .ToDictionaryAsync(x => x.EntryId, x => x.Reason, ct);
        var awards = await db.EntryAwards.AsNoTracking().Where(a => a.CompetitionId == competitionId).ToListAsync(ct);
        var decisions = await db.CategoryAwardDecisions.AsNoTracking().Where(d => d.CompetitionId == competitionId)
            .ToDictionaryAsync(d => d.CategoryId, ct);

        var categories = new List<CategoryRanking>();
        foreach (var category in competition.Categories.OrderBy(x => x.SortOrder).ThenBy(x => x.Id))
        {
            var rubric = (category.Rubric?.Criteria ?? []).OrderBy(c => c.Order).ThenBy(c => c.Id).ToList();
            var criteria = rubric.Select(c => new CriterionInfo(c.Id, c.Order, c.Name, c.Weight, c.MaxPoints)).ToList();
            var unranked = criteria.Count == 0 || criteria.Sum(c => c.Weight) <= 0;
            var entries = eligible.Where(e => e.CategoryId == category.Id).ToList();
            var ids = entries.Select(e => e.Id).ToHashSet();
            // Each submitted scorecard of the category as one row with the numbers it stored when it was saved
            // (Scorecard.SetPoints); the eligible entries' only, in the judges' column order.
            var cards = unranked ? [] : await ScoredCardsAsync(competitionId, category.Id, ct);
            // Stable counting sort of the cards by the judge's column.
            var byPosition = new (int Id, string UserId, string FullName, int Position)[judgeNames.Count];
            foreach (var j in judgeNames.Values)
            {
                byPosition[j.Position] = j;
            }

            var cardPosition = new int[cards.Count];
            var columnStart = new int[byPosition.Length + 1];
            for (var k = 0; k < cards.Count; k++)
            {
                cardPosition[k] = ids.Contains(cards[k].EntryId) && judgeNames.TryGetValue(cards[k].CompetitionJudgeId, out var judge)
                    ? judge.Position
                    : -1;
                if (cardPosition[k] >= 0)
                {
                    columnStart[cardPosition[k] + 1]++;
                }
            }

            var judges = new List<JudgeColumn>();
            for (var position = 0; position < byPosition.Length; position++)
            {
                if (columnStart[position + 1] > 0)
                {
                    judges.Add(new JudgeColumn(byPosition[position].UserId, byPosition[position].FullName, JudgeLabel(judges.Count)));
                }

                columnStart[position + 1] += columnStart[position];
            }

            var scores = new JudgeScore[columnStart[byPosition.Length]];
            for (var k = 0; k < cards.Count; k++)
            {
                if (cardPosition[k] >= 0)
                {
                    scores[columnStart[cardPosition[k]]++] = new JudgeScore(cards[k].EntryId, byPosition[cardPosition[k]].UserId, cards[k].Total, cards[k].Shares);
                }
            }

            IReadOnlyList<RankedEntry> ranked = unranked
                ? entries.Select(e => new RankedEntry(e.Id, 0, false, 0, 0, new Dictionary<string, double>(), [], 0, false, excused.ContainsKey(e.Id), null)).ToList()
                : Ranking.Compute(rubric, entries.Select(e => e.Id), scores, competition.JudgesPerEntry, competition.RankingMode, excused.Keys.ToHashSet());

            var byId = entries.ToDictionary(e => e.Id);
            var rows = ranked.Select(r => new RankingRow(
                r,
                byId[r.EntryId].PublicCode,
                byId[r.EntryId].Title,
                membersByEntry.GetValueOrDefault(r.EntryId) ?? [],
                excused.GetValueOrDefault(r.EntryId),
                feedbackByEntry is null ? [] : feedbackByEntry[r.EntryId].ToList())).ToList();
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

    private static void AddParameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A submitted scorecard's entry, judge and stored numbers.</summary>
    private sealed record ScoredCard(int EntryId, int CompetitionJudgeId, double Total, double[] Shares);

    /// <summary>
    /// The submitted scorecards of a category's entries, one row each with the numbers stored on it, so the 180,000
    /// criterion scores of 10,000 entries × 3 judges × 6 criteria are never visited. Plain SQL read straight into rows,
    /// which the ranking benchmark found faster than an EF projection on SQLite (bench/README.md); quoted names and
    /// @parameters, which SQLite and PostgreSQL both read. The shares column is what EF made of the list on each
    /// database: a blob of doubles on SQLite (<see cref="StoredNumbers"/>) or a PostgreSQL array. An assignment's category is its entry's
    /// (copied when the judge is assigned; entries never change category), so the index on (CompetitionId, CategoryId)
    /// finds the category's assignments.
    /// </summary>
    private async Task<List<ScoredCard>> ScoredCardsAsync(int competitionId, int categoryId, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = $"""
                SELECT a."EntryId", a."CompetitionJudgeId", s."{nameof(Scorecard.WeightedTotal)}", s."{nameof(Scorecard.CriterionShares)}"
                FROM "JudgeAssignments" a
                JOIN "Scorecards" s ON s."AssignmentId" = a."Id"
                WHERE a."CompetitionId" = @competition AND a."CategoryId" = @category AND s."Status" = @submitted
                """;
            AddParameter(command, "@competition", competitionId);
            AddParameter(command, "@category", categoryId);
            AddParameter(command, "@submitted", nameof(ScoreStatus.Submitted));
            var cards = new List<ScoredCard>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                cards.Add(new ScoredCard(reader.GetInt32(0), reader.GetInt32(1), reader.GetDouble(2), StoredNumbers.Read(reader.GetValue(3))));
            }

            return cards;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

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
