using System.ComponentModel.DataAnnotations;

namespace CompetitionSite.Web.Features.Reminders;

/// <summary>The reminder job (section <c>Reminders</c>). What is reminded is switched per competition by its organizers.</summary>
public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>Whether this instance runs the reminder job at all (several instances may all run it: see SentReminder).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the job looks for reminders that are due.</summary>
    [Range(0.01, 1440, ErrorMessage = "Reminders:IntervalMinutes must be between 0.01 and 1440.")]
    public double IntervalMinutes { get; set; } = 15;
}
