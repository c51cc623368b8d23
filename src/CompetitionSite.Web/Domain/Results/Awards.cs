namespace CompetitionSite.Web.Domain.Results;

/// <summary>
/// An award given to an entry: a tier of its category ("Juara 1", "Harapan 2") or a special award chosen by hand
/// ("Juara Favorit"), with an optional short citation. The tier's name and order are copied when the award is
/// saved, so the award reads the same if the category's tiers are renamed later.
/// </summary>
public class EntryAward
{
    public int Id { get; set; }
    public int CompetitionId { get; set; }
    public int CategoryId { get; set; }
    public int EntryId { get; set; }

    public string AwardName { get; set; } = "";

    /// <summary>The tier's order in its category (rank order; special awards come after the ranked tiers).</summary>
    public int AwardOrder { get; set; }

    public bool IsSpecial { get; set; }

    /// <summary>A sentence or two about why the entry won, shown on the public winners page.</summary>
    public string Citation { get; set; } = "";

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// An organizer's decision on a category's awards: when they were saved, and the ranking they were decided on
/// (<see cref="RankingFingerprint"/>). If the ranking changes afterwards (an entry excused, the ranking mode
/// switched) the awards must be checked and saved again before publishing.
/// </summary>
public class CategoryAwardDecision
{
    public int Id { get; set; }
    public int CompetitionId { get; set; }
    public int CategoryId { get; set; }
    public string RankingFingerprint { get; set; } = "";
    public DateTime SavedAt { get; set; }
    public string SavedByUserId { get; set; } = "";
}

/// <summary>An entry the organizer let into the ranking although it has fewer scores than required, with the reason.</summary>
public class ExcusedEntry
{
    public int Id { get; set; }
    public int CompetitionId { get; set; }
    public int EntryId { get; set; }
    public string Reason { get; set; } = "";
    public DateTime ExcusedAt { get; set; }
    public string ExcusedByUserId { get; set; } = "";
}

public enum ResultNoticeKind
{
    /// <summary>The result email sent when results were published: at most one per entry and address.</summary>
    Result = 0,

    /// <summary>A correction email after publication (one per correction, entry and address).</summary>
    Correction = 1,

    /// <summary>At publication, to an entrant (and guardian) whose entry was never judged because a guardian's consent never came.</summary>
    ConsentMissing = 2,
}

/// <summary>
/// That a result email for an entry was queued to an address. The unique index (entry, address, kind, round)
/// makes publishing idempotent even if two organizers press the button at once.
/// </summary>
public class ResultNotice
{
    public int Id { get; set; }
    public int CompetitionId { get; set; }
    public int EntryId { get; set; }

    /// <summary>Lower case.</summary>
    public string Email { get; set; } = "";

    public ResultNoticeKind Kind { get; set; }

    /// <summary>0 for the result; for corrections a number that grows with each correction of the competition.</summary>
    public int Round { get; set; }

    public Guid OutboxMessageId { get; set; }
    public DateTime CreatedAt { get; set; }
}
