using System.Net;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Judging;

/// <summary>
/// A scorecard stores the numbers <see cref="ScoreRules.Totals"/> makes of its points (weighted total, each criterion's
/// share in rubric order) whenever it is saved; the ranking and the judging pages read them.
/// </summary>
public sealed class ScorecardTotalsTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    private static void AssertStored(List<Criterion> criteria, Scorecard card, params int?[] points)
    {
        var given = criteria.Select((c, i) => (c.Id, Points: points[i])).Where(p => p.Points is not null).ToDictionary(p => p.Id, p => p.Points!.Value);
        var expected = ScoreRules.Totals(criteria, given);
        Assert.Equal(expected.Total, card.WeightedTotal);
        Assert.Equal(expected.Shares, card.CriterionShares);
    }

    [Fact]
    public async Task The_judges_form_stores_the_total_and_shares_through_drafts_submission_and_a_revision()
    {
        var c = await site.SeedInPhaseAsync(Phase.Judging);
        var entry = await site.SeedEntryAsync(c.Categories[0].Id);
        var (judge, judgeId, _) = await site.JudgeAsync(c);
        await site.AssignAsync(judgeId, entry);
        var criteria = (await site.CriteriaAsync(entry.CategoryId)).OrderBy(x => x.Order).ToList();

        Assert.Equal(HttpStatusCode.Redirect, (await judge.ScoreAsync(site, entry, [6, null], "draft")).StatusCode);
        AssertStored(criteria, (await site.ScorecardAsync(judgeId, entry.Id))!, 6, null);

        // The first criterion cleared, the second given: its share moves, the first's is 0.
        Assert.Equal(HttpStatusCode.Redirect, (await judge.ScoreAsync(site, entry, [null, 4], "draft")).StatusCode);
        AssertStored(criteria, (await site.ScorecardAsync(judgeId, entry.Id))!, null, 4);

        Assert.Equal(HttpStatusCode.Redirect, (await judge.ScoreAsync(site, entry, [8, 7], "submit")).StatusCode);
        AssertStored(criteria, (await site.ScorecardAsync(judgeId, entry.Id))!, 8, 7);

        Assert.Equal(HttpStatusCode.Redirect, (await judge.ScoreAsync(site, entry, [9, 7], "submit")).StatusCode);
        var revised = (await site.ScorecardAsync(judgeId, entry.Id))!;
        Assert.Equal(1, revised.Revisions);
        AssertStored(criteria, revised, 9, 7);
        Assert.True(revised.WeightedTotal > 0 && revised.CriterionShares.Length == 2);
    }

    [Fact]
    public void The_formula_weights_each_share_and_counts_a_missing_criterion_as_zero()
    {
        Criterion[] rubric =
        [
            new() { Id = 7, Order = 2, Weight = 1, MaxPoints = 20 },
            new() { Id = 3, Order = 1, Weight = 3, MaxPoints = 10 },
        ];

        var totals = ScoreRules.Totals(rubric, new Dictionary<int, int> { [3] = 5, [7] = 20 });
        // Rubric order (Order 1 first): 5/10 and 20/20; (0.5·3 + 1·1) / 4 · 100 = 62.5.
        Assert.Equal([0.5, 1.0], totals.Shares);
        Assert.Equal(62.5, totals.Total, 12);

        var draft = ScoreRules.Totals(rubric, new Dictionary<int, int> { [7] = 10 });
        Assert.Equal([0.0, 0.5], draft.Shares);
        Assert.Equal(12.5, draft.Total, 12);
        Assert.Equal(12.5m, ScoreRules.WeightedTotal(rubric, new Dictionary<int, int> { [7] = 10 }));
    }
}
