using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Results;

namespace CompetitionSite.Tests.Results;

/// <summary>The ranking arithmetic, on examples computed by hand.</summary>
[Trait("Category", "Unit")]
public sealed class RankingTests
{
    // Rubric: Ide (weight 2, max 10), Teknik (weight 1, max 5), Pesan (weight 1, max 20).
    private static readonly Criterion[] Rubric = [C(id: 11, order: 1, weight: 2, max: 10), C(id: 12, order: 2, weight: 1, max: 5), C(id: 13, order: 3, weight: 1, max: 20)];

    private static Criterion C(int id, int order, int weight, int max) => new() { Id = id, Order = order, Weight = weight, MaxPoints = max };

    /// <summary>A judge's score as its scorecard stores it: the numbers <see cref="ScoreRules.Totals"/> makes of the points.</summary>
    private static JudgeScore S(int entry, string judge, int ide, int teknik, int pesan) =>
        new(entry, judge, ScoreRules.Totals(Rubric, new Dictionary<int, int> { [11] = ide, [12] = teknik, [13] = pesan }));

    [Fact]
    public void Judge_total_is_the_weighted_sum_scaled_to_100()
    {
        // (8/10·2 + 4/5·1 + 10/20·1) / 4 · 100 = (1.6 + 0.8 + 0.5) / 4 · 100 = 72.5
        Assert.Equal(72.5, S(1, "a", 8, 4, 10).Total, 9);
        Assert.Equal(100.0, S(1, "a", 10, 5, 20).Total, 9);
        Assert.Equal(0.0, S(1, "a", 0, 0, 0).Total, 9);
    }

    [Fact]
    public void Entry_score_is_the_mean_of_its_judges_totals_and_places_follow_it()
    {
        var scores = new[]
        {
            S(1, "a", 8, 4, 10), // 72.5
            S(1, "b", 10, 5, 20), // 100
            S(2, "a", 5, 5, 20), // (1 + 1 + 1)/4 = 75
            S(2, "b", 5, 5, 20), // 75
        };

        var ranking = Ranking.Compute(Rubric, [1, 2], scores, requiredScores: 2, RankingMode.Raw);

        Assert.Equal(1, ranking[0].EntryId);
        Assert.Equal(86.25, ranking[0].Score, 9);
        Assert.Equal(1, ranking[0].Place);
        Assert.Equal(2, ranking[1].EntryId);
        Assert.Equal(75.0, ranking[1].Score, 9);
        Assert.Equal(2, ranking[1].Place);
        Assert.False(ranking[0].SharesPlace);
    }

    [Fact]
    public void Equal_scores_are_separated_by_the_criteria_in_rubric_order()
    {
        // Both total 50: entry 1 is stronger on the first criterion (Ide), entry 2 on the others.
        var scores = new[]
        {
            S(1, "a", 10, 0, 0), // (2 + 0 + 0)/4 = 50
            S(2, "a", 0, 5, 20), // (0 + 1 + 1)/4 = 50
        };

        var ranking = Ranking.Compute(Rubric, [2, 1], scores, requiredScores: 1, RankingMode.Raw);

        Assert.Equal([1, 2], ranking.Select(r => r.EntryId));
        Assert.Equal([1, 2], ranking.Select(r => r.Place));
        Assert.Equal(1, ranking[0].DecidedByCriterionOrder);
        Assert.Equal(1, ranking[1].DecidedByCriterionOrder);
    }

    [Fact]
    public void Entries_still_equal_after_every_criterion_share_the_place()
    {
        var scores = new[]
        {
            S(1, "a", 10, 5, 20),
            S(2, "a", 6, 3, 12),
            S(3, "a", 6, 3, 12),
            S(4, "a", 2, 1, 4),
        };

        var ranking = Ranking.Compute(Rubric, [1, 2, 3, 4], scores, requiredScores: 1, RankingMode.Raw);

        Assert.Equal([1, 2, 2, 4], ranking.Select(r => r.Place));
        Assert.Equal([false, true, true, false], ranking.Select(r => r.SharesPlace));
    }

