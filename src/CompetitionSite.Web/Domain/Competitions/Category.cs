namespace CompetitionSite.Web.Domain.Competitions;

[Flags]
public enum SchoolLevels
{
    None = 0,
    SD = 1,
    SMP = 2,
    SMA = 4,
    All = SD | SMP | SMA,
}

public enum EntryKind
{
    Image = 0,
    Video = 1,
    Document = 2,
    Archive = 3,
    Link = 4,
}

public class Category
{
    public int Id { get; set; }
    public int CompetitionId { get; set; }
    public Competition Competition { get; set; } = null!;

    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public int SortOrder { get; set; }

    /// <summary>School levels allowed (SMA includes SMK). All = open to every level.</summary>
    public SchoolLevels Levels { get; set; } = SchoolLevels.All;

    /// <summary>Grade range (1–12), inclusive.</summary>
    public int MinGrade { get; set; } = 1;
    public int MaxGrade { get; set; } = 12;

    public EntryKind Kind { get; set; }

    /// <summary>Allowed file extensions, lower case with the dot, comma-separated (".jpg,.png").</summary>
    public string AllowedExtensions { get; set; } = "";

    public int MaxFileSizeMb { get; set; } = 10;
    public int MaxFilesPerEntry { get; set; } = 1;
    public int MaxEntriesPerParticipant { get; set; } = 1;

    public bool IsTeam { get; set; }
    public int MinTeamSize { get; set; } = 1;
    public int MaxTeamSize { get; set; } = 1;

    public int? RubricId { get; set; }
    public Rubric? Rubric { get; set; }

    public List<AwardTier> AwardTiers { get; set; } = [];

    public IReadOnlyList<string> AllowedExtensionList =>
        AllowedExtensions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool AllowsLevel(SchoolLevels level) => (Levels & level) == level && level != SchoolLevels.None;

    public bool AllowsGrade(int grade) => grade >= MinGrade && grade <= MaxGrade;
}

/// <summary>An award a category gives, in rank order: "Juara 1" ×1, …, "Harapan 3" ×1; special awards are chosen by hand.</summary>
public class AwardTier
{
    public int Id { get; set; }
    public int CategoryId { get; set; }
    public int Order { get; set; }
    public string Name { get; set; } = "";
    public int Count { get; set; } = 1;
    public bool IsSpecial { get; set; }
}

/// <summary>A scoring rubric, used by one or more categories of a competition.</summary>
public class Rubric
{
    public int Id { get; set; }
    public int CompetitionId { get; set; }
    public string Name { get; set; } = "";

    /// <summary>In order; the order is also the tie-break order.</summary>
    public List<Criterion> Criteria { get; set; } = [];
}

public class Criterion
{
    public int Id { get; set; }
    public int RubricId { get; set; }
    public int Order { get; set; }
    public string Name { get; set; } = "";

    /// <summary>What judges read about the criterion.</summary>
    public string Description { get; set; } = "";

    /// <summary>Relative weight, positive; shown as a percentage of the rubric's total weight.</summary>
    public int Weight { get; set; } = 1;

    /// <summary>The most points a judge can give for this criterion (integer points).</summary>
    public int MaxPoints { get; set; } = 10;
}
