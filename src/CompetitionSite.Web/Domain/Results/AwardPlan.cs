using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CompetitionSite.Web.Domain.Results;

/// <summary>A tier a category gives, as the award rules need it.</summary>
public sealed record TierSlot(string Name, int Order, int Count, bool IsSpecial);

/// <summary>Entries that share a place across an award boundary: the organizer has to decide who gets which award.</summary>
public sealed record StraddlingTie(int Place, IReadOnlyList<int> EntryIds, IReadOnlyList<string> Awards);

/// <summary>The awards the ranking suggests, and the ties it cannot settle.</summary>
public sealed record AwardSuggestion(IReadOnlyDictionary<int, string> TierByEntry, IReadOnlyList<StraddlingTie> Ties);

/// <summary>
/// How a ranking turns into awards: the ranked tiers (not the special ones) are laid out as places — "Juara 1" ×1,
/// "Juara 2" ×1, … — and the entry at each place gets that place's tier. Entries sharing a place get the same tier
/// when every place they cover carries it; when they cover places with different tiers (two entries share place 3
/// but there is only one "Juara 3") the tie straddles an award boundary and is left to the organizer.
/// </summary>
public static class AwardPlan
{
    public static AwardSuggestion Suggest(IEnumerable<RankedEntry> ranking, IEnumerable<TierSlot> tiers)
    {
        var slots = tiers.Where(t => !t.IsSpecial).OrderBy(t => t.Order)
            .SelectMany(t => Enumerable.Repeat(t.Name, Math.Max(0, t.Count)))
            .ToList();
        var byEntry = new Dictionary<int, string>();
        var ties = new List<StraddlingTie>();
        foreach (var group in ranking.Where(r => r.Place > 0).GroupBy(r => r.Place).OrderBy(g => g.Key))
        {
            var ids = group.Select(r => r.EntryId).ToList();
            var covered = Enumerable.Range(group.Key - 1, ids.Count)
                .Select(i => i < slots.Count ? slots[i] : null)
                .ToList();
            if (covered.Distinct().Count() == 1)
            {
                if (covered[0] is { } name)
                {
                    foreach (var id in ids)
                    {
                        byEntry[id] = name;
                    }
                }
            }
            else
            {
                ties.Add(new StraddlingTie(group.Key, ids, covered.OfType<string>().Distinct().ToList()));
            }
        }

        return new AwardSuggestion(byEntry, ties);
    }

    /// <summary>
    /// A short fingerprint of the order of a ranking (which entry holds which place): awards saved on one ranking
    /// must be looked at again when it changes.
    /// </summary>
    public static string Fingerprint(IEnumerable<RankedEntry> ranking)
    {
        var text = string.Join(";", ranking.Where(r => r.Place > 0).OrderBy(r => r.Place).ThenBy(r => r.EntryId)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.EntryId}:{r.Place}")));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
