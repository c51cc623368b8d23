using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;

namespace CompetitionSite.Web.Domain.Results;

/// <summary>
/// One judge's submitted score for one entry as its scorecard stores it: the weighted total (0–100) and each
/// criterion's share of its maximum in rubric order (<see cref="ScoreRules.Totals"/>).
/// </summary>
public sealed record JudgeScore(int EntryId, string JudgeId, double Total, IReadOnlyList<double> Shares)
{
    public JudgeScore(int entryId, string judgeId, ScoreTotals totals)
        : this(entryId, judgeId, totals.Total, totals.Shares)
    {
    }
}

public enum RankingMode
{
    /// <summary>The mean of the judges' totals.</summary>
    Raw = 0,

    /// <summary>Each judge's totals turned into z-scores, averaged per entry, mapped back onto the 0–100 scale.</summary>
    Normalized = 1,
}

public sealed record RankedEntry(
    int EntryId,
    int Place,
    bool SharesPlace,
    double Score,
    double NormalizedScore,
    IReadOnlyDictionary<string, double> JudgeTotals,
    IReadOnlyList<double> CriterionMeans,
    int ScoreCount,
    bool IsComplete,
    bool IsExcused,
    int? DecidedByCriterionOrder);

/// <summary>
/// The ranking arithmetic of a category, as plain numbers (no EF, no ASP.NET):
/// <list type="bullet">
/// <item>a judge's total for an entry is the one its scorecard stores (<see cref="ScoreRules.Totals"/>, 0–100);</item>
/// <item>an entry's score is the mean of its judges' totals;</item>
/// <item>normalised: each judge's totals become z-scores (a judge with fewer than two scores, or who gave the
/// same total to everything, contributes 0), the entry's mean z is mapped back as M + z̄·S, where M and S are the
/// mean and standard deviation of all judges' totals in the category, clamped to 0–100;</item>
/// <item>ties (scores equal to 1e-9) are broken by the mean points of each criterion as a share of its maximum, in
/// rubric order; entries still equal share the place (1, 2, 2, 4).</item>
/// </list>
/// Only complete entries (at least <c>requiredScores</c> submitted scores) or entries the organizer excused are
/// ranked; the others come last, unplaced (place 0), flagged incomplete.
/// </summary>
public static class Ranking
{
    private const double Tolerance = 1e-9;

