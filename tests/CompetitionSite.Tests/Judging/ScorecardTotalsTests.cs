using System.Data.Common;
using System.Net;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

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

    [Fact]
    public async Task The_migration_stores_the_numbers_of_scorecards_saved_before_it_and_drops_the_triggers()
    {
        var folder = Directory.CreateTempSubdirectory("scorecard-totals-");
        try
        {
            var options = new DbContextOptionsBuilder<AppDbContext>()
                .UseSqlite($"Data Source={Path.Combine(folder.FullName, "before.db")};Foreign Keys=False;Pooling=False")
                .Options;
            await using var db = new AppDbContext(options);
            await db.GetService<IMigrator>().MigrateAsync("20261128022530_OutboxBodyColumnsDropped");
            // Rows as the previous version saved them (foreign keys off: only the tables the numbers come from).
            await InsertAsync(db, "Criteria", new() { ["Id"] = 12, ["RubricId"] = 1, ["Order"] = 2, ["Weight"] = 1, ["MaxPoints"] = 20 });
            await InsertAsync(db, "Criteria", new() { ["Id"] = 3, ["RubricId"] = 1, ["Order"] = 0, ["Weight"] = 2, ["MaxPoints"] = 10 });
            await InsertAsync(db, "Criteria", new() { ["Id"] = 5, ["RubricId"] = 1, ["Order"] = 1, ["Weight"] = 1, ["MaxPoints"] = 5 });
            await InsertAsync(db, "Categories", new() { ["Id"] = 1, ["RubricId"] = 1 });
            foreach (var id in new[] { 1, 2 })
            {
                await InsertAsync(db, "JudgeAssignments", new() { ["Id"] = id, ["CategoryId"] = 1, ["EntryId"] = id });
            }

            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO Scorecards (Id, AssignmentId, Status, Feedback, PrivateNote, CreatedAt, UpdatedAt, Revisions, Version)
                VALUES (1, 1, 'Submitted', '', '', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 0, '0b6f6c1e-0000-4000-8000-000000000001'),
                       (2, 2, 'Draft', '', '', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 0, '0b6f6c1e-0000-4000-8000-000000000002');
                INSERT INTO CriterionScores (ScorecardId, CriterionId, Points) VALUES (1, 12, 7), (1, 3, 10), (1, 5, 0);
                """);

            await db.Database.MigrateAsync();

            var cards = await db.Scorecards.AsNoTracking().OrderBy(s => s.Id).ToListAsync();
            Criterion[] rubric =
            [
                new() { Id = 12, Order = 2, Weight = 1, MaxPoints = 20 },
                new() { Id = 3, Order = 0, Weight = 2, MaxPoints = 10 },
                new() { Id = 5, Order = 1, Weight = 1, MaxPoints = 5 },
            ];
            var expected = ScoreRules.Totals(rubric, new Dictionary<int, int> { [12] = 7, [3] = 10, [5] = 0 });
            Assert.Equal(expected.Total, cards[0].WeightedTotal, 12);
            Assert.Equal(expected.Shares.Length, cards[0].CriterionShares.Length);
            foreach (var (want, got) in expected.Shares.Zip(cards[0].CriterionShares))
            {
                Assert.Equal(want, got, 12);
            }

            // A card without points: every share 0, total 0.
            Assert.Equal(0.0, cards[1].WeightedTotal);
            Assert.Equal([0.0, 0.0, 0.0], cards[1].CriterionShares);

            var triggers = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'trigger'").ToListAsync();
            Assert.Empty(triggers);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Inserts a row with the given values and a zero or empty value in every other NOT NULL column.</summary>
    private static async Task InsertAsync(AppDbContext db, string table, Dictionary<string, object> values)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var columns = new List<(string Name, string Type)>();
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = $"SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}')";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (!values.ContainsKey(reader.GetString(0)) && reader.GetInt32(2) == 1 && reader.IsDBNull(3) && reader.GetInt32(4) == 0)
                {
                    columns.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
        }

        foreach (var (name, type) in columns)
        {
            values[name] = type.Contains("INT", StringComparison.OrdinalIgnoreCase) || type.Contains("REAL", StringComparison.OrdinalIgnoreCase) ? 0 : "";
        }

        await using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", values.Keys.Select(k => $"\"{k}\""))}) VALUES ({string.Join(", ", values.Keys.Select((_, i) => $"$p{i}"))})";
        var n = 0;
        foreach (var value in values.Values)
        {
            DbParameter parameter = insert.CreateParameter();
            parameter.ParameterName = $"$p{n++}";
            parameter.Value = value;
            insert.Parameters.Add(parameter);
        }

        await insert.ExecuteNonQueryAsync();
    }
}
