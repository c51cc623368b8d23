namespace CompetitionSite.Web.Domain.Results;

/// <summary>
/// One school's (or one regency's) tally in a competition: its participants, its submitted entries, and the awards those
/// entries won, counted by the tier's rank order (0 = the first ranked tier, usually "Juara 1"). A team entry counts once
/// for each school (or regency) among its members.
/// </summary>
public sealed record StandingTally(string Key, string Name, string Region, int Participants, int Entries, IReadOnlyList<int> RankedAwards, int SpecialAwards)
{
    public int Winners => RankedAwards.Sum() + SpecialAwards;
}

/// <summary>
/// The school standing ("juara umum"): ordered like a medal table — most first-tier awards, then most second-tier, and
/// so on down the ranked tiers, then special awards, then entries; a school with no award is not placed. Places are
/// shared by tallies equal on all of these (1, 2, 2, 4).
/// </summary>
public static class SchoolStanding
{
    public sealed record Placed(int? Place, StandingTally Tally);

    public static IReadOnlyList<Placed> Rank(IEnumerable<StandingTally> tallies)
    {
        var list = tallies.ToList();
        var tiers = list.Count == 0 ? 0 : list.Max(t => t.RankedAwards.Count);
        int[] Key(StandingTally t) =>
            [.. Enumerable.Range(0, tiers).Select(i => i < t.RankedAwards.Count ? t.RankedAwards[i] : 0), t.SpecialAwards, t.Entries];
        var comparer = Comparer<int[]>.Create((a, b) =>
        {
            for (var i = 0; i < a.Length; i++)
            {
                var c = b[i].CompareTo(a[i]); // more is better
                if (c != 0)
                {
                    return c;
                }
            }

            return 0;
        });
        var ordered = list
            .Select(t => (Tally: t, Key: Key(t)))
            .OrderBy(x => x.Key, comparer)
            .ThenBy(x => x.Tally.Name, StringComparer.CurrentCulture)
            .ToList();
        var placed = new List<Placed>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var (tally, key) = ordered[i];
            int? place = null;
            if (tally.Winners > 0)
            {
                place = i > 0 && comparer.Compare(ordered[i - 1].Key, key) == 0 && placed[i - 1].Place is { } previous ? previous : i + 1;
            }

            placed.Add(new Placed(place, tally));
        }

        return placed;
    }
}
