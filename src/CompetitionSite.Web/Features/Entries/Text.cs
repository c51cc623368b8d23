namespace CompetitionSite.Web.Features.Entries;

/// <summary>Marker for the Entries area's strings (Resources/Features/Entries/Text.id.resx).</summary>
public sealed class Text;