    /// <summary>
    /// Ranks <paramref name="entryIds"/> (each once, in the order given) by the judges' <paramref name="scores"/>
    /// (those of other entries are ignored); criteria in rubric order break ties, so each score's
    /// <see cref="JudgeScore.Shares"/> must be in <paramref name="rubric"/>'s order (<see cref="Criterion.Order"/>,
    /// then id). The result lists ranked entries first (place 1, 2, 2, 4…), then the unplaced ones (place 0).
    /// </summary>
    public static IReadOnlyList<RankedEntry> Compute(
        IReadOnlyList<Criterion> rubric,
        IEnumerable<int> entryIds,
        IEnumerable<JudgeScore> scores,
        int requiredScores,
        RankingMode mode,
        IReadOnlySet<int>? excused = null)
    {
        var ordered = rubric.OrderBy(c => c.Order).ThenBy(c => c.Id).ToList();
        excused ??= new HashSet<int>();

        // The entries, each once, in the order given; then every judge score of a known entry, in the order given.
        // Flat arrays instead of a list per entry and per judge: a category can have 10,000 entries. Every sum below
        // adds the same numbers in the same order as the plain definitions (mean of an entry's totals in input order,
        // each judge's mean and SD over their totals in input order), so the results are bit for bit the same.
        var entryIndex = new Dictionary<int, int>();
        var entries = new List<int>();
        foreach (var id in entryIds)
        {
            if (entryIndex.TryAdd(id, entries.Count))
            {
                entries.Add(id);
            }
        }

        var judgeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var judgeIds = new List<string>();
        var judgeTotals = new List<List<double>>();
        var scoreEntry = new List<int>();
        var scoreJudge = new List<int>();
        var allTotals = new List<double>();
        var m = ordered.Count;
        var shareSums = new double[entries.Count * m];
        foreach (var s in scores)
        {
            if (!entryIndex.TryGetValue(s.EntryId, out var e))
            {
                continue;
            }

            if (!judgeIndex.TryGetValue(s.JudgeId, out var j))
            {
                judgeIndex[s.JudgeId] = j = judgeIds.Count;
                judgeIds.Add(s.JudgeId);
                judgeTotals.Add([]);
            }

            scoreEntry.Add(e);
            scoreJudge.Add(j);
            allTotals.Add(s.Total);
            judgeTotals[j].Add(s.Total);
            for (var i = 0; i < m && i < s.Shares.Count; i++)
            {
                shareSums[e * m + i] += s.Shares[i];
            }
        }

        // Each entry's scores as one run of a flat array (input order kept within the run).
        var n = entries.Count;
        var start = new int[n + 1];
        foreach (var e in scoreEntry)
        {
            start[e + 1]++;
        }

        for (var e = 0; e < n; e++)
        {
            start[e + 1] += start[e];
        }

        var fill = (int[])start.Clone();
        var runs = new int[scoreEntry.Count];
        for (var k = 0; k < scoreEntry.Count; k++)
        {
            runs[fill[scoreEntry[k]]++] = k;
        }

        // z-scores per judge: each judge's mean and standard deviation (a judge appears once per entry).
        var judgeStats = new (double Mean, double Sd, int Count)[judgeIds.Count];
        for (var j = 0; j < judgeStats.Length; j++)
        {
            var (mean, sd) = MeanAndStandardDeviation(judgeTotals[j]);
            judgeStats[j] = (mean, sd, judgeTotals[j].Count);
        }

        double Z(int judge, double total)
        {
            var (mean, sd, count) = judgeStats[judge];
            return count < 2 || sd < Tolerance ? 0.0 : (total - mean) / sd;
        }

        var (overallMean, overallSd) = MeanAndStandardDeviation(allTotals);

        var rows = new List<Row>(n);
        for (var e = 0; e < n; e++)
        {
            var entryId = entries[e];
            var count = start[e + 1] - start[e];
            var raw = 0.0;
            var meanZ = 0.0;
            var normalized = 0.0;
            var byJudge = new Dictionary<string, double>(count, StringComparer.Ordinal);
            if (count > 0)
            {
                var sum = 0.0;
                var sumZ = 0.0;
                for (var r = start[e]; r < start[e + 1]; r++)
                {
                    var k = runs[r];
                    sum += allTotals[k];
                    sumZ += Z(scoreJudge[k], allTotals[k]);
                    byJudge.Add(judgeIds[scoreJudge[k]], allTotals[k]);
                }

                raw = sum / count;
                meanZ = sumZ / count;
                normalized = Math.Clamp(overallMean + meanZ * overallSd, 0.0, 100.0);
            }

            var criterionMeans = new double[m];
            for (var i = 0; i < m && count > 0; i++)
            {
                criterionMeans[i] = shareSums[e * m + i] / count;
            }

            var complete = count >= requiredScores;
            rows.Add(new Row(entryId, raw, normalized, mode == RankingMode.Normalized ? normalized : raw, byJudge, criterionMeans, count, complete,
                excused.Contains(entryId)));
        }

        var ranked = rows.Where(r => r.IsComplete || r.IsExcused).ToList();
        ranked.Sort(static (a, b) => Compare(b, a));

        var result = new List<RankedEntry>(rows.Count);
        for (var i = 0; i < ranked.Count; i++)
        {
            var row = ranked[i];
            var place = i + 1;
            if (i > 0 && Compare(ranked[i - 1], row) == 0)
            {
                place = result[i - 1].Place;
            }

            var sharesWithPrevious = i > 0 && Compare(ranked[i - 1], row) == 0;
            var sharesWithNext = i + 1 < ranked.Count && Compare(ranked[i + 1], row) == 0;
            // When the score alone would tie with a neighbour but the criteria separate them, say which criterion did.
            int? decidedBy = null;
            if (i > 0 && !sharesWithPrevious && Math.Abs(ranked[i - 1].Key - row.Key) < Tolerance)
            {
                decidedBy = FirstDifferentCriterion(ranked[i - 1], row, ordered);
            }
            else if (i + 1 < ranked.Count && !sharesWithNext && Math.Abs(ranked[i + 1].Key - row.Key) < Tolerance)
            {
                decidedBy = FirstDifferentCriterion(row, ranked[i + 1], ordered);
            }

            result.Add(row.ToRanked(place, sharesWithPrevious || sharesWithNext, decidedBy));
        }

        foreach (var row in rows.Where(r => !(r.IsComplete || r.IsExcused)).OrderByDescending(r => r.Key).ThenBy(r => r.EntryId))
        {
            result.Add(row.ToRanked(0, false, null));
        }

        return result;
    }

    public static (double Mean, double StandardDeviation) MeanAndStandardDeviation(IEnumerable<double> values)
    {
        var list = values as IReadOnlyCollection<double> ?? values.ToList();
        if (list.Count == 0)
        {
            return (0, 0);
        }

        var mean = list.Average();
        var variance = list.Sum(v => (v - mean) * (v - mean)) / list.Count;
        return (mean, Math.Sqrt(variance));
    }

    /// <summary>Higher first: by score, then by each criterion's mean in rubric order; 0 = a true tie.</summary>
    private static int Compare(Row a, Row b)
    {
        var d = a.Key - b.Key;
        if (Math.Abs(d) >= Tolerance)
        {
            return d > 0 ? 1 : -1;
        }

        for (var i = 0; i < a.CriterionMeans.Length; i++)
        {
            var c = a.CriterionMeans[i] - b.CriterionMeans[i];
            if (Math.Abs(c) >= Tolerance)
            {
                return c > 0 ? 1 : -1;
            }
        }

        return 0;
    }

    private static int? FirstDifferentCriterion(Row a, Row b, IReadOnlyList<Criterion> ordered)
    {
        for (var i = 0; i < a.CriterionMeans.Length; i++)
        {
            if (Math.Abs(a.CriterionMeans[i] - b.CriterionMeans[i]) >= Tolerance)
            {
                return ordered[i].Order;
            }
        }

        return null;
    }

    /// <summary>An entry's numbers while ranking; <see cref="Key"/> is the score the mode ranks by.</summary>
    private sealed record Row(
        int EntryId,
        double Raw,
        double Normalized,
        double Key,
        IReadOnlyDictionary<string, double> JudgeTotals,
        double[] CriterionMeans,
        int ScoreCount,
        bool IsComplete,
        bool IsExcused)
    {
        public RankedEntry ToRanked(int place, bool shares, int? decidedBy) =>
            new(EntryId, place, shares, Raw, Normalized, JudgeTotals, CriterionMeans, ScoreCount, IsComplete, IsExcused, decidedBy);
    }
}
