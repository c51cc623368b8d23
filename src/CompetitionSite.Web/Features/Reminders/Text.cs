namespace CompetitionSite.Web.Features.Reminders;

/// <summary>Marker for the Reminders area's strings (Resources/Features/Reminders/Text.id.resx).</summary>
public sealed class Text;
