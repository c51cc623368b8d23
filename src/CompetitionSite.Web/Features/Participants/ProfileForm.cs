using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Participants;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Participants;

/// <summary>
/// The participant profile fields, for a student's own profile and for a pupil a guardian manages. Field rules are
/// attributes; the rules that span fields (grade within level, regency within province, plausible age) are in
/// <see cref="Validate"/>. Nothing more is asked than running a competition needs: no national ID number.
/// </summary>
public sealed partial class ProfileForm
{
    public const int MinimumAge = 5;
    public const int MaximumAge = 30;

    [Required(ErrorMessage = "Enter the full name.")]
    [StringLength(200, ErrorMessage = "The name can be at most {1} characters long.")]
    [RegularExpression(@"^\s*[\p{L}\p{M}][\p{L}\p{M} .,'’\-]*\s*$", ErrorMessage = "The name can contain only letters, spaces and the signs . , ' -")]
    [Display(Name = "Full name")]
    public string? FullName { get; set; }

    [Required(ErrorMessage = "Enter the date of birth.")]
    [Display(Name = "Date of birth")]
    public DateOnly? DateOfBirth { get; set; }

    [Required(ErrorMessage = "Enter the name of the school.")]
    [StringLength(200, ErrorMessage = "The school name can be at most {1} characters long.")]
    [Display(Name = "School name")]
    public string? SchoolName { get; set; }

    [RegularExpression(@"^\s*\d{8}\s*$", ErrorMessage = "The NPSN has exactly 8 digits.")]
    [Display(Name = "School NPSN (optional)")]
    public string? SchoolNpsn { get; set; }

    [Required(ErrorMessage = "Choose the school level.")]
    [Display(Name = "Level")]
    public SchoolLevels? Level { get; set; }

    [Required(ErrorMessage = "Choose the grade.")]
    [Display(Name = "Grade")]
    public int? Grade { get; set; }

    [Required(ErrorMessage = "Choose the province.")]
    [Display(Name = "Province")]
    public string? Province { get; set; } = Regions.Banten;

    [Required(ErrorMessage = "Enter the regency or city.")]
    [StringLength(100, ErrorMessage = "The regency or city can be at most {1} characters long.")]
    [Display(Name = "Regency or city")]
    public string? Regency { get; set; }

    [StringLength(30, ErrorMessage = "Enter an Indonesian phone number, for example 0812 3456 7890.")]
    [Display(Name = "Phone (optional)")]
    public string? Phone { get; set; }

    [Required(ErrorMessage = "Choose how the name may appear in public.")]
    [Display(Name = "Name in public (for example on the winners page)")]
    public PublicNameDisplay? PublicName { get; set; } = PublicNameDisplay.FirstNameAndSchool;

    [Display(Name = "If the entry wins, a preview of it may be shown on the public winners page.")]
    public bool AllowPublicPreview { get; set; }

    [Display(Name = "I am 18 or older and agree that my submitted entries may be shown in public galleries, with my name as chosen above (never my email address or phone number).")]
    public bool PublicationConsent { get; set; }

    /// <summary>Whether the form offers <see cref="PublicationConsent"/> (the student's own profile; a minor's guardian decides instead).</summary>
    [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever]
    public bool OfferPublication { get; set; }

    /// <summary>
    /// An adult's own publication consent, from the profile form: recorded with the time and the wording version when
    /// ticked, removed when unticked. A minor's tick is never stored (their guardian decides). True when it changed.
    /// </summary>
    public static bool ApplyPublication(ParticipantProfile p, bool agree, DateOnly today, DateTime now)
    {
        var given = agree && !p.IsMinorOn(today);
        if (given && p.PublicationConsentAt is null)
        {
            p.PublicationConsentAt = now;
            p.PublicationConsentWording = ConsentWording.Version;
            return true;
        }

        if (!given && p.PublicationConsentAt is not null)
        {
            p.PublicationConsentAt = null;
            p.PublicationConsentWording = null;
            return true;
        }

        return false;
    }

    public static ProfileForm From(ParticipantProfile p) => new()
    {
        FullName = p.FullName,
        DateOfBirth = p.DateOfBirth,
        SchoolName = p.SchoolName,
        SchoolNpsn = p.SchoolNpsn,
        Level = p.Level,
        Grade = p.Grade,
        Province = p.Province,
        Regency = p.Regency,
        Phone = p.Phone,
        PublicName = p.PublicName,
        AllowPublicPreview = p.AllowPublicPreview,
        PublicationConsent = p.PublicationConsentAt is not null,
    };

