using System.ComponentModel.DataAnnotations;
using CompetitionSite.Web.Domain.Competitions;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>Dates typed in the competition's time zone (datetime-local), converted to UTC when saved.</summary>
public interface ITimelineForm
{
    [Display(Name = "Time zone")]
    string TimeZoneId { get; }

    [Display(Name = "Submissions open")]
    DateTime? OpensAt { get; set; }

    [Display(Name = "Submission deadline")]
    DateTime? SubmissionClosesAt { get; set; }

    [Display(Name = "Judging ends")]
    DateTime? JudgingEndsAt { get; set; }

    [Display(Name = "Results announced (planned)")]
    DateTime? ResultsAnnouncedAt { get; set; }
}

public sealed class CompetitionForm : ITimelineForm
{
    [Required(ErrorMessage = "Enter a title.")]
    [StringLength(200, ErrorMessage = "The title can be at most {1} characters long.")]
    [Display(Name = "Title")]
    public string Title { get; set; } = "";

    [StringLength(100, ErrorMessage = "The web address can be at most {1} characters long.")]
    [RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "Use only lower-case letters, digits and hyphens, for example lomba-poster-2026.")]
    [Display(Name = "Web address (slug)")]
    public string? Slug { get; set; }

    [Required(ErrorMessage = "Write a short summary.")]
    [StringLength(500, ErrorMessage = "The summary can be at most {1} characters long.")]
    [Display(Name = "Summary")]
    public string Summary { get; set; } = "";

    [StringLength(20000, ErrorMessage = "The description can be at most {1} characters long.")]
    [Display(Name = "Description")]
    public string? DescriptionMarkdown { get; set; }

    [StringLength(50000, ErrorMessage = "The rules can be at most {1} characters long.")]
    [Display(Name = "Rules")]
    public string? RulesMarkdown { get; set; }

    [Required(ErrorMessage = "Enter the organizing body.")]
    [StringLength(200, ErrorMessage = "The organizing body can be at most {1} characters long.")]
    [Display(Name = "Organizing body")]
    public string OrganizingBody { get; set; } = "";

    [Required(ErrorMessage = "Enter a contact email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(320, ErrorMessage = "The email address can be at most {1} characters long.")]
    [Display(Name = "Contact email")]
    public string ContactEmail { get; set; } = "";

    [Required(ErrorMessage = "Choose a time zone.")]
    [Display(Name = "Time zone")]
    public string TimeZoneId { get; set; } = CompetitionTimeZones.Default;

    [Required(ErrorMessage = "Enter when submissions open.")]
    [Display(Name = "Submissions open")]
    public DateTime? OpensAt { get; set; }

    [Required(ErrorMessage = "Enter the submission deadline.")]
    [Display(Name = "Submission deadline")]
    public DateTime? SubmissionClosesAt { get; set; }

    [Required(ErrorMessage = "Enter when judging ends.")]
    [Display(Name = "Judging ends")]
    public DateTime? JudgingEndsAt { get; set; }

    [Required(ErrorMessage = "Enter when results will be announced.")]
    [Display(Name = "Results announced (planned)")]
    public DateTime? ResultsAnnouncedAt { get; set; }

    [Range(0, 120, ErrorMessage = "The grace period must be between 0 and 120 minutes.")]
    [Display(Name = "Grace period (minutes)")]
    public int GraceMinutes { get; set; }

    [Range(1, 10, ErrorMessage = "Each entry needs between 1 and 10 judges.")]
    [Display(Name = "Judges per entry")]
    public int JudgesPerEntry { get; set; } = 3;

    [Display(Name = "Remind students with a draft 48 and 24 hours before the deadline")]
    public bool RemindDrafts { get; set; } = true;

    [Display(Name = "Remind guardians whose consent has been waiting for three days")]
    public bool RemindConsents { get; set; } = true;

    [Display(Name = "Remind judges who are behind when half of the judging time has passed")]
    public bool RemindJudges { get; set; } = true;

    [Display(Name = "Public gallery")]
    public GalleryMode Gallery { get; set; } = GalleryMode.Off;

    [Display(Name = "Do not show the regency of participants under 18 on public pages (winners, gallery)")]
    public bool HideRegionOfMinors { get; set; }

    [Display(Name = "Banner image")]
    public IFormFile? Banner { get; set; }

    [Display(Name = "Remove the banner")]
    public bool RemoveBanner { get; set; }

    /// <summary>Set when editing: the competition's id and its current banner, shown next to the upload field.</summary>
    [BindNever]
    public int? Id { get; set; }

    [BindNever]
    public string? CurrentBannerUrl { get; set; }

    [BindNever]
    public bool CanStoreBanner { get; set; }

    public static CompetitionForm From(Competition c) => new()
    {
        Id = c.Id,
        Title = c.Title,
        Slug = c.Slug,
        Summary = c.Summary,
        DescriptionMarkdown = c.DescriptionMarkdown,
        RulesMarkdown = c.RulesMarkdown,
        OrganizingBody = c.OrganizingBody,
        ContactEmail = c.ContactEmail,
        TimeZoneId = c.TimeZoneId,
        OpensAt = CompetitionTimeZones.ToWallClock(c.OpensAt, c.TimeZoneId),
        SubmissionClosesAt = CompetitionTimeZones.ToWallClock(c.SubmissionClosesAt, c.TimeZoneId),
        JudgingEndsAt = CompetitionTimeZones.ToWallClock(c.JudgingEndsAt, c.TimeZoneId),
        ResultsAnnouncedAt = CompetitionTimeZones.ToWallClock(c.ResultsAnnouncedAt, c.TimeZoneId),
        GraceMinutes = c.GraceMinutes,
        JudgesPerEntry = c.JudgesPerEntry,
        RemindDrafts = c.RemindDrafts,
        RemindConsents = c.RemindConsents,
        RemindJudges = c.RemindJudges,
        Gallery = c.Gallery,
        HideRegionOfMinors = c.HideRegionOfMinors,
        CurrentBannerUrl = c.BannerFileName is null ? null : BannerUrl(c.Slug, c.BannerFileName),
    };

    public static string BannerUrl(string slug, string fileName) => $"/lomba/{slug}/banner/{fileName}";
}

/// <summary>A new competition from an earlier one: its texts, categories, award tiers and rubrics; new dates.</summary>
public sealed class CopyCompetitionForm : ITimelineForm
{
    [Required(ErrorMessage = "Enter a title.")]
    [StringLength(200, ErrorMessage = "The title can be at most {1} characters long.")]
    [Display(Name = "Title")]
    public string Title { get; set; } = "";

    [StringLength(100, ErrorMessage = "The web address can be at most {1} characters long.")]
    [RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "Use only lower-case letters, digits and hyphens, for example lomba-poster-2026.")]
    [Display(Name = "Web address (slug)")]
    public string? Slug { get; set; }

    [Required(ErrorMessage = "Choose a time zone.")]
    [Display(Name = "Time zone")]
    public string TimeZoneId { get; set; } = CompetitionTimeZones.Default;

    [Required(ErrorMessage = "Enter when submissions open.")]
    [Display(Name = "Submissions open")]
    public DateTime? OpensAt { get; set; }

    [Required(ErrorMessage = "Enter the submission deadline.")]
    [Display(Name = "Submission deadline")]
    public DateTime? SubmissionClosesAt { get; set; }

    [Required(ErrorMessage = "Enter when judging ends.")]
    [Display(Name = "Judging ends")]
    public DateTime? JudgingEndsAt { get; set; }

    [Required(ErrorMessage = "Enter when results will be announced.")]
    [Display(Name = "Results announced (planned)")]
    public DateTime? ResultsAnnouncedAt { get; set; }

    [BindNever]
    public int SourceId { get; set; }

    [BindNever]
    public string SourceTitle { get; set; } = "";
}

