namespace CompetitionSite.Web.Domain.Competitions;

/// <summary>
/// A question about a competition's rules from someone signed in, and the organizers' answer. The answer goes to the
/// asker by email and on their questions page; the organizers may also publish it in the competition's FAQ, with the
/// question worded for the public (<see cref="PublicWording"/>) and never the asker's name.
/// </summary>
public class Question
{
    public const int TextMaxLength = 2_000;
    public const int AnswerMaxLength = 4_000;

    /// <summary>At most this many questions of one person wait for an answer in one competition.</summary>
    public const int OpenPerPerson = 5;

    public int Id { get; set; }
    public int CompetitionId { get; set; }
    public string AskedByUserId { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTime AskedAt { get; set; }

    public string? Answer { get; set; }
    public DateTime? AnsweredAt { get; set; }
    public string? AnsweredByUserId { get; set; }

    /// <summary>In the competition's public FAQ (only with an answer).</summary>
    public bool InFaq { get; set; }

    /// <summary>The question as the FAQ shows it (the organizers may reword it, e.g. to leave out a name).</summary>
    public string? PublicWording { get; set; }

    public bool IsAnswered => Answer is not null;
}
