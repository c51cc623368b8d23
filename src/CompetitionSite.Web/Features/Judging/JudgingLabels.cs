using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Judging;

/// <summary>Localized names for the judging pages.</summary>
public static class JudgingLabels
{
    public static string StatusName(this IStringLocalizer<JudgingText> t, ScoreStatus? status) => status switch
    {
        ScoreStatus.Submitted => t["Submitted"],
        ScoreStatus.Draft => t["Draft saved"],
        _ => t["Not started"],
    };

    public static string StatusBadge(ScoreStatus? status) => status switch
    {
        ScoreStatus.Submitted => "badge-open",
        ScoreStatus.Draft => "badge-warn",
        _ => "",
    };

    public static string ReasonText(this IStringLocalizer<JudgingText> t, ShortfallRow row) => row.Reason switch
    {
        ShortfallReason.NoJudges => t["The category has no judges yet: invite judges for it."],
        ShortfallReason.TooFewJudges => t["The category has only {0} judges; each entry needs {1}. Invite more judges for it.", row.JudgesInCategory, row.Wanted],
        ShortfallReason.Conflicts => t["{0} of the category's {1} judges declared a conflict with this entry. Invite another judge or assign one from another category by hand.", row.JudgesWithConflict, row.JudgesInCategory],
        ShortfallReason.JudgesFull => t["Every judge without a conflict has reached their cap. Raise a cap or invite more judges."],
        _ => t["Judges are available: run the automatic assignment."],
    };

    public static string ConflictText(this IStringLocalizer<JudgingText> t, JudgeConflict c, IReadOnlyDictionary<int, string> entryCodes) => c.Kind switch
    {
        ConflictKind.School when c.SchoolNpsn is not null && c.SchoolName is not null => t["School: {0} (NPSN {1})", c.SchoolName, c.SchoolNpsn],
        ConflictKind.School when c.SchoolNpsn is not null => t["School with NPSN {0}", c.SchoolNpsn],
        ConflictKind.School => t["School: {0}", c.SchoolName ?? ""],
        ConflictKind.Region when c.Regency is not null => t["Region: {0}, {1}", c.Regency, c.Province ?? ""],
        ConflictKind.Region => t["Region: the whole province of {0}", c.Province ?? ""],
        _ => t["Entry {0}: you recognised it while judging", c.EntryId is { } id && entryCodes.TryGetValue(id, out var code) ? code : "?"],
    };

    public static string SizeText(long bytes) => bytes switch
    {
        < 1024 * 1024 => $"{Math.Max(1, bytes / 1024)} KB",
        _ => $"{bytes / (1024.0 * 1024.0):0.#} MB",
    };
}