/// <summary>Moving a live competition back a phase: a reason, and the dates that make it so.</summary>
public sealed class MoveBackForm : ITimelineForm
{
    [Required(ErrorMessage = "Give a reason; it is recorded and sent to the participants.")]
    [StringLength(1000, MinimumLength = 5, ErrorMessage = "The reason must be between {2} and {1} characters long.")]
    [Display(Name = "Reason")]
    public string Reason { get; set; } = "";

    [Display(Name = "Submission deadline")]
    public DateTime? SubmissionClosesAt { get; set; }

    [Display(Name = "Judging ends")]
    public DateTime? JudgingEndsAt { get; set; }

    [Display(Name = "Results announced (planned)")]
    public DateTime? ResultsAnnouncedAt { get; set; }

    [BindNever]
    public DateTime? OpensAt { get; set; }

    [BindNever]
    public string TimeZoneId { get; set; } = CompetitionTimeZones.Default;

    [BindNever]
    public int CompetitionId { get; set; }

    [BindNever]
    public string Title { get; set; } = "";

    [BindNever]
    public Phase Current { get; set; }

    [BindNever]
    public Phase? Target { get; set; }
}

public sealed class CategoryForm
{
    [Required(ErrorMessage = "Give the category a name.")]
    [StringLength(150, ErrorMessage = "The name can be at most {1} characters long.")]
    [Display(Name = "Category name")]
    public string Name { get; set; } = "";

    [StringLength(2000, ErrorMessage = "The description can be at most {1} characters long.")]
    [Display(Name = "Description")]
    public string? Description { get; set; }

    [Display(Name = "Open to all school levels")]
    public bool OpenToAll { get; set; } = true;

    public bool LevelSD { get; set; }

