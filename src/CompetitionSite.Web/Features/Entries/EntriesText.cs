namespace CompetitionSite.Web.Features.Entries;

/// <summary>Marker for the Entries area's strings (Resources/Features/Entries/EntriesText.id.resx).</summary>
public sealed class EntriesText;
