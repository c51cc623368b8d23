using System.ComponentModel.DataAnnotations;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using CompetitionSite.Web.Infrastructure.Storage;

namespace CompetitionSite.Web.Features.Judging;

// ---- Judges' pages ----

/// <summary>A file of an entry as a judge sees it: a neutral name ("Berkas 1.pdf") and short-lived links.</summary>
public sealed record FileView(string Name, PreviewKind Kind, string? PreviewUrl, string DownloadUrl, long SizeBytes);

public sealed record CriterionView(int Id, string Name, string Description, int Weight, decimal Percent, int MaxPoints);

/// <summary>The rubric form: points typed per criterion id (validated by <see cref="ScoreRules"/>), feedback and note.</summary>
public sealed class ScoreForm
{
    public Dictionary<int, string?> Points { get; set; } = [];

    public string? Feedback { get; set; }

    public string? PrivateNote { get; set; }

    /// <summary>The version of the score the form was loaded with (empty for a first save).</summary>
    public string? Version { get; set; }

    public const string SubmitAndNext = "submit-next";

    /// <summary>"draft", "submit" or <see cref="SubmitAndNext"/>.</summary>
    public string? Command { get; set; }
}

public sealed record ScorePage(
    string Code, string Title, string Description, string? LinkUrl, string CategoryName, int CompetitionId, string CompetitionTitle,
    DateTime JudgingEndsAt, string TimeZoneId, IReadOnlyList<FileView> Files, IReadOnlyList<CriterionView> Criteria, ScoreForm Form,
    ScoreStatus? Status, DateTime? SubmittedAt, DateTime? UpdatedAt, int Revisions, decimal Total, TimeSpan LinkLifetime)
{
    /// <summary>Previous/next through the judge's queue; null when the entry is not in it.</summary>
    public QueueNavigation? Navigation { get; init; }
}

/// <summary>
/// The judge's place in their queue, in a fixed order (category, then entry code) so that previous and next do not move
/// while scores are saved. <see cref="NextToScore"/> is the first entry after this one (wrapping round) without a
/// submitted score: where "submit and next" goes.
/// </summary>
public sealed record QueueNavigation(int Position, int Total, int Left, string? Previous, string? Next, string? NextToScore)
{
    public static QueueNavigation? For(IReadOnlyList<QueueItem> items, string code)
    {
        var ordered = items.OrderBy(i => i.Category, StringComparer.CurrentCulture).ThenBy(i => i.Code, StringComparer.Ordinal).ToList();
        var at = ordered.FindIndex(i => i.Code == code);
        if (at < 0)
        {
            return null;
        }

        string? nextToScore = null;
        for (var step = 1; step < ordered.Count; step++)
        {
            var candidate = ordered[(at + step) % ordered.Count];
            if (candidate.Status != ScoreStatus.Submitted)
            {
                nextToScore = candidate.Code;
                break;
            }
        }

        return new QueueNavigation(
            at + 1,
            ordered.Count,
            ordered.Count(i => i.Status != ScoreStatus.Submitted),
            at > 0 ? ordered[at - 1].Code : null,
            at < ordered.Count - 1 ? ordered[at + 1].Code : null,
            nextToScore);
    }
}

public sealed record JudgeCompetitionRow(
    int Id, string Title, Phase Phase, string TimeZoneId, DateTime JudgingStarts, DateTime JudgingEnds, IReadOnlyList<string> Categories,
    int Total, int Submitted, bool ConflictsReviewed);

public sealed record QueueItem(string Code, string Title, string Category, ScoreStatus? Status, DateTime? UpdatedAt);

public sealed record QueuePage(
    int CompetitionId, string Title, Phase Phase, string TimeZoneId, DateTime JudgingStarts, DateTime JudgingEnds,
    IReadOnlyList<QueueItem> Items, bool ConflictsReviewed)
{
    public int Total => Items.Count;

    public int Left => Items.Count(i => i.Status != ScoreStatus.Submitted);
}

public sealed class SchoolConflictForm
{
    [Display(Name = "School NPSN")]
    public string? Npsn { get; set; }

    [Display(Name = "School name")]
    public string? SchoolName { get; set; }
}

public sealed class RegionConflictForm
{
    [Display(Name = "Province")]
    public string? Province { get; set; }

    [Display(Name = "Regency or city (optional)")]
    public string? Regency { get; set; }
}

public sealed record ConflictsPage(
    int CompetitionId, string Title, IReadOnlyList<JudgeConflict> Conflicts, IReadOnlyDictionary<int, string> EntryCodes, DateTime? ReviewedAt,
    IReadOnlyList<string> Provinces, IReadOnlyList<string> Regencies, string? TimeZoneId = null)
{
    public SchoolConflictForm School { get; init; } = new();

    public RegionConflictForm Region { get; init; } = new();
}

