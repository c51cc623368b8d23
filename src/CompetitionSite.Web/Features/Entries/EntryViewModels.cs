using System.ComponentModel.DataAnnotations;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Storage;

namespace CompetitionSite.Web.Features.Entries;

/// <summary>One stored file as a page shows it: a short-lived preview link (safe types only) and the guarded download link.</summary>
public sealed record FileView(
    int Id,
    int Slot,
    string FileName,
    long SizeBytes,
    string Sha256,
    string ContentType,
    DateTime UploadedAt,
    bool IsCurrent,
    PreviewKind Preview,
    string? PreviewUrl,
    string DownloadUrl)
{
    /// <summary>The short code shown to people instead of the 64-digit SHA-256 (which stays in the details).</summary>
    public string ReceiptCode => Domain.Entries.ReceiptCode.FromSha256(Sha256);
}

public sealed record MemberView(
    string Name,
    string? School,
    string? Regency,
    bool IsLead,
    MemberInvitationStatus Invitation,
    string? InvitedEmail,
    ConsentState? Consent);

/// <summary>An entry as its participants (and organizers) see it.</summary>
public sealed class EntryView
{
    public int Id { get; init; }
    public string PublicCode { get; init; } = "";
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public string? LinkUrl { get; init; }
    public EntryStatus Status { get; init; }
    public DateTime? SubmittedAt { get; init; }
    public DateTime? WithdrawnAt { get; init; }
    public string? DisqualificationReason { get; init; }
    public int CompetitionId { get; init; }
    public string CompetitionTitle { get; init; } = "";
    public string TimeZoneId { get; init; } = "Asia/Jakarta";
    public DateTime Deadline { get; init; }
    public Category Category { get; init; } = null!;
    public List<MemberView> Members { get; init; } = [];
    public List<FileView> CurrentFiles { get; init; } = [];
    public List<FileView> EarlierFiles { get; init; } = [];
    public List<string> DuplicateOf { get; set; } = [];

    /// <summary>Some member's guardian has not consented (yet): the entry can be prepared but does not go to judging.</summary>
    public bool WaitingForConsent => Members.Any(m => m.Invitation == MemberInvitationStatus.Accepted && m.Consent is not (ConsentState.NotNeeded or ConsentState.Given));

    public bool ReadyForJudging => Status == EntryStatus.Submitted && !WaitingForConsent;

    public EntryRelation Relation { get; set; }

    /// <summary>Null when the entry can be changed now; else why not (deadline passed, withdrawn, …).</summary>
    public string? ClosedReason { get; set; }

    public bool CanChange => Relation == EntryRelation.Owner && ClosedReason is null;

    public string DeadlineText => Infrastructure.Localization.TimeDisplay.Format(Deadline, TimeZoneId);
}

public sealed class MyEntriesPage
{
    public List<EntryView> Entries { get; init; } = [];

    /// <summary>Published results by entry id (the results area fills it).</summary>
    public IReadOnlyDictionary<int, Results.EntryResultView> Results { get; init; } = new Dictionary<int, Results.EntryResultView>();
}

public sealed class DetailsForm
{
    [Display(Name = "Title")]
    [Required(ErrorMessage = "Give your entry a title.")]
    [StringLength(200, ErrorMessage = "The title is too long (at most 200 characters).")]
    public string Title { get; set; } = "";

    [Display(Name = "Description")]
    [StringLength(4000, ErrorMessage = "The description is too long (at most 4000 characters).")]
    public string? Description { get; set; }

    [Display(Name = "Link to your work")]
    [StringLength(500, ErrorMessage = "The link is too long (at most 500 characters).")]
    public string? LinkUrl { get; set; }
}

public sealed class EntryPage
{
    public EntryView Entry { get; init; } = null!;
    public DetailsForm Details { get; set; } = new();
    public string? InviteEmail { get; set; }
    public bool CanSubmit { get; set; }
    public string? ProblemsFor { get; set; }

    /// <summary>Per slot, the newest upload that was started after the slot's current file and not finished: the page offers to continue it.</summary>
    public IReadOnlyDictionary<int, PendingUpload> PendingUploads { get; init; } = new Dictionary<int, PendingUpload>();
}

/// <summary>An unfinished upload session the owner can continue by picking a file of the same name and size.</summary>
public sealed record PendingUpload(Guid Id, string FileName, long Size);

public sealed record Candidate(int ParticipantId, string Name, string Description, IReadOnlyList<string> Problems)
{
    public bool Eligible => Problems.Count == 0;
}

public sealed class NewEntryPage
{
    public Category Category { get; init; } = null!;
    public string CompetitionTitle { get; init; } = "";
    public string Deadline { get; init; } = "";
    public string? ClosedReason { get; init; }
    public bool IsGuardian { get; init; }
    public bool IsStudent { get; init; }
    public List<Candidate> Candidates { get; init; } = [];
    public int? ParticipantId { get; set; }
    public DetailsForm Details { get; set; } = new();
}

public sealed class InvitationPage
{
    public string Token { get; init; } = "";
    public string EntryTitle { get; init; } = "";
    public string Category { get; init; } = "";
    public string Competition { get; init; } = "";
    public string InvitedBy { get; init; } = "";
    public bool IsStudent { get; init; }
    public bool HasProfile { get; init; }
}

public sealed class AdminEntriesPage
{
    public int? CompetitionId { get; init; }
    public string CompetitionTitle { get; init; } = "";
    public List<(int Id, string Title)> Competitions { get; init; } = [];
    public List<Category> Categories { get; init; } = [];
    public List<string> Regencies { get; init; } = [];
    public int? Category { get; init; }
    public string? School { get; init; }
    public string? Regency { get; init; }
    public string? Status { get; init; }

    /// <summary>The search text: part of a participant's name, an entry code or a title.</summary>
    public string? Query { get; init; }

    /// <summary>The entries on this page (at most <see cref="EntryListQueries.PageSize"/>); its total counts every entry that matches the filters and search.</summary>
    public PageOf<EntryView> Entries { get; init; } = new([], 1, EntryListQueries.PageSize, 0);
    public string ExportUrl { get; init; } = "";

    /// <summary>This list with the same filters and search, on another page.</summary>
    public string PageUrl(int page)
    {
        var query = new List<string> { "competition=" + CompetitionId };
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("category", Category?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("school", School);
        Add("regency", Regency);
        Add("status", Status);
        Add("q", Query);
        if (page > 1)
        {
            query.Add("page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return "/admin/entries?" + string.Join("&", query);
    }
}
