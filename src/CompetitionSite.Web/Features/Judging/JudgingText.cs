namespace CompetitionSite.Web.Features.Judging;

/// <summary>Localized strings of the judging area: <c>Resources/Features/Judging/JudgingText.id.resx</c>.</summary>
public sealed class JudgingText;
