using CompetitionSite.Web.Domain.Competitions;

namespace CompetitionSite.Web.Domain.Entries;

public enum EntryStatus
{
    Draft = 0,
    Submitted = 1,
    Withdrawn = 2,
    Disqualified = 3,
}

/// <summary>
/// A participant's (or a team's) work in one category. "Waiting for guardian consent" is not a stored status:
/// it follows from the members' consents (a submitted entry goes to judging only when every minor member's
/// guardian has consented).
/// </summary>
public class Entry
{
    public int Id { get; set; }

    /// <summary>A neutral reference ("K-7F3A2C") used on receipts and, for judges, instead of anything identifying.</summary>
    public string PublicCode { get; set; } = "";

    public int CategoryId { get; set; }
    public Category Category { get; set; } = null!;

    public string Title { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>For link categories (YouTube, Google Drive, …).</summary>
    public string? LinkUrl { get; set; }

    public EntryStatus Status { get; set; } = EntryStatus.Draft;

    public DateTime? OriginalityPledgedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public DateTime? WithdrawnAt { get; set; }
    public DateTime? DisqualifiedAt { get; set; }
    public string? DisqualificationReason { get; set; }

    /// <summary>When an organizer took the entry out of the public gallery (null: not hidden). Judging is not affected.</summary>
    public DateTime? GalleryHiddenAt { get; set; }

    /// <summary>The organizer's reason for hiding the entry from the gallery (for the audit trail and the other organizers).</summary>
    public string? GalleryHiddenReason { get; set; }

    /// <summary>The account that created the entry (the student, or the guardian for a pupil).</summary>
    public string CreatedByUserId { get; set; } = "";

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: changes when the entry changes.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    public List<EntryMember> Members { get; set; } = [];
    public List<EntryFile> Files { get; set; } = [];
}

public enum MemberInvitationStatus
{
    Accepted = 0,
    Pending = 1,
    Declined = 2,
}

/// <summary>A participant in an entry: the lead (who created it) and, for team entries, invited teammates.</summary>
public class EntryMember
{
    public int Id { get; set; }
    public int EntryId { get; set; }

    /// <summary>Null while an invited teammate has not accepted yet.</summary>
    public int? ParticipantId { get; set; }

    public bool IsLead { get; set; }

    public string? InvitedEmail { get; set; }
    public string? InvitationTokenHash { get; set; }
    public MemberInvitationStatus InvitationStatus { get; set; } = MemberInvitationStatus.Accepted;
    public DateTime? InvitedAt { get; set; }
}

/// <summary>
/// One stored file of an entry. Re-uploading a slot keeps the earlier version (IsCurrent = false) for the
/// organizers. The original file name is data only; <see cref="StoredName"/> is a generated name in the store.
/// </summary>
public class EntryFile
{
    public int Id { get; set; }
    public int EntryId { get; set; }

    /// <summary>Which of the category's files this is (0 … MaxFilesPerEntry-1).</summary>
    public int Slot { get; set; }

    public string StoredName { get; set; } = "";
    public string OriginalFileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long SizeBytes { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public string Sha256 { get; set; } = "";

    public DateTime UploadedAt { get; set; }
    public bool IsCurrent { get; set; } = true;
    public DateTime? ReplacedAt { get; set; }
}

public enum UploadStatus
{
    Active = 0,
    Completed = 1,
    Rejected = 2,
    Abandoned = 3,

    /// <summary>One "complete" call holds the claim (<see cref="UploadSession.CompletionClaim"/>) and is committing the file.</summary>
    Completing = 4,
}

/// <summary>A chunked, resumable upload in progress: chunks are staged in the file store and committed at the end.</summary>
public class UploadSession
{
    public Guid Id { get; set; }
    public int EntryId { get; set; }
    public int Slot { get; set; }
    public string FileName { get; set; } = "";
    public long DeclaredSize { get; set; }
    public int ChunkSize { get; set; }
    public int ChunkCount { get; set; }
    public string StoredName { get; set; } = "";
    public string StartedByUserId { get; set; } = "";
    public DateTime StartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public UploadStatus Status { get; set; } = UploadStatus.Active;
    public string? RejectionReason { get; set; }

    /// <summary>
    /// What the client that started the session says identifies its file (a SHA-256 over the file's size and samples of
    /// its bytes, 64 lowercase hex digits; docs/decisions/0007), or null for a session started without one.
    /// When set, every request that adds to or completes the session must carry the same value, so the parts of two
    /// different files are never put together.
    /// </summary>
    public string? Fingerprint { get; set; }

    /// <summary>
    /// The blob the browser puts this upload's blocks in straight, with a short-lived SAS the site issues (a direct
    /// upload, docs/decisions/0003); the site commits them there and copies the result to <see cref="StoredName"/>,
    /// a name no SAS ever covered. Null when the chunks come through the site (local disk, or a client that did not ask).
    /// </summary>
    public string? StagingName { get; set; }

    /// <summary>
    /// The claim of the one "complete" call that may record the file (set with a conditional update while the session
    /// is Active; a concurrency token, so recording under a claim that was taken over fails).
    /// </summary>
    public Guid? CompletionClaim { get; set; }

    /// <summary>When the claim was taken: a claim older than the completion's time limit may be taken over (its holder died).</summary>
    public DateTime? ClaimedAt { get; set; }

    /// <summary>
    /// How many chunks were sent to the store through the site so far, counted by whichever instance received them,
    /// before each is staged (so a chunk whose staging failed half-way counts too). An instance's scan of the chunks on
    /// their way (<c>UploadScans</c>) saw exactly <see cref="ChunkCount"/> of them; any other number means a chunk was
    /// sent again — perhaps to another instance, perhaps with other bytes — and completion reads the stored file back.
    /// </summary>
    public int ChunkWrites { get; set; }
}
