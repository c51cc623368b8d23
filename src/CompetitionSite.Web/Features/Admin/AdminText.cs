namespace CompetitionSite.Web.Features.Admin;

/// <summary>Localized strings of the administration area: <c>Resources/Features/Admin/AdminText.id.resx</c>.</summary>
public sealed class AdminText;
