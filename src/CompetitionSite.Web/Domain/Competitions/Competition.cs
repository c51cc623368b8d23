namespace CompetitionSite.Web.Domain.Competitions;

/// <summary>
/// What the organizer decided explicitly. The phase a visitor sees follows from this and the dates
/// (<see cref="CompetitionPhases"/>): a Live competition is Upcoming, Open, Judging or Review by the clock.
/// </summary>
public enum CompetitionStage
{
    Draft = 0,
    Live = 1,
    Published = 2,
    Archived = 3,
}

public enum Phase
{
    Draft = 0,
    Upcoming = 1,
    Open = 2,
    Judging = 3,
    Review = 4,
    Published = 5,
    Archived = 6,
}

public class Competition
{
    public int Id { get; set; }

    /// <summary>URL name, unique (e.g. "ngaos-2026-poster").</summary>
    public string Slug { get; set; } = "";

    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public string DescriptionMarkdown { get; set; } = "";
    public string RulesMarkdown { get; set; } = "";
    public string OrganizingBody { get; set; } = "";
    public string ContactEmail { get; set; } = "";

    /// <summary>Blob name of the banner image in the file store, if any.</summary>
    public string? BannerFileName { get; set; }
    public string? BannerContentType { get; set; }

    /// <summary>IANA zone the dates are entered and shown in (Asia/Jakarta = WIB by default).</summary>
    public string TimeZoneId { get; set; } = "Asia/Jakarta";

    // Timeline, all UTC.
    public DateTime OpensAt { get; set; }
    public DateTime SubmissionClosesAt { get; set; }
    public DateTime JudgingEndsAt { get; set; }
    public DateTime ResultsAnnouncedAt { get; set; }

    /// <summary>Minutes after the deadline during which uploads that began before it may finish.</summary>
    public int GraceMinutes { get; set; }

    /// <summary>How many judges score each entry.</summary>
    public int JudgesPerEntry { get; set; } = 3;

    public CompetitionStage Stage { get; set; } = CompetitionStage.Draft;

    /// <summary>When the organizer opened the competition to the public (Draft → Live); null while it is a draft.</summary>
    public DateTime? OpenedAt { get; set; }

    /// <summary>When results were published (null until then).</summary>
    public DateTime? PublishedAt { get; set; }

    /// <summary>The organizer who published the results.</summary>
    public string? PublishedByUserId { get; set; }

    /// <summary>How entries are ranked: the mean of the judges' totals, or normalised for lenient and harsh judges.</summary>
    public Results.RankingMode RankingMode { get; set; } = Results.RankingMode.Raw;

    /// <summary>Automatic reminders (on by default): students with a draft 48 h and 24 h before the deadline.</summary>
    public bool RemindDrafts { get; set; } = true;

    /// <summary>Automatic reminders: guardians whose consent request has waited three days.</summary>
    public bool RemindConsents { get; set; } = true;

    /// <summary>Automatic reminders: judges behind the judging schedule, once half of the judging time has passed.</summary>
    public bool RemindJudges { get; set; } = true;

    /// <summary>When the public gallery (<c>/lomba/{slug}/galeri</c>) is open (<see cref="GalleryRules"/>); off by default.</summary>
    public GalleryMode Gallery { get; set; } = GalleryMode.Off;

    /// <summary>The public pages (winners, gallery) do not show the regency of participants under 18.</summary>
    public bool HideRegionOfMinors { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>The competition this one was copied from, if any.</summary>
    public int? CopiedFromId { get; set; }

    public List<Category> Categories { get; set; } = [];
    public List<Rubric> Rubrics { get; set; } = [];

    public Phase PhaseAt(DateTime nowUtc) => CompetitionPhases.Compute(this, nowUtc);

    /// <summary>Whether the public may see the competition: once opened (even archived later), never as a draft.</summary>
    public bool IsPublic => CompetitionPhases.IsPublic(Stage, OpenedAt);
}
