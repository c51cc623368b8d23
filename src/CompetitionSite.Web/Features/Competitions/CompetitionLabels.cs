using CompetitionSite.Web.Domain.Competitions;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>Localized names of the competition enums, for pages and emails.</summary>
public static class CompetitionLabels
{
    public static string PhaseBadgeClass(Phase phase) => phase switch
    {
        Phase.Open => "badge-open",
        Phase.Upcoming => "badge-info",
        Phase.Judging or Phase.Review => "badge-warn",
        Phase.Published => "badge-info",
        _ => "",
    };

    public static string KindName(this IStringLocalizer<CompetitionsText> t, EntryKind kind) => kind switch
    {
        EntryKind.Image => t["Image"],
        EntryKind.Video => t["Video"],
        EntryKind.Document => t["Document"],
        EntryKind.Archive => t["Archive (ZIP)"],
        EntryKind.Link => t["Link (e.g. YouTube or Google Drive)"],
        _ => kind.ToString(),
    };

    public static string LevelsText(this IStringLocalizer<CompetitionsText> t, SchoolLevels levels) =>
        levels == SchoolLevels.All
            ? t["All levels (SD, SMP, SMA/SMK)"]
            : string.Join(", ", SchoolGrades.Each(levels).Select(l => LevelName(t, l)));

    public static string LevelName(this IStringLocalizer<CompetitionsText> t, SchoolLevels level) => level switch
    {
        SchoolLevels.SD => "SD",
        SchoolLevels.SMP => "SMP",
        SchoolLevels.SMA => t["SMA/SMK"],
        _ => level.ToString(),
    };

    public static string ZoneName(this IStringLocalizer<CompetitionsText> t, string zoneId) => zoneId switch
    {
        "Asia/Jakarta" => t["WIB — UTC+7, Western Indonesia"],
        "Asia/Makassar" => t["WITA — UTC+8, Central Indonesia"],
        "Asia/Jayapura" => t["WIT — UTC+9, Eastern Indonesia"],
        _ => zoneId,
    };

    public static string GradesText(this IStringLocalizer<CompetitionsText> t, int min, int max) =>
        min == max ? t["Grade {0}", min] : t["Grades {0}–{1}", min, max];

    public static string TeamText(this IStringLocalizer<CompetitionsText> t, bool isTeam, int min, int max) =>
        !isTeam ? t["Individual"] : min == max ? t["Teams of {0}", max] : t["Teams of {0}–{1}", min, max];

    /// <summary>Domain messages (English keys) through the localizer, so each has its Indonesian text.</summary>
    public static string Problem(this IStringLocalizer<CompetitionsText> t, string englishKey) => t[englishKey];
}
