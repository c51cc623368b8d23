namespace CompetitionSite.Web.Domain.Competitions;

/// <summary>Indonesian school grades (kelas) by level: SD 1–6, SMP 7–9, SMA/SMK 10–12.</summary>
public static class SchoolGrades
{
    public const int Lowest = 1;
    public const int Highest = 12;

    public static (int From, int To) For(SchoolLevels level) => level switch
    {
        SchoolLevels.SD => (1, 6),
        SchoolLevels.SMP => (7, 9),
        SchoolLevels.SMA => (10, 12),
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "One level at a time."),
    };

    /// <summary>The three levels, one at a time, in school order.</summary>
    public static readonly IReadOnlyList<SchoolLevels> Levels = [SchoolLevels.SD, SchoolLevels.SMP, SchoolLevels.SMA];

    public static IEnumerable<SchoolLevels> Each(SchoolLevels levels) => Levels.Where(l => (levels & l) == l);

    /// <summary>Whether a single level is one of the three (not None, not a combination).</summary>
    public static bool IsSingleLevel(SchoolLevels level) => Levels.Contains(level);

    /// <summary>A pupil's grade fits their level (kelas 8 is SMP).</summary>
    public static bool IsConsistent(SchoolLevels level, int grade) =>
        IsSingleLevel(level) && For(level) is var (from, to) && grade >= from && grade <= to;

    /// <summary>The levels whose grades the range misses entirely (a category "SD, grades 10–12" admits no one from SD).</summary>
    public static IEnumerable<SchoolLevels> LevelsOutsideRange(SchoolLevels levels, int minGrade, int maxGrade) =>
        Each(levels).Where(l =>
        {
            var (from, to) = For(l);
            return maxGrade < from || minGrade > to;
        });
}
