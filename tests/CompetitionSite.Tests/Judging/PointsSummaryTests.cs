using System.Net;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Features.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CompetitionSite.Tests.Judging;

/// <summary>
/// Scorecards.PointsSummary repeats a scorecard's criterion scores ("criterionId:points", ascending criterion id) so the
/// ranking reads one row per scorecard. The database keeps it: whatever changes a criterion score — the judge's form,
/// EF, plain SQL, a bulk delete — the summary must say what the criterion scores say.
/// </summary>
[Trait("Database", "SqliteOnly")]
public sealed class PointsSummaryTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    private async Task<(HttpClient Judge, int JudgeId, SeededEntry Entry, List<Criterion> Criteria)> ArrangeAsync()
    {
        var c = await site.SeedInPhaseAsync(Phase.Judging);
        var entry = await site.SeedEntryAsync(c.Categories[0].Id);
        var (judge, judgeId, _) = await site.JudgeAsync(c);
        await site.AssignAsync(judgeId, entry);
        return (judge, judgeId, entry, await site.CriteriaAsync(entry.CategoryId));
    }

    private static string Expected(List<Criterion> criteria, params (int Index, int Points)[] points) =>
        string.Join(" ", points.Select(p => (criteria[p.Index].Id, p.Points)).OrderBy(p => p.Id).Select(p => $"{p.Id}:{p.Points}"));

    private Task<string> SummaryAsync(int scorecardId) =>
        site.WithDbAsync(db => db.Scorecards.Where(s => s.Id == scorecardId)
            .Select(s => EF.Property<string>(s, Scorecard.PointsSummaryColumn)).SingleAsync());

    [Fact]
    public async Task The_judges_form_keeps_the_summary_through_drafts_submission_and_a_change_after_submitting()
    {
        var (judge, judgeId, entry, criteria) = await ArrangeAsync();

        Assert.Equal(HttpStatusCode.Redirect, (await judge.ScoreAsync(site, entry, [6, null], "draft")).StatusCode);
        var card = (await site.ScorecardAsync(judgeId, entry.Id))!;
        Assert.Equal(Expected(criteria, (0, 6)), await SummaryAsync(card.Id));

        // The first criterion cleared, the second given: one row removed, one added.
        Assert.Equal(HttpStatusCode.Redirect, (await judge.ScoreAsync(site, entry, [null, 4], "draft")).StatusCode);
        Assert.Equal(Expected(criteria, (1, 4)), await SummaryAsync(card.Id));

        Assert.Equal(HttpStatusCode.Redirect, (await judge.ScoreAsync(site, entry, [8, 7], "submit")).StatusCode);
        Assert.Equal(Expected(criteria, (0, 8), (1, 7)), await SummaryAsync(card.Id));

        // A submitted score changed during judging (a revision): the form updates the row in place.
        Assert.Equal(HttpStatusCode.Redirect, (await judge.ScoreAsync(site, entry, [9, 7], "submit")).StatusCode);
        var changed = (await site.ScorecardAsync(judgeId, entry.Id))!;
        Assert.Equal(1, changed.Revisions);
        Assert.Equal(Expected(criteria, (0, 9), (1, 7)), await SummaryAsync(card.Id));
    }

    [Fact]
    public async Task Ef_plain_sql_and_bulk_deletes_keep_the_summary_too()
    {
        var (judge, judgeId, entry, criteria) = await ArrangeAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await judge.ScoreAsync(site, entry, [8, 7], "submit")).StatusCode);
        var cardId = (await site.ScorecardAsync(judgeId, entry.Id))!.Id;

        // EF, one SaveChanges: a tracked scorecard loses a criterion, another changes, and the card itself is saved
        // (EF must not write its own, older idea of the summary back).
        await site.WithDbAsync(async db =>
        {
            var card = await db.Scorecards.Include(s => s.Points).SingleAsync(s => s.Id == cardId);
            card.Points.Single(p => p.CriterionId == criteria[1].Id).Points = 3;
            card.Points.RemoveAll(p => p.CriterionId == criteria[0].Id);
            card.Feedback = "Diubah oleh panitia.";
            card.Version = Guid.NewGuid();
            await db.SaveChangesAsync();
            return 0;
        });
        Assert.Equal(Expected(criteria, (1, 3)), await SummaryAsync(cardId));

        await site.WithDbAsync(async db =>
        {
            db.CriterionScores.Add(new CriterionScore { ScorecardId = cardId, CriterionId = criteria[0].Id, Points = 10 });
            await db.SaveChangesAsync();
            return 0;
        });
        Assert.Equal(Expected(criteria, (0, 10), (1, 3)), await SummaryAsync(cardId));

        await site.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE CriterionScores SET Points = 2 WHERE ScorecardId = {0} AND CriterionId = {1}", cardId, criteria[1].Id));
        Assert.Equal(Expected(criteria, (0, 10), (1, 2)), await SummaryAsync(cardId));

        await site.WithDbAsync(db => db.CriterionScores.Where(p => p.ScorecardId == cardId && p.CriterionId == criteria[0].Id).ExecuteDeleteAsync());
        Assert.Equal(Expected(criteria, (1, 2)), await SummaryAsync(cardId));

        await site.WithDbAsync(db => db.CriterionScores.Where(p => p.ScorecardId == cardId).ExecuteDeleteAsync());
        Assert.Equal("", await SummaryAsync(cardId));

        // The triggers that do this are in the database: a later migration that rebuilds CriterionScores (SQLite
        // rebuilds a table for most column changes) drops them, and must create them again.
        var triggers = await site.WithDbAsync(db => db.Database
            .SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'CriterionScores' ORDER BY name")
            .ToListAsync());
        Assert.Equal(
            ["CriterionScores_PointsSummary_Delete", "CriterionScores_PointsSummary_Insert", "CriterionScores_PointsSummary_Update"],
            triggers);
    }

    [Fact]
    public async Task The_migration_fills_the_summary_of_scorecards_saved_before_it()
    {
        var folder = Directory.CreateTempSubdirectory("points-summary-");
        try
        {
            var options = new DbContextOptionsBuilder<SqliteAppDbContext>()
                .UseSqlite($"Data Source={Path.Combine(folder.FullName, "before.db")};Foreign Keys=False;Pooling=False")
                .Options;
            await using var db = new SqliteAppDbContext(options);
            await db.GetService<IMigrator>().MigrateAsync("20261127221002_AddResults");
            // Rows as the previous version saved them (foreign keys off: only these two tables matter here).
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO Scorecards (Id, AssignmentId, Status, Feedback, PrivateNote, CreatedAt, UpdatedAt, Revisions, Version)
                VALUES (1, 1, 'Submitted', '', '', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 0, 'a'),
                       (2, 2, 'Draft', '', '', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 0, 'b');
                INSERT INTO CriterionScores (ScorecardId, CriterionId, Points) VALUES (1, 12, 7), (1, 3, 10), (1, 5, 0);
                """);

            await db.Database.MigrateAsync();

            var summaries = await db.Scorecards.OrderBy(s => s.Id).Select(s => EF.Property<string>(s, Scorecard.PointsSummaryColumn)).ToListAsync();
            // Ascending criterion id as numbers (3, 5, 12), and a card without points has an empty summary.
            Assert.Equal(["3:10 5:0 12:7", ""], summaries);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_ranking_reads_each_criterions_points_from_the_summary()
    {
        var points = Enumerable.Repeat(int.MinValue, 3).ToList();
        ResultsData.ParseSummary("3:10 5:0 12:7 40:2", [12, 3, 99], points, 0);
        // Criterion 12 and 3 in the rubric's order, 99 not given, 5 and 40 not this rubric's.
        Assert.Equal([7, 10, int.MinValue], points);

        Assert.Throws<FormatException>(() => ResultsData.ParseSummary("3:10,5:0", [3, 5], points, 0));
        Assert.Throws<FormatException>(() => ResultsData.ParseSummary("3:", [3], points, 0));
    }
}
