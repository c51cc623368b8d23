using System.Diagnostics;
using System.Globalization;
using CompetitionSite.Web.Features.Judging;
using CompetitionSite.Web.Features.Results;

namespace CompetitionSite.Bench.Scenarios;

/// <summary>
/// Scenario 5: the ranking of one category of N entries × 3 judges × 6 criteria. The site's side is the code the
/// organizer's review page runs (<see cref="ResultsQueries.LoadAsync(int, bool, CancellationToken)"/> without feedback, which
/// the page does not show: loading entries, members and scores, then
/// <c>Ranking.Compute</c>, award suggestion and fingerprint), called in the harness process on the benchmark's
/// database (SQLite or PostgreSQL). The baseline is one hand-written SQL query over the same database that computes each entry's mean
/// weighted total. Both answers are compared entry by entry before anything is timed.
/// </summary>
public static class RankingBench
{
    /// <summary>Quoted names, named parameters and DOUBLE PRECISION: the same text runs on SQLite and on PostgreSQL.</summary>
    public const string Sql = """
        SELECT t."EntryId", AVG(t."Total")
        FROM (
            SELECT a."EntryId" AS "EntryId",
                   SUM(CAST(cs."Points" AS DOUBLE PRECISION) / c."MaxPoints" * c."Weight") * 100.0 / w."WeightSum" AS "Total"
            FROM "JudgeAssignments" a
            JOIN "Scorecards" s ON s."AssignmentId" = a."Id" AND s."Status" = 'Submitted'
            JOIN "CriterionScores" cs ON cs."ScorecardId" = s."Id"
            JOIN "Criteria" c ON c."Id" = cs."CriterionId"
            JOIN (SELECT "RubricId", SUM("Weight") AS "WeightSum" FROM "Criteria" GROUP BY "RubricId") w ON w."RubricId" = c."RubricId"
            WHERE a."CompetitionId" = @competition AND a."CategoryId" = @category
            GROUP BY s."Id", a."EntryId", w."WeightSum"
        ) t
        GROUP BY t."EntryId"
        """;

    public static async Task<ScenarioResult> RunAsync(BenchDatabase database, ReviewCompetition competition, int rounds)
    {
        // Same answers first: a benchmark that compares different answers is worthless.
        var site = await SiteRankingAsync(database, competition);
        var query = await QueryAsync(database, competition);
        var worst = 0.0;
        foreach (var (entry, mean) in site)
        {
            if (!query.TryGetValue(entry, out var other))
            {
                throw new InvalidOperationException($"Entry {entry} is ranked by the site but missing from the query's answer.");
            }

            worst = Math.Max(worst, Math.Abs(mean - other));
        }

        if (query.Count != site.Count || worst > 1e-9)
        {
            throw new InvalidOperationException($"The site and the query disagree: {site.Count} vs {query.Count} entries, largest difference {worst}.");
        }

        var siteMs = new List<double>();
        var queryMs = new List<double>();
        await using var memory = new MemorySampler(Environment.ProcessId);
        for (var r = 0; r < rounds; r++)
        {
            var started = Stopwatch.GetTimestamp();
            await QueryAsync(database, competition);
            queryMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            started = Stopwatch.GetTimestamp();
            await SiteRankingAsync(database, competition);
            siteMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var siteP50 = Percentile(siteMs, 0.5);
        var queryP50 = Percentile(queryMs, 0.5);
        var ratio = queryP50 / siteP50;
        var met = siteP50 < 1000 && ratio >= 0.5;
        var scores = competition.EntryIds.Count * 3 * ResultsSeed.Criteria.Length;
        return new ScenarioResult(
            $"Ranking: {competition.EntryIds.Count:N0} entries × 3 judges × {ResultsSeed.Criteria.Length} criteria ({scores:N0} criterion scores)",
            $"one hand-written SQL query (mean weighted total per entry), same {database.Label} database",
            Report.Ms(queryP50),
            Report.Ms(siteP50),
            ratio,
            "< 1 s, ≥ 0.5× (within 2× of the query)",
            met,
            Report.Ms(siteP50),
            Report.Ms(Percentile(siteMs, 0.99)),
            Report.Mb(memory.Peak) + " (harness process)",
            string.Create(CultureInfo.InvariantCulture,
                $"site = ResultsQueries.LoadAsync(id, withFeedback: false), the review page's own read (entries, members, scores, Ranking.Compute, award suggestion), in the harness process; median of {rounds} alternating rounds after one warm-up (site: {string.Join(", ", siteMs.Select(x => x.ToString("0", CultureInfo.InvariantCulture)))} ms; query: {string.Join(", ", queryMs.Select(x => x.ToString("0", CultureInfo.InvariantCulture)))} ms); query p99 {Percentile(queryMs, 0.99):0.0} ms; means equal for all {query.Count:N0} entries (largest difference {worst:G2})"));
    }

    private static async Task<Dictionary<int, double>> SiteRankingAsync(BenchDatabase database, ReviewCompetition competition)
    {
        await using var db = database.Open();
        var submitted = new SubmittedEntries(db, TimeProvider.System);
        var data = new ResultsQueries(db, new JudgingQueries(db, TimeProvider.System, submitted), submitted);
        var results = await data.LoadAsync(competition.Id, withFeedback: false) ?? throw new InvalidOperationException("The competition is missing.");
        var category = results.Categories.Single(c => c.CategoryId == competition.CategoryId);
        return category.Rows.ToDictionary(r => r.EntryId, r => r.Ranked.Score);
    }

    private static async Task<Dictionary<int, double>> QueryAsync(BenchDatabase database, ReviewCompetition competition)
    {
        await using var connection = database.Connection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        foreach (var (name, value) in new[] { ("@competition", competition.Id), ("@category", competition.CategoryId) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        var means = new Dictionary<int, double>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            means[reader.GetInt32(0)] = reader.GetDouble(1);
        }

        return means;
    }

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
