namespace CompetitionSite.Web.Features.Admin;

/// <summary>Localized strings of the organizers' area: <c>Resources/Features/Admin/Text.id.resx</c>.</summary>
public sealed class Text;
