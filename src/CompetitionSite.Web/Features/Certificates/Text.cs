namespace CompetitionSite.Web.Features.Certificates;

/// <summary>Localized strings of the certificates area: <c>Resources/Features/Certificates/Text.id.resx</c>.</summary>
public sealed class Text;