    public bool LevelSMP { get; set; }

    public bool LevelSMA { get; set; }

    [Range(1, 12, ErrorMessage = "The grade must be between 1 and 12.")]
    [Display(Name = "From grade")]
    public int MinGrade { get; set; } = 1;

    [Range(1, 12, ErrorMessage = "The grade must be between 1 and 12.")]
    [Display(Name = "To grade")]
    public int MaxGrade { get; set; } = 12;

    [Display(Name = "Kind of entry")]
    public EntryKind Kind { get; set; } = EntryKind.Image;

    [Display(Name = "Allowed file types")]
    public List<string> Extensions { get; set; } = [];

    [Range(1, 1024, ErrorMessage = "The maximum file size must be between 1 and 1024 MB.")]
    [Display(Name = "Maximum file size (MB)")]
    public int MaxFileSizeMb { get; set; } = 10;

    [Range(1, 10, ErrorMessage = "An entry can have between 1 and 10 files.")]
    [Display(Name = "Files per entry")]
    public int MaxFilesPerEntry { get; set; } = 1;

    [Range(1, 10, ErrorMessage = "A student can send between 1 and 10 entries.")]
    [Display(Name = "Entries per student")]
    public int MaxEntriesPerParticipant { get; set; } = 1;

    [Display(Name = "Team entries")]
    public bool IsTeam { get; set; }

    [Range(1, 10, ErrorMessage = "A team has between 1 and 10 members.")]
    [Display(Name = "Smallest team")]
    public int MinTeamSize { get; set; } = 2;

    [Range(1, 10, ErrorMessage = "A team has between 1 and 10 members.")]
    [Display(Name = "Largest team")]
    public int MaxTeamSize { get; set; } = 3;

    [Display(Name = "Rubric")]
    public int? RubricId { get; set; }

    public List<TierRow> Tiers { get; set; } = [];

    /// <summary>A button other than Save: "add-tier" adds an empty award row (nothing is saved).</summary>
    public string? Command { get; set; }

    [BindNever]
    public int CompetitionId { get; set; }

    [BindNever]
    public string CompetitionTitle { get; set; } = "";

    [BindNever]
    public int? Id { get; set; }

    [BindNever]
    public List<(int Id, string Name)> Rubrics { get; set; } = [];

    public SchoolLevels Levels =>
        OpenToAll ? SchoolLevels.All
        : (LevelSD ? SchoolLevels.SD : 0) | (LevelSMP ? SchoolLevels.SMP : 0) | (LevelSMA ? SchoolLevels.SMA : 0);
}

public sealed class TierRow
{
    public int? Id { get; set; }

    [StringLength(100, ErrorMessage = "The award name can be at most {1} characters long.")]
    [Display(Name = "Award")]
    public string? Name { get; set; }

    [Range(1, 20, ErrorMessage = "The number of winners must be between 1 and 20.")]
    [Display(Name = "Number of winners")]
    public int Count { get; set; } = 1;

    [Display(Name = "Special award (chosen by the organizers)")]
    public bool IsSpecial { get; set; }
}

public sealed class RubricForm
{
    [Required(ErrorMessage = "Give the rubric a name.")]
    [StringLength(150, ErrorMessage = "The name can be at most {1} characters long.")]
    [Display(Name = "Rubric name")]
    public string Name { get; set; } = "";

    public List<CriterionRow> Criteria { get; set; } = [];

    /// <summary>"add", "up-2", "down-0" or "remove-1": changes the rows on the page only (nothing is saved).</summary>
    public string? Command { get; set; }

    [BindNever]
    public int CompetitionId { get; set; }

    [BindNever]
    public string CompetitionTitle { get; set; } = "";

    [BindNever]
    public int? Id { get; set; }

    [BindNever]
    public string? LockedReason { get; set; }

    [BindNever]
    /// <summary>Each row's share of the score; a blank row (left out on saving) counts for nothing.</summary>
    public IReadOnlyList<decimal> Percentages =>
        RubricRules.WeightPercentages(Criteria.Select(c => c.IsBlank ? 0 : c.Weight).ToList());
}

public sealed class CriterionRow
{
    public int? Id { get; set; }

    [StringLength(150, ErrorMessage = "The name can be at most {1} characters long.")]
    [Display(Name = "Criterion")]
    public string? Name { get; set; }

    [StringLength(2000, ErrorMessage = "The description can be at most {1} characters long.")]
    [Display(Name = "What judges look for")]
    public string? Description { get; set; }

    [Display(Name = "Weight")]
    public int Weight { get; set; } = 1;

    [Display(Name = "Maximum points")]
    public int MaxPoints { get; set; } = 10;

    /// <summary>A new row with neither name nor description: the form's spare row, or one the organizer cleared. It is not saved.</summary>
    public bool IsBlank => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Description) && Id is null;
}
