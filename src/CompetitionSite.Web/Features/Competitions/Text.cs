namespace CompetitionSite.Web.Features.Competitions;

/// <summary>Localized strings of the competitions area: <c>Resources/Features/Competitions/Text.id.resx</c>.</summary>
public sealed class Text;