    [Fact]
    public void Normalisation_removes_a_harsh_judges_effect()
    {
        // Judge "keras" gives everyone 40 points less than judge "lunak" would. Entries 1 and 2 are each scored by
        // one of them only, entries 3 and 4 by both; without normalisation entry 2 (scored by the lenient judge) wins.
        var rubric = new[] { C(1, 1, 1, 100) };
        JudgeScore One(int entry, string judge, int points) => new(entry, judge, ScoreRules.Totals(rubric, new Dictionary<int, int> { [1] = points }));
        var scores = new[]
        {
            One(1, "keras", 50), One(3, "keras", 10), One(4, "keras", 30),
            One(2, "lunak", 70), One(3, "lunak", 50), One(4, "lunak", 60),
        };

        var raw = Ranking.Compute(rubric, [1, 2, 3, 4], scores, requiredScores: 1, RankingMode.Raw);
        var normalized = Ranking.Compute(rubric, [1, 2, 3, 4], scores, requiredScores: 1, RankingMode.Normalized);

        Assert.Equal(2, raw[0].EntryId);
        // keras: mean 30, sd √(800/3) ≈ 16.33 → z(1) = 1.2247; lunak: mean 60, sd √(200/3) ≈ 8.165 → z(2) = 1.2247.
        // Entry 1 and 2 end equal on z; both above entries 4 (z = 0) and 3 (z = −1.2247·… averaged).
        var top = normalized.Take(2).Select(r => r.EntryId).Order().ToList();
        Assert.Equal([1, 2], top);
        Assert.Equal(normalized[0].NormalizedScore, normalized[1].NormalizedScore, 9);
        Assert.Equal(3, normalized[3].EntryId);
        // Mapped back onto the scale of all totals: M = 45, S = √(1750/6); entry 1 = 45 + 1.2247·S.
        var overall = Ranking.MeanAndStandardDeviation([50.0, 10, 30, 70, 50, 60]);
        Assert.Equal(45.0, overall.Mean, 9);
        Assert.Equal(45.0 + Math.Sqrt(1.5) * overall.StandardDeviation, normalized.Single(r => r.EntryId == 1).NormalizedScore, 6);
    }

    [Fact]
    public void Incomplete_entries_are_flagged_and_unplaced_unless_excused()
    {
        var scores = new[]
        {
            S(1, "a", 10, 5, 20), S(1, "b", 10, 5, 20),
            S(2, "a", 9, 5, 20),
            S(3, "a", 1, 1, 1),
        };

        var ranking = Ranking.Compute(Rubric, [1, 2, 3], scores, requiredScores: 2, RankingMode.Raw, excused: new HashSet<int> { 3 });

        Assert.Equal([1, 3, 2], ranking.Select(r => r.EntryId));
        Assert.Equal([1, 2, 0], ranking.Select(r => r.Place));
        Assert.False(ranking.Single(r => r.EntryId == 2).IsComplete);
        Assert.True(ranking.Single(r => r.EntryId == 3).IsExcused);
    }

    [Fact]
    public void A_judge_who_gives_everyone_the_same_total_adds_no_spread()
    {
        var rubric = new[] { C(1, 1, 1, 10) };
        JudgeScore One(int entry, string judge, int points) => new(entry, judge, ScoreRules.Totals(rubric, new Dictionary<int, int> { [1] = points }));

        var ranking = Ranking.Compute(rubric, [1, 2], [One(1, "a", 5), One(2, "a", 5), One(1, "b", 9), One(2, "b", 3)], 2, RankingMode.Normalized);

        Assert.Equal(1, ranking[0].EntryId);
        Assert.True(ranking[0].NormalizedScore > ranking[1].NormalizedScore);
    }

    [Fact]
    public void Ten_thousand_entries_rank_without_trouble()
    {
        var random = new Random(7);
        var rubric = Enumerable.Range(1, 6).Select(i => C(i, i, i, 10)).ToArray();
        var scores = new List<JudgeScore>();
        for (var e = 1; e <= 10_000; e++)
        {
            var first = random.Next(40);
            for (var j = 0; j < 3; j++)
            {
                scores.Add(new JudgeScore(e, "j" + ((first + j) % 40), ScoreRules.Totals(rubric, rubric.ToDictionary(c => c.Id, _ => random.Next(11)))));
            }
        }

        var ranking = Ranking.Compute(rubric, Enumerable.Range(1, 10_000), scores, 3, RankingMode.Normalized);

        Assert.Equal(10_000, ranking.Count);
        Assert.Equal(1, ranking[0].Place);
        Assert.True(ranking.Zip(ranking.Skip(1)).All(p => p.First.Place <= p.Second.Place));
    }
}