    /// <summary>Adds the errors of the rules that span fields (or need today's date) to <paramref name="modelState"/>.</summary>
    public void Validate(ModelStateDictionary modelState, IStringLocalizer t, DateOnly today)
    {
        if (DateOfBirth is { } born && modelState.GetFieldValidationState(nameof(DateOfBirth)) != ModelValidationState.Invalid)
        {
            if (born > today)
            {
                modelState.AddModelError(nameof(DateOfBirth), t["The date of birth cannot be in the future."]);
            }
            else
            {
                var age = new ParticipantProfile { DateOfBirth = born }.AgeOn(today);
                if (age < MinimumAge || age > MaximumAge)
                {
                    modelState.AddModelError(nameof(DateOfBirth), t["Check the date of birth: participants are between {0} and {1} years old.", MinimumAge, MaximumAge]);
                }
            }
        }

        if (Level is { } level && modelState.GetFieldValidationState(nameof(Level)) != ModelValidationState.Invalid)
        {
            if (!SchoolGrades.IsSingleLevel(level))
            {
                modelState.AddModelError(nameof(Level), t["Choose the school level."]);
            }
            else if (Grade is { } grade && !SchoolGrades.IsConsistent(level, grade))
            {
                modelState.AddModelError(nameof(Grade), t["Grade {0} does not belong to {1}: SD has grades 1–6, SMP 7–9 and SMA/SMK 10–12.", grade, LevelName(level)]);
            }
        }

        var province = Regions.FindProvince(Province);
        if (!string.IsNullOrWhiteSpace(Province) && province is null)
        {
            modelState.AddModelError(nameof(Province), t["Choose a province from the list."]);
        }

        if (!string.IsNullOrWhiteSpace(Regency) && province is not null && modelState.GetFieldValidationState(nameof(Regency)) != ModelValidationState.Invalid)
        {
            var bantenRegency = Regions.FindBantenRegency(Regency);
            if (province == Regions.Banten && bantenRegency is null)
            {
                modelState.AddModelError(nameof(Regency), t["Choose one of Banten's regencies or cities from the list."]);
            }
            else if (province != Regions.Banten && bantenRegency is not null)
            {
                modelState.AddModelError(nameof(Regency), t["{0} is in Banten. Choose Banten as the province, or correct the regency or city.", bantenRegency]);
            }
            else if (province != Regions.Banten && !RegencyPattern().IsMatch(Regency.Trim()))
            {
                modelState.AddModelError(nameof(Regency), t["Enter the regency or city with letters only, for example Kota Bandung."]);
            }
        }

        if (!string.IsNullOrWhiteSpace(Phone) && NormalizePhone(Phone) is null && modelState.GetFieldValidationState(nameof(Phone)) != ModelValidationState.Invalid)
        {
            modelState.AddModelError(nameof(Phone), t["Enter an Indonesian phone number, for example 0812 3456 7890."]);
        }

        if (PublicName is { } shown && !Enum.IsDefined(shown))
        {
            modelState.AddModelError(nameof(PublicName), t["Choose how the name may appear in public."]);
        }
    }

    /// <summary>Copies the (validated) values onto the profile and returns the names of the fields that changed.</summary>
    public IReadOnlyList<string> ApplyTo(ParticipantProfile p)
    {
        var changed = new List<string>();
        void Set<T>(string name, T current, T value, Action<T> assign)
        {
            if (!EqualityComparer<T>.Default.Equals(current, value))
            {
                assign(value);
                changed.Add(name);
            }
        }

        var province = Regions.FindProvince(Province)!;
        var regency = province == Regions.Banten ? Regions.FindBantenRegency(Regency)! : Collapse(Regency);
        Set(nameof(FullName), p.FullName, Collapse(FullName), v => p.FullName = v);
        Set(nameof(DateOfBirth), p.DateOfBirth, DateOfBirth!.Value, v => p.DateOfBirth = v);
        Set(nameof(SchoolName), p.SchoolName, Collapse(SchoolName), v => p.SchoolName = v);
        Set(nameof(SchoolNpsn), p.SchoolNpsn, string.IsNullOrWhiteSpace(SchoolNpsn) ? null : SchoolNpsn.Trim(), v => p.SchoolNpsn = v);
        Set(nameof(Level), p.Level, Level!.Value, v => p.Level = v);
        Set(nameof(Grade), p.Grade, Grade!.Value, v => p.Grade = v);
        Set(nameof(Province), p.Province, province, v => p.Province = v);
        Set(nameof(Regency), p.Regency, regency, v => p.Regency = v);
        Set(nameof(Phone), p.Phone, string.IsNullOrWhiteSpace(Phone) ? null : NormalizePhone(Phone), v => p.Phone = v);
        Set(nameof(PublicName), p.PublicName, PublicName!.Value, v => p.PublicName = v);
        Set(nameof(AllowPublicPreview), p.AllowPublicPreview, AllowPublicPreview, v => p.AllowPublicPreview = v);
        return changed;
    }

    /// <summary>
    /// An Indonesian number written as 0…, 62… or +62… (spaces, dots, dashes and brackets allowed), in the national
    /// form "08123456789"; null when it is not one.
    /// </summary>
    public static string? NormalizePhone(string? phone)
    {
        var digits = PhoneSeparators().Replace(phone ?? "", "");
        var match = PhonePattern().Match(digits);
        return match.Success ? "0" + match.Groups[1].Value : null;
    }

    public static string LevelName(SchoolLevels level) => level == SchoolLevels.SMA ? "SMA/SMK" : level.ToString();

    private static string Collapse(string? text) => string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex(@"[\s.\-()]")]
    private static partial Regex PhoneSeparators();

    // National significant number: 8 to 12 digits, not starting with 0 (mobile 8…, landline area codes 2…–9…).
    [GeneratedRegex(@"^(?:\+62|62|0)([1-9]\d{7,11})$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[\p{L}\p{M}][\p{L}\p{M} .,'’\-()]*$")]
    private static partial Regex RegencyPattern();
}
