using CompetitionSite.Web.Domain.Competitions;

namespace CompetitionSite.Web.Domain.Participants;

/// <summary>Which grades (kelas) belong to which school level: SD 1–6, SMP 7–9, SMA/SMK 10–12.</summary>
public static class SchoolGradeRules
{
    public static readonly IReadOnlyList<SchoolLevels> Levels = [SchoolLevels.SD, SchoolLevels.SMP, SchoolLevels.SMA];

    public static (int From, int To)? GradesOf(SchoolLevels level) => level switch
    {
        SchoolLevels.SD => (1, 6),
        SchoolLevels.SMP => (7, 9),
        SchoolLevels.SMA => (10, 12),
        _ => null,
    };

    public static bool IsConsistent(SchoolLevels level, int grade) =>
        GradesOf(level) is { } range && grade >= range.From && grade <= range.To;
}
