using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CompetitionSite.Web.Domain.Judging;

/// <summary>What a conflict can be checked against: one member of an entry (their school and region).</summary>
public sealed record MemberFacts(string? SchoolNpsn, string SchoolName, string Province, string Regency);

/// <summary>
/// When a judge's declared conflicts rule out an entry: the same school (by NPSN when both sides have one, and by
/// name, so "SMPN 1 Serang" matches "SMP Negeri 1 Serang"), the same province (or the same regency/city in it) as
/// any member of the entry, or the entry itself. When in doubt it counts as a conflict.
/// </summary>
public static partial class ConflictRules
{
    public static bool Conflicts(JudgeConflict conflict, int entryId, IReadOnlyCollection<MemberFacts> members) => conflict.Kind switch
    {
        ConflictKind.Entry => conflict.EntryId == entryId,
        ConflictKind.School => members.Any(m => SameSchool(conflict, m)),
        ConflictKind.Region => members.Any(m => SameRegion(conflict, m)),
        _ => false,
    };

    public static bool AnyConflict(IEnumerable<JudgeConflict> conflicts, int entryId, IReadOnlyCollection<MemberFacts> members) =>
        conflicts.Any(c => Conflicts(c, entryId, members));

    private static bool SameSchool(JudgeConflict c, MemberFacts m)
    {
        var npsn = NormalizeNpsn(c.SchoolNpsn);
        if (npsn.Length > 0 && npsn == NormalizeNpsn(m.SchoolNpsn))
        {
            return true;
        }

        var name = NormalizeSchool(c.SchoolName);
        return name.Length > 0 && name == NormalizeSchool(m.SchoolName);
    }

    private static bool SameRegion(JudgeConflict c, MemberFacts m)
    {
        var province = NormalizeName(c.Province);
        if (province.Length == 0 || province != NormalizeName(m.Province))
        {
            return false;
        }

        var regency = NormalizeName(c.Regency);
        return regency.Length == 0 || regency == NormalizeName(m.Regency);
    }

    public static string NormalizeNpsn(string? npsn) => new((npsn ?? "").Where(char.IsAsciiDigit).ToArray());

    /// <summary>Lower case, no accents or punctuation, single spaces: "  Kota  Serang. " → "kota serang".</summary>
    public static string NormalizeName(string? text)
    {
        var decomposed = (text ?? "").Normalize(NormalizationForm.FormD);
        var plain = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            plain.Append(char.IsLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : ' ');
        }

        return Spaces().Replace(plain.ToString(), " ").Trim();
    }

    /// <summary>A school name for comparing: "SMP N 1 Serang", "SMPN 1 Serang" and "SMP Negeri 1 Serang" are the same.</summary>
    public static string NormalizeSchool(string? name)
    {
        var text = NormalizeName(name);
        text = StateShort().Replace(text, "$1 negeri");
        text = StateN().Replace(text, "$1 negeri");
        return text;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\b(sd|smp|sma|smk|mi|mts|ma|slb)n\b")]
    private static partial Regex StateShort();

    [GeneratedRegex(@"\b(sd|smp|sma|smk|mi|mts|ma|slb) n\b")]
    private static partial Regex StateN();
}
