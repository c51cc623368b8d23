using CompetitionSite.Web.Domain.Competitions;

namespace CompetitionSite.Web.Domain.Judging;

public enum ScoreProblemKind
{
    /// <summary>Points below zero or above the criterion's maximum, or not a whole number.</summary>
    OutOfRange = 0,

    /// <summary>A criterion without points when the score is submitted.</summary>
    Missing = 1,

    /// <summary>Points for a criterion that is not in the entry's rubric.</summary>
    UnknownCriterion = 2,
}

public readonly record struct ScoreProblem(ScoreProblemKind Kind, int CriterionId);

/// <summary>
/// What <see cref="ScoreRules.Totals"/> makes of a scorecard's points: the weighted total (0–100) and each criterion's
/// share of its maximum (0–1), in rubric order.
/// </summary>
public sealed record ScoreTotals(double Total, double[] Shares);

/// <summary>Score arithmetic and validation. Points are whole numbers from 0 to the criterion's maximum.</summary>
public static class ScoreRules
{
    /// <summary>
    /// What is wrong with the points typed for a rubric. <paramref name="typed"/> maps criterion id to the text typed
    /// (empty: not scored yet). A draft may leave criteria empty; a submitted score may not.
    /// </summary>
    public static IReadOnlyList<ScoreProblem> Problems(IReadOnlyList<Criterion> rubric, IReadOnlyDictionary<int, string?> typed, bool submit)
    {
        var problems = new List<ScoreProblem>();
        var known = rubric.Select(c => c.Id).ToHashSet();
        foreach (var id in typed.Keys.Where(id => !known.Contains(id)).Order())
        {
            problems.Add(new ScoreProblem(ScoreProblemKind.UnknownCriterion, id));
        }

        foreach (var c in rubric.OrderBy(c => c.Order))
        {
            var text = typed.GetValueOrDefault(c.Id)?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                if (submit)
                {
                    problems.Add(new ScoreProblem(ScoreProblemKind.Missing, c.Id));
                }

                continue;
            }

            if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var points)
                || points < 0 || points > c.MaxPoints)
            {
                problems.Add(new ScoreProblem(ScoreProblemKind.OutOfRange, c.Id));
            }
        }

        return problems;
    }

    /// <summary>The points typed, for criteria that have valid points (call after <see cref="Problems"/> found none).</summary>
    public static Dictionary<int, int> Parse(IReadOnlyList<Criterion> rubric, IReadOnlyDictionary<int, string?> typed)
    {
        var points = new Dictionary<int, int>();
        foreach (var c in rubric)
        {
            if (int.TryParse(typed.GetValueOrDefault(c.Id)?.Trim(), System.Globalization.NumberStyles.Integer,
                    System.Globalization.CultureInfo.InvariantCulture, out var p) && p >= 0 && p <= c.MaxPoints)
            {
                points[c.Id] = p;
            }
        }

        return points;
    }

    /// <summary>
    /// The one scoring formula. Criteria in rubric order (<see cref="Criterion.Order"/>, then id); each criterion's
    /// share is its points as a part of its maximum (0–1; a criterion without points counts 0); the total is
    /// Σ(share × weight) / Σweight × 100, so 0–100, unrounded (0 when the weights add up to nothing). A scorecard
    /// stores both when it is saved (<see cref="Scorecard.SetPoints"/>); the ranking and every page read them.
    /// </summary>
    public static ScoreTotals Totals(IEnumerable<Criterion> rubric, IReadOnlyDictionary<int, int> points)
    {
        var ordered = rubric.OrderBy(c => c.Order).ThenBy(c => c.Id).ToList();
        var shares = new double[ordered.Count];
        var weightSum = 0;
        var sum = 0.0;
        for (var i = 0; i < ordered.Count; i++)
        {
            var c = ordered[i];
            weightSum += c.Weight;
            if (c.MaxPoints > 0 && points.TryGetValue(c.Id, out var p))
            {
                shares[i] = (double)p / c.MaxPoints;
                sum += shares[i] * c.Weight;
            }
        }

        return new ScoreTotals(weightSum > 0 ? sum / weightSum * 100.0 : 0.0, shares);
    }

    /// <summary>A total as pages, the audit log and exports show it: two decimals, halves away from zero.</summary>
    public static decimal Rounded(double total) => Math.Round((decimal)total, 2, MidpointRounding.AwayFromZero);

    /// <summary><see cref="Totals"/>' total, <see cref="Rounded"/>.</summary>
    public static decimal WeightedTotal(IReadOnlyList<Criterion> rubric, IReadOnlyDictionary<int, int> points) => Rounded(Totals(rubric, points).Total);

    public static bool IsComplete(IReadOnlyList<Criterion> rubric, IReadOnlyDictionary<int, int> points) => rubric.All(c => points.ContainsKey(c.Id));

    /// <summary>Mean and (population) standard deviation of a judge's totals; zeros for no totals.</summary>
    public static (decimal Mean, decimal StandardDeviation) Spread(IReadOnlyCollection<decimal> totals)
    {
        if (totals.Count == 0)
        {
            return (0, 0);
        }

        var mean = totals.Average();
        var variance = totals.Sum(t => (double)((t - mean) * (t - mean))) / totals.Count;
        return (Math.Round(mean, 2), Math.Round((decimal)Math.Sqrt(variance), 2));
    }
}
