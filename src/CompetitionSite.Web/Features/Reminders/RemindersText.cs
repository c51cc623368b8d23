namespace CompetitionSite.Web.Features.Reminders;

/// <summary>Marker for the Reminders area's strings (Resources/Features/Reminders/RemindersText.id.resx).</summary>
public sealed class RemindersText;
