using System.ComponentModel.DataAnnotations;
using CompetitionSite.Web.Domain.Participants;

namespace CompetitionSite.Web.Features.Participants;

/// <summary>What the student's or guardian's page shows about a participant's consent.</summary>
public sealed record ConsentPanel(
    ConsentState State,
    string? GuardianName,
    string? GuardianEmail,
    DateTime? At,
    DateTime? LinkExpiresAt,
    bool LinkExpired,
    bool CanAsk,
    DateTime? CanAskAgainAt,
    string? TimeZoneId = null,
    bool PublicationGiven = false);

/// <summary>The student's participant profile page: the profile form and the consent section.</summary>
public sealed class ParticipantProfilePage
{
    public ProfileForm Form { get; set; } = new();
    public bool HasProfile { get; set; }
    public ConsentPanel? Consent { get; set; }
    public ConsentRequestForm ConsentForm { get; set; } = new();

    /// <summary>Which form was posted ("profile" or "consent"), to show its error summary only.</summary>
    public string? Submitted { get; set; }
}

public sealed class ConsentRequestForm
{
    [Required(ErrorMessage = "Enter the name of your parent or guardian.")]
    [StringLength(200, ErrorMessage = "The name can be at most {1} characters long.")]
    [Display(Name = "Name of your parent or guardian")]
    public string? GuardianName { get; set; }

    [Required(ErrorMessage = "Enter the email address of your parent or guardian.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(256, ErrorMessage = "The email address can be at most {1} characters long.")]
    [Display(Name = "Email address of your parent or guardian")]
    public string? GuardianEmail { get; set; }
}

/// <summary>The page a guardian opens from the consent email.</summary>
public sealed record ConsentDecisionPage(
    string Token,
    string ParticipantName,
    string SchoolName,
    string LevelAndGrade,
    string Region,
    DateOnly DateOfBirth,
    string GuardianName,
    DateTime ExpiresAt,
    string? TimeZoneId = null,
    bool AlreadyConsented = false);

/// <summary>The page a guardian opens to withdraw consent (from the confirmation email or the guardian account).</summary>
public sealed record WithdrawConsentPage(string ParticipantName, string Action, string? Token, int OpenEntries);

/// <summary>A simple page with a title, a message and an optional link onward.</summary>
public sealed record ParticipantMessage(string Title, string Message, string? LinkText = null, string? LinkUrl = null, bool IsError = false);

public sealed record PupilRow(int Id, string FullName, string SchoolName, string LevelAndGrade, ConsentPanel Consent);

/// <summary>A participant this guardian consented for by email link (a student with their own account).</summary>
public sealed record ConsentedStudentRow(int ParticipantId, string FullName, DateTime GivenAt);

public sealed record PupilsPage(IReadOnlyList<PupilRow> Pupils, IReadOnlyList<ConsentedStudentRow> ConsentedByEmail);

/// <summary>Add or edit a pupil (no email of their own: the guardian receives their emails).</summary>
public sealed class PupilPage
{
    public int? Id { get; set; }
    public ProfileForm Form { get; set; } = new();
}

public static class ConsentBasis
{
    public const string AsParent = "AsParent";
    public const string CollectedFromParents = "CollectedFromParents";

    public static ConsentMethod? MethodOf(string? basis) => basis switch
    {
        AsParent => ConsentMethod.GuardianAccountAsParent,
        CollectedFromParents => ConsentMethod.GuardianAccountCollectedFromParents,
        _ => null,
    };
}

public sealed class GuardianConsentForm
{
    [Display(Name = "Pupils")]
    public List<int> PupilIds { get; set; } = [];

    [Required(ErrorMessage = "Choose on what basis you give consent.")]
    [RegularExpression("^(AsParent|CollectedFromParents)$", ErrorMessage = "Choose on what basis you give consent.")]
    [Display(Name = "I give consent")]
    public string? Basis { get; set; }

    /// <summary>The publication clause, ticked separately.</summary>
    public bool Publication { get; set; }
}

public sealed record ConsentCandidate(int Id, string FullName, string SchoolName, string LevelAndGrade, ConsentState State);

public sealed class GuardianConsentPage
{
    public IReadOnlyList<ConsentCandidate> Candidates { get; set; } = [];
    public GuardianConsentForm Form { get; set; } = new();
}

public sealed class DeleteAccountForm
{
    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Type the word shown to confirm.")]
    [Display(Name = "Confirmation")]
    public string? Confirmation { get; set; }
}

public sealed class YourDataPage
{
    public bool IsGuardian { get; set; }
    public int Profiles { get; set; }
    public int Entries { get; set; }
    public int KeptAnonymously { get; set; }
    public DeleteAccountForm Form { get; set; } = new();
}