public sealed class JudgeAccountForm
{
    [Required(ErrorMessage = "Enter your full name.")]
    [StringLength(200, ErrorMessage = "The name can be at most {1} characters long.")]
    [Display(Name = "Full name")]
    public string FullName { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(128, MinimumLength = 8, ErrorMessage = "The password must be at least {2} characters long.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Type the password again.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password again")]
    public string ConfirmPassword { get; set; } = "";

    [Range(typeof(bool), "true", "true", ErrorMessage = "You must agree to the privacy notice to create an account.")]
    [Display(Name = "I have read the privacy notice")]
    public bool AcceptPrivacy { get; set; }
}

public sealed record InvitationPage(string Token, InvitationLookup Lookup, string? SignedInEmail, JudgeAccountForm Account);

public sealed record JudgingMessage(string Title, string Text, string? LinkText = null, string? LinkUrl = null, bool IsError = false);

// ---- Organizers' pages ----

public sealed record CategoryOverview(int Id, string Name, bool HasRubric, int Eligible, int Waiting, int Judges, int Assignments, int Submitted, int Short);

public sealed record ShortfallRow(int EntryId, string Code, string Title, string Category, int Has, int Wanted, ShortfallReason? Reason, int JudgesInCategory, int JudgesWithConflict);

public sealed record JudgingOverview(
    Competition Competition, Phase Phase, IReadOnlyList<CategoryOverview> Categories, IReadOnlyList<ShortfallRow> Shortfalls, int ShortfallCount,
    int JudgeCount, int PendingInvitations, bool CanAssign);

public sealed record JudgeListRow(JudgeRow Judge, int Assigned, int Submitted, IReadOnlyList<string> CategoryNames);

public sealed record InvitationRow(
    int Id, string Email, string Name, InvitationStatus Status, bool Expired, DateTime CreatedAt, DateTime ExpiresAt, DateTime? DecidedAt, IReadOnlyList<string> Categories);

public sealed class InviteForm
{
    [StringLength(100_000, ErrorMessage = "The list is too long.")]
    [Display(Name = "Email addresses")]
    public string? Addresses { get; set; }

    [Display(Name = "Or upload a CSV file")]
    public IFormFile? Csv { get; set; }

    [Display(Name = "Categories")]
    public List<int> CategoryIds { get; set; } = [];
}

public sealed record JudgesPage(
    int CompetitionId, string Title, string TimeZoneId, IReadOnlyList<(int Id, string Name)> Categories, IReadOnlyList<JudgeListRow> Judges,
    IReadOnlyList<InvitationRow> Invitations, InviteForm Invite, IReadOnlyList<InviteeProblem> Problems, bool CanInvite);

public sealed class JudgeSettingsForm
{
    public List<int> CategoryIds { get; set; } = [];

    [Range(1, 10_000, ErrorMessage = "The cap must be between 1 and 10000 entries, or empty for no cap.")]
    [Display(Name = "Most entries")]
    public int? MaxAssignments { get; set; }
}

public sealed record AssignedJudge(int AssignmentId, string Name, string Email, ScoreStatus? Status, decimal? Total, AssignmentSource Source);

public sealed record EntryAssignmentRow(int EntryId, string Code, string Title, IReadOnlyList<AssignedJudge> Judges, int Wanted);

public sealed record CategoryPage(
    int CompetitionId, string CompetitionTitle, int CategoryId, string CategoryName, PageOf<EntryAssignmentRow> Rows, bool OnlyShort);

public sealed record CandidateJudge(int Id, string Name, int Load, bool Conflict, bool InCategory);

public sealed record EntryAssignPage(
    int CompetitionId, string CompetitionTitle, int EntryId, string Code, string Title, int CategoryId, string Category, bool Eligible, int Wanted,
    IReadOnlyList<AssignedJudge> Assigned, IReadOnlyList<CandidateJudge> Candidates, bool CanAssign);

public sealed record RemoveAssignmentPage(int CompetitionId, int AssignmentId, int EntryId, string Code, string JudgeName, ScoreStatus Status, decimal Total);

public sealed record CategoryProgress(int Id, string Name, int Entries, int Assigned, int NotStarted, int Drafted, int Submitted, int EntriesComplete, int EntriesMissing);

public sealed record JudgeProgress(
    int JudgeId, string Name, string Email, int Assigned, int Drafted, int Submitted, decimal? Mean, decimal? StandardDeviation, DateTime? LastRemindedAt)
{
    public int Left => Assigned - Submitted;
}

public sealed record MissingScoreRow(int EntryId, string Code, string Title, string Category, int Submitted, int Assigned, int Wanted);

public sealed record ProgressPage(
    int CompetitionId, string Title, Phase Phase, string TimeZoneId, int JudgesPerEntry, IReadOnlyList<CategoryProgress> Categories,
    IReadOnlyList<JudgeProgress> Judges, IReadOnlyList<MissingScoreRow> Missing, int MissingCount, decimal? OverallMean);
