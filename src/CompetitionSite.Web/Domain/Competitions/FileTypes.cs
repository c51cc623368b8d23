namespace CompetitionSite.Web.Domain.Competitions;

/// <summary>The file types a category may accept, by kind of entry. Nothing outside this list is ever accepted.</summary>
public static class FileTypes
{
    private static readonly Dictionary<EntryKind, string[]> ByKind = new()
    {
        [EntryKind.Image] = [".jpg", ".jpeg", ".png", ".webp"],
        [EntryKind.Video] = [".mp4", ".webm", ".mov"],
        [EntryKind.Document] = [".pdf", ".docx"],
        [EntryKind.Archive] = [".zip"],
        [EntryKind.Link] = [],
    };

    /// <summary>The extensions (lower case, with the dot) a category of this kind may allow. Link entries have none.</summary>
    public static IReadOnlyList<string> For(EntryKind kind) => ByKind[kind];

    public static bool IsKnown(string extension) => ByKind.Values.Any(list => list.Contains(extension, StringComparer.Ordinal));

    /// <summary>Lower case with a leading dot: "PNG" → ".png".</summary>
    public static string Normalize(string extension)
    {
        var e = extension.Trim().ToLowerInvariant();
        return e.Length == 0 || e.StartsWith('.') ? e : "." + e;
    }

    /// <summary>What is wrong with a choice of extensions for a kind of entry (empty when nothing is).</summary>
    public static IEnumerable<string> Problems(EntryKind kind, IEnumerable<string> extensions)
    {
        var chosen = extensions.Select(Normalize).Where(e => e.Length > 0).Distinct().ToList();
        foreach (var unknown in chosen.Where(e => !IsKnown(e)))
        {
            yield return $"unknown:{unknown}";
        }

        if (kind == EntryKind.Link)
        {
            if (chosen.Count > 0)
            {
                yield return "link-has-files";
            }

            yield break;
        }

        foreach (var wrong in chosen.Where(e => IsKnown(e) && !For(kind).Contains(e)))
        {
            yield return $"wrong-kind:{wrong}";
        }

        if (!chosen.Any(e => For(kind).Contains(e)))
        {
            yield return "none";
        }
    }
}
