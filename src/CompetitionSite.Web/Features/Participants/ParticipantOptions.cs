using System.ComponentModel.DataAnnotations;

namespace CompetitionSite.Web.Features.Participants;

/// <summary>Settings of the participants area (section "Participants").</summary>
public sealed class ParticipantOptions
{
    public const string Section = "Participants";

    /// <summary>How long the link in a guardian-consent email works.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "60.00:00:00", ErrorMessage = "Participants:ConsentLinkLifetime must be between 1 and 60 days.")]
    public TimeSpan ConsentLinkLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long a student waits before sending a pending consent request again (protects the guardian's inbox).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Participants:ConsentResendInterval must be between 0 and 1 day.")]
    public TimeSpan ConsentResendInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often file deletions that failed (after an account was deleted) are tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Participants:FileDeletionRetryInterval must be between 1 second and 1 day.")]
    public TimeSpan FileDeletionRetryInterval { get; set; } = TimeSpan.FromMinutes(15);
}
