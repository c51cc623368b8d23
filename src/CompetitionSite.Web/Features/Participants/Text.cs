namespace CompetitionSite.Web.Features.Participants;

/// <summary>Localized strings of the participants area: <c>Resources/Features/Participants/Text.id.resx</c>.</summary>
public sealed class Text;
