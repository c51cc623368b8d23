namespace CompetitionSite.Web.Features.Competitions;

/// <summary>A question as its asker sees it.</summary>
public sealed record MyQuestion(int Id, string Text, DateTime AskedAt, string? Answer, DateTime? AnsweredAt, bool InFaq);

/// <summary>The page where a signed-in person asks the organizers of a competition and reads their answers.</summary>
public sealed record AskPage(int CompetitionId, string Slug, string Title, string TimeZoneId, IReadOnlyList<MyQuestion> Mine, AskForm Form);

/// <summary>A question as the organizers' list shows it (who asked: name and email, for answering).</summary>
public sealed record QuestionRow(
    int Id, string Text, DateTime AskedAt, string AskerName, string AskerEmail, string? Answer, DateTime? AnsweredAt, bool InFaq, string? PublicWording);

/// <summary>The organizers' questions page of a competition: unanswered first.</summary>
public sealed record QuestionsPage(int CompetitionId, string Title, string TimeZoneId, IReadOnlyList<QuestionRow> Questions);

/// <summary>A question and answer in the competition's public FAQ.</summary>
public sealed record FaqItem(int Id, string Question, string Answer);
