namespace CompetitionSite.Web.Domain.Competitions;

/// <summary>Rubric arithmetic and validation: weights are positive and shown as percentages of their total.</summary>
public static class RubricRules
{
    public const int MinPoints = 1;
    public const int MaxPoints = 100;
    public const int MaxWeight = 1000;

    /// <summary>
    /// Each weight as a percentage of the total, to one decimal, adding up to exactly 100 (largest remainder
    /// rounding; ties go to the earlier criterion). Empty or non-positive totals give zeros.
    /// </summary>
    public static IReadOnlyList<decimal> WeightPercentages(IReadOnlyList<int> weights)
    {
        var total = weights.Where(w => w > 0).Sum(w => (long)w);
        if (total <= 0)
        {
            return weights.Select(_ => 0m).ToList();
        }

        // Work in tenths of a percent: 1000 units in all.
        var exact = weights.Select(w => w > 0 ? w * 1000m / total : 0m).ToList();
        var units = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var left = 1000 - units.Sum();
        foreach (var i in Enumerable.Range(0, units.Length)
                     .Where(i => weights[i] > 0)
                     .OrderByDescending(i => exact[i] - units[i])
                     .ThenBy(i => i)
                     .Take(left))
        {
            units[i]++;
        }

        return units.Select(u => u / 10m).ToList();
    }

    public static IReadOnlyList<decimal> WeightPercentages(Rubric rubric) =>
        WeightPercentages(rubric.Criteria.OrderBy(c => c.Order).Select(c => c.Weight).ToList());

    /// <summary>
    /// What is wrong with a list of criteria, as (index of the criterion or -1 for the whole rubric, field, message).
    /// Messages are English keys for the localizer.
    /// </summary>
    public static IEnumerable<(int Index, string Field, string Message)> Problems(IReadOnlyList<(string Name, int Weight, int MaxPoints)> criteria)
    {
        if (criteria.Count == 0)
        {
            yield return (-1, "", "A rubric needs at least one criterion.");
            yield break;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < criteria.Count; i++)
        {
            var (name, weight, maxPoints) = criteria[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                yield return (i, nameof(Criterion.Name), "Give the criterion a name.");
            }
            else if (!seen.Add(name.Trim()))
            {
                yield return (i, nameof(Criterion.Name), "Two criteria have the same name.");
            }

            if (weight <= 0)
            {
                yield return (i, nameof(Criterion.Weight), "The weight must be greater than zero.");
            }
            else if (weight > MaxWeight)
            {
                yield return (i, nameof(Criterion.Weight), "The weight can be at most 1000.");
            }

            if (maxPoints is < MinPoints or > MaxPoints)
            {
                yield return (i, nameof(Criterion.MaxPoints), "The maximum points must be between 1 and 100.");
            }
        }
    }

    public static bool IsValid(Rubric rubric) =>
        !Problems(rubric.Criteria.OrderBy(c => c.Order).Select(c => (c.Name, c.Weight, c.MaxPoints)).ToList()).Any();
}
