using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Results;
using CompetitionSite.Web.Features.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Results;

/// <summary>
/// The review page's read takes the numbers each scorecard stored when it was saved; what it ranks must be exactly
/// what <see cref="Ranking.Compute"/> makes of the judges' points read one by one: scores, normalised scores, places, per-judge totals, criterion means.
/// </summary>
public sealed class RankingReadTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    [Theory]
    [InlineData(RankingMode.Raw)]
    [InlineData(RankingMode.Normalized)]
    public async Task The_ranking_read_from_stored_scorecard_numbers_equals_the_ranking_computed_from_every_criterion_score(RankingMode mode)
    {
        var c = await site.SeedReviewAsync(judgesPerEntry: 2);
        var judges = new List<int>();
        foreach (var name in ResultsKit.JudgeNames)
        {
            judges.Add(await site.JudgeIdAsync(c, name));
        }

        var e = new List<ScoredEntry>();
        for (var i = 0; i < 6; i++)
        {
            e.Add(await site.EntryAsync(c, ResultsKit.NewStudent($"Peserta {i} Lestari", $"SMP Negeri {i + 1} Serang", "Kota Serang"), $"Karya {i}"));
        }

        int[][] points = [[10, 9], [7, 8], [9, 9], [8, 10], [5, 6], [10, 10], [6, 4], [9, 7], [8, 8], [7, 9]];
        for (var i = 0; i < 10; i++)
        {
            // Entries 0–3 get two judges, 4 gets one (incomplete); judges differ in severity, so z-scores matter.
            await site.ScoreAsync(judges[i % 3], e[i % 5], points[i], i % 2 == 0 ? $"Masukan {i}." : "  ");
        }

        await site.WithDbAsync(async db =>
        {
            // A submitted scorecard without the second criterion's points, and a draft that must not count.
            var card = await db.Scorecards.Include(s => s.Points)
                .FirstAsync(s => db.JudgeAssignments.Any(a => a.Id == s.AssignmentId && a.EntryId == e[3].Entry.Id));
            var rubric = await db.Criteria.Where(cr => db.Categories.Any(cat => cat.Id == c.Categories[0].Id && cat.RubricId == cr.RubricId)).ToListAsync();
            card.SetPoints(rubric, card.Points.Where(p => p.CriterionId != rubric.OrderBy(cr => cr.Order).ElementAt(1).Id).ToDictionary(p => p.CriterionId, p => p.Points));
            var draft = await db.Scorecards.FirstAsync(s => db.JudgeAssignments.Any(a => a.Id == s.AssignmentId && a.EntryId == e[4].Entry.Id));
            draft.Status = ScoreStatus.Draft;
            var competition = await db.Competitions.SingleAsync(x => x.Id == c.Id);
            competition.RankingMode = mode;
            await db.SaveChangesAsync();
            return 0;
        });
        await site.ScoreAsync(judges[2], e[5], [9, 8], "Rapi.");
        await site.ScoreAsync(judges[0], e[5], [9, 8], "Rapi sekali.");

        await using var scope = site.Services.CreateAsyncScope();
        var data = scope.ServiceProvider.GetRequiredService<ResultsQueries>();
        var read = (await data.LoadAsync(c.Id, withFeedback: false))!.Categories.Single();
        var full = (await data.LoadAsync(c.Id))!.Categories.Single();

        var expected = await site.WithDbAsync(async db =>
        {
            var criteria = await (from cat in db.Categories
                                  join cr in db.Criteria on cat.RubricId equals cr.RubricId
                                  where cat.Id == c.Categories[0].Id
                                  select cr).ToListAsync();
            var cards = await (from a in db.JudgeAssignments
                               join s in db.Scorecards.Include(x => x.Points) on a.Id equals s.AssignmentId
                               join j in db.CompetitionJudges on a.CompetitionJudgeId equals j.Id
                               join u in db.Users on j.UserId equals u.Id
                               where a.CompetitionId == c.Id && s.Status == ScoreStatus.Submitted
                               orderby u.FullName, j.Id
                               select new { a.EntryId, j.UserId, s.Points }).ToListAsync();
            return Ranking.Compute(criteria, e.Select(x => x.Entry.Id),
                cards.Select(x => new JudgeScore(x.EntryId, x.UserId, ScoreRules.Totals(criteria, x.Points.ToDictionary(p => p.CriterionId, p => p.Points)))),
                2, mode);
        });

        Assert.Equal(expected.Select(r => r.EntryId), read.Rows.Select(r => r.EntryId));
        foreach (var (want, got) in expected.Zip(read.Rows.Select(r => r.Ranked)))
        {
            Assert.Equal(want.Place, got.Place);
            Assert.Equal(want.SharesPlace, got.SharesPlace);
            Assert.Equal(want.Score, got.Score, 12);
            Assert.Equal(want.NormalizedScore, got.NormalizedScore, 12);
            Assert.Equal(want.ScoreCount, got.ScoreCount);
            Assert.Equal(want.IsComplete, got.IsComplete);
            Assert.Equal(want.DecidedByCriterionOrder, got.DecidedByCriterionOrder);
            Assert.Equal(want.CriterionMeans.Count, got.CriterionMeans.Count);
            foreach (var (a, b) in want.CriterionMeans.Zip(got.CriterionMeans))
            {
                Assert.Equal(a, b, 12);
            }

            Assert.Equal(want.JudgeTotals.Keys.Order(), got.JudgeTotals.Keys.Order());
            foreach (var (judge, total) in want.JudgeTotals)
            {
                Assert.Equal(total, got.JudgeTotals[judge], 12);
            }
        }

        // The sample must exercise what it claims to: an incomplete entry, a missing criterion, differing judges.
        Assert.Contains(read.Rows, r => !r.Ranked.IsComplete);
        Assert.Equal(3, read.Judges.Count);
        Assert.Equal(["A", "B", "C"], read.Judges.Select(j => j.Label));
        Assert.Equal(ResultsKit.JudgeNames.Order(StringComparer.Ordinal), read.Judges.Select(j => j.Name).Order(StringComparer.Ordinal));

        // Members are read for every row; feedback only when asked for (blank feedback is left out).
        Assert.All(read.Rows, r => Assert.Single(r.Members));
        Assert.All(read.Rows, r => Assert.Empty(r.Feedback));
        Assert.Equal(read.Rows.Select(r => r.Names), full.Rows.Select(r => r.Names));
        var withFeedback = full.Rows.Single(r => r.EntryId == e[0].Entry.Id);
        Assert.Equal(["Masukan 0."], withFeedback.Feedback.Select(f => f.Text));
        Assert.Equal(["Rapi sekali.", "Rapi."], full.Rows.Single(r => r.EntryId == e[5].Entry.Id).Feedback.Select(f => f.Text).Order(StringComparer.Ordinal));
    }
}
