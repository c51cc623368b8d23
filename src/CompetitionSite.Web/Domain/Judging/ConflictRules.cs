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

    /// <summary>A member's school and region, normalized once for many comparisons.</summary>
    public static NormalizedMember Normalize(MemberFacts m) =>
        new(NormalizeNpsn(m.SchoolNpsn), NormalizeSchool(m.SchoolName), NormalizeName(m.Province), NormalizeName(m.Regency));

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\b(sd|smp|sma|smk|mi|mts|ma|slb)n\b")]
    private static partial Regex StateShort();

    [GeneratedRegex(@"\b(sd|smp|sma|smk|mi|mts|ma|slb) n\b")]
    private static partial Regex StateN();
}

public readonly record struct NormalizedMember(string Npsn, string School, string Province, string Regency);

/// <summary>
/// One judge's declared conflicts, normalized once, for checking many entries quickly (the same rules as
/// <see cref="ConflictRules.Conflicts"/>).
/// </summary>
public sealed class ConflictProfile
{
    private readonly HashSet<string> _npsns = new(StringComparer.Ordinal);
    private readonly HashSet<string> _schools = new(StringComparer.Ordinal);
    private readonly HashSet<string> _provinces = new(StringComparer.Ordinal);
    private readonly HashSet<(string Province, string Regency)> _regencies = [];
    private readonly HashSet<int> _entries = [];

    public ConflictProfile(IEnumerable<JudgeConflict> conflicts)
    {
        foreach (var c in conflicts)
        {
            switch (c.Kind)
            {
                case ConflictKind.Entry when c.EntryId is { } id:
                    _entries.Add(id);
                    break;
                case ConflictKind.School:
                    AddIfAny(_npsns, ConflictRules.NormalizeNpsn(c.SchoolNpsn));
                    AddIfAny(_schools, ConflictRules.NormalizeSchool(c.SchoolName));
                    break;
                case ConflictKind.Region:
                    var province = ConflictRules.NormalizeName(c.Province);
                    var regency = ConflictRules.NormalizeName(c.Regency);
                    if (province.Length == 0)
                    {
                        break;
                    }

                    if (regency.Length == 0)
                    {
                        _provinces.Add(province);
                    }
                    else
                    {
                        _regencies.Add((province, regency));
                    }

                    break;
            }
        }
    }

    public bool IsEmpty => _npsns.Count + _schools.Count + _provinces.Count + _regencies.Count + _entries.Count == 0;

    public bool ConflictsWith(int entryId, IReadOnlyCollection<NormalizedMember> members)
    {
        if (_entries.Contains(entryId))
        {
            return true;
        }

        foreach (var m in members)
        {
            if ((m.Npsn.Length > 0 && _npsns.Contains(m.Npsn))
                || (m.School.Length > 0 && _schools.Contains(m.School))
                || (m.Province.Length > 0 && _provinces.Contains(m.Province))
                || (m.Province.Length > 0 && _regencies.Contains((m.Province, m.Regency))))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddIfAny(HashSet<string> set, string value)
    {
        if (value.Length > 0)
        {
            set.Add(value);
        }
    }
}
