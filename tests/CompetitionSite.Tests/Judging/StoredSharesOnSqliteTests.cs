using System.Net;
using System.Text.Json;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Features.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Judging;

/// <summary>
/// On SQLite a scorecard's criterion shares are one blob of doubles (a format byte, then 8 bytes a share), not JSON
/// text: the ranking reads them without parsing. A scorecard saved before, with its shares as JSON text, still reads
/// and ranks the same. It is about SQLite's storage, so it runs in the SQLite pass only.
/// </summary>
[Trait("Database", "SqliteOnly")]
public sealed class StoredSharesOnSqliteTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    [Fact]
    public async Task Shares_are_stored_as_one_blob_of_doubles_and_shares_kept_as_json_text_before_still_read_and_rank_the_same()
    {
        var c = await site.SeedInPhaseAsync(Phase.Judging);
        var entry = await site.SeedEntryAsync(c.Categories[0].Id);
        var (judge, judgeId, _) = await site.JudgeAsync(c);
        await site.AssignAsync(judgeId, entry);
        Assert.Equal(HttpStatusCode.Redirect, (await judge.ScoreAsync(site, entry, [8, 7], "submit")).StatusCode);
        var saved = (await site.ScorecardAsync(judgeId, entry.Id))!;
        Assert.Equal(2, saved.CriterionShares.Length);

        var (type, length) = await site.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = """SELECT typeof("CriterionShares"), length("CriterionShares") FROM "Scorecards" WHERE "Id" = $id""";
            var id = command.CreateParameter();
            id.ParameterName = "$id";
            id.Value = saved.Id;
            command.Parameters.Add(id);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            return (reader.GetString(0), reader.GetInt64(1));
        });
        Assert.Equal("blob", type);
        Assert.Equal(1 + 8 * 2, length);

        var before = await RankedAsync(c.Id);

        // The same shares as EF kept them before: a JSON array of numbers, as text.
        var json = JsonSerializer.Serialize(saved.CriterionShares);
        Assert.Equal(1, await site.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"""UPDATE "Scorecards" SET "CriterionShares" = {json} WHERE "Id" = {saved.Id}""")));

        var legacy = (await site.ScorecardAsync(judgeId, entry.Id))!;
        Assert.Equal(saved.CriterionShares.Select(BitConverter.DoubleToInt64Bits), legacy.CriterionShares.Select(BitConverter.DoubleToInt64Bits));
        var after = await RankedAsync(c.Id);
        Assert.Equal(before, after);
    }

    private async Task<string> RankedAsync(int competitionId)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var results = await scope.ServiceProvider.GetRequiredService<ResultsQueries>().LoadAsync(competitionId, withFeedback: false);
        return string.Join("; ", results!.Categories.SelectMany(x => x.Rows).Select(r =>
            $"{r.EntryId} {BitConverter.DoubleToInt64Bits(r.Ranked.Score)} {r.Ranked.Place} " +
            string.Join(",", r.Ranked.CriterionMeans.Select(m => BitConverter.DoubleToInt64Bits(m)))));
    }
}
