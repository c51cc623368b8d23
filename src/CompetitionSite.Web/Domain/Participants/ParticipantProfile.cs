using CompetitionSite.Web.Domain.Competitions;

namespace CompetitionSite.Web.Domain.Participants;

public enum PublicNameDisplay
{
    /// <summary>"Ayu Lestari"</summary>
    FullName = 0,

    /// <summary>"Ayu (SMPN 1 Serang)"</summary>
    FirstNameAndSchool = 1,
}

/// <summary>
/// A student who takes part. Either the student's own account (<see cref="UserId"/>) or a pupil without an
/// email of their own, managed by a guardian's account (<see cref="GuardianUserId"/>), or both.
/// Nothing more is asked than what running a competition needs: no national ID number.
/// </summary>
public class ParticipantProfile
{
    public int Id { get; set; }

    /// <summary>The student's own account, if they have one.</summary>
    public string? UserId { get; set; }

    /// <summary>The parent's or teacher's account that manages this pupil, if any.</summary>
    public string? GuardianUserId { get; set; }

    public string FullName { get; set; } = "";
    public DateOnly DateOfBirth { get; set; }
    public string SchoolName { get; set; } = "";

    /// <summary>The school's national number (NPSN, 8 digits), optional.</summary>
    public string? SchoolNpsn { get; set; }

    public SchoolLevels Level { get; set; }
    public int Grade { get; set; }
    public string Province { get; set; } = "";

    /// <summary>Regency or city (kabupaten/kota).</summary>
    public string Regency { get; set; } = "";

    public string? Phone { get; set; }

    public PublicNameDisplay PublicName { get; set; } = PublicNameDisplay.FirstNameAndSchool;

    /// <summary>Whether a winning entry's thumbnail/preview may be shown on the public winners page.</summary>
    public bool AllowPublicPreview { get; set; }

    /// <summary>When a participant of 18 or older agreed that their entries may be shown in public galleries (null: not agreed).</summary>
    public DateTime? PublicationConsentAt { get; set; }

    /// <summary>The wording version of the publication clause the adult participant agreed to.</summary>
    public string? PublicationConsentWording { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public List<GuardianConsent> Consents { get; set; } = [];

    public int AgeOn(DateOnly day)
    {
        var age = day.Year - DateOfBirth.Year;
        if (DateOfBirth > day.AddYears(-age))
        {
            age--;
        }

        return age;
    }

    /// <summary>Indonesia's personal data law: under 18 needs a guardian's consent.</summary>
    public bool IsMinorOn(DateOnly day) => AgeOn(day) < 18;

    /// <summary>The name as the participant allowed it to be shown in public.</summary>
    public string PublicDisplayName => PublicName == PublicNameDisplay.FullName
        ? FullName
        : $"{FullName.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? FullName} ({SchoolName})";
}
