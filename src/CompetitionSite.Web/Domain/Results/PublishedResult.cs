namespace CompetitionSite.Web.Domain.Results;

/// <summary>
/// What publication said about one entry, written once in the publication's transaction and never changed: the result
/// emails of the entry are rendered from it when they are sent (issue 16), so an email sent minutes later says exactly
/// what it would have said at publication, whatever is edited in between (a competition's title, a participant's name,
/// an award corrected: a correction is a new email of its own). Certificates are referred to by number (they are
/// immutable too). The judges' feedback is copied as it was read at publication (texts only, never a judge's name).
/// </summary>
public class PublishedResult
{
    public int Id { get; set; }
    public int CompetitionId { get; set; }

    /// <summary>One per entry: an entry is published once.</summary>
    public int EntryId { get; set; }

    public string CompetitionTitle { get; set; } = "";

    /// <summary>For the link to the winners page.</summary>
    public string CompetitionSlug { get; set; } = "";

    /// <summary>The site's public address the links were built from at publication (the request's, or Site:PublicBaseUrl).</summary>
    public string LinkBase { get; set; } = "";

    public string CategoryName { get; set; } = "";
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";

    /// <summary>The members' names as the email shows them ("Ayu Lestari, Budi Santoso").</summary>
    public string Names { get; set; } = "";

    /// <summary>The score in the competition's ranking mode at publication (0–100).</summary>
    public double Score { get; set; }

    /// <summary>The entry's awards at publication, in award order; empty when it won none.</summary>
    public List<string> Awards { get; set; } = [];

    /// <summary>The judges' feedback texts at publication, in the order the email shows them.</summary>
    public List<string> Feedback { get; set; } = [];

    public DateTime PublishedAt { get; set; }
}
