namespace CompetitionSite.Web.Features.Competitions;

/// <summary>Localized strings of the competitions area: <c>Resources/Features/Competitions/CompetitionsText.id.resx</c>.</summary>
public sealed class CompetitionsText;
