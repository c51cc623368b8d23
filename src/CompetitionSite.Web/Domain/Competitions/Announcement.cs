namespace CompetitionSite.Web.Domain.Competitions;

/// <summary>Who an announcement is emailed to (besides, or instead of, the competition's public page).</summary>
public enum AnnouncementAudience
{
    /// <summary>No email: the announcement is only on the competition's page.</summary>
    PageOnly = 0,

    /// <summary>Everyone with a draft or submitted entry (pupils without an address through their guardian's account).</summary>
    Everyone = 1,

    /// <summary>Those of <see cref="Announcement.CategoryId"/> only.</summary>
    Category = 2,

    /// <summary>The competition's judges.</summary>
    Judges = 3,

    /// <summary>Parents or guardians whose consent for a child with an entry is still awaited.</summary>
    GuardiansWithPendingConsent = 4,
}

/// <summary>
/// Something the organizers tell about a competition ("pengumuman"): Markdown, shown on the competition's public page
/// when <see cref="OnPublicPage"/>, and emailed once, when posted, to <see cref="Audience"/>. Emails cannot be called
/// back; taking an announcement off the page is the only change after posting.
/// </summary>
public class Announcement
{
    public const int TitleMaxLength = 150;
    public const int BodyMaxLength = 10_000;

    public int Id { get; set; }
    public int CompetitionId { get; set; }
    public string Title { get; set; } = "";

    /// <summary>Markdown, rendered sanitised (no raw HTML) like the competition's description.</summary>
    public string Body { get; set; } = "";

    public bool OnPublicPage { get; set; }
    public AnnouncementAudience Audience { get; set; }

    /// <summary>The category of <see cref="AnnouncementAudience.Category"/>; null otherwise.</summary>
    public int? CategoryId { get; set; }

    public DateTime PostedAt { get; set; }
    public string PostedByUserId { get; set; } = "";

    /// <summary>How many emails were queued when it was posted (one per address).</summary>
    public int EmailsQueued { get; set; }

    /// <summary>When it was taken off the public page, if it was.</summary>
    public DateTime? RemovedFromPageAt { get; set; }

    public bool IsOnPublicPage => OnPublicPage && RemovedFromPageAt is null;
}
