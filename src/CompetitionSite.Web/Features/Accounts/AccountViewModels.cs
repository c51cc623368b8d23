using System.ComponentModel.DataAnnotations;

namespace CompetitionSite.Web.Features.Accounts;

public sealed class RegisterViewModel
{
    [Required(ErrorMessage = "Enter your full name.")]
    [StringLength(200, ErrorMessage = "The name can be at most {1} characters long.")]
    [Display(Name = "Full name")]
    public string FullName { get; set; } = "";

    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(256, ErrorMessage = "The email address can be at most {1} characters long.")]
    [Display(Name = "Email address")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(128, MinimumLength = 8, ErrorMessage = "The password must be at least {2} characters long.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Type the password again.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password again")]
    public string ConfirmPassword { get; set; } = "";

    [Required(ErrorMessage = "Choose who the account is for.")]
    [RegularExpression("^(Student|Guardian)$", ErrorMessage = "Choose who the account is for.")]
    [Display(Name = "Account for")]
    public string AccountType { get; set; } = Domain.Roles.Student;

    [Range(typeof(bool), "true", "true", ErrorMessage = "You must agree to the privacy notice to register.")]
    [Display(Name = "I have read the privacy notice")]
    public bool AcceptPrivacy { get; set; }
}

public sealed class LoginViewModel
{
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [Display(Name = "Email address")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string Password { get; set; } = "";

    [Display(Name = "Keep me logged in on this device")]
    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class EmailOnlyViewModel
{
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [Display(Name = "Email address")]
    public string Email { get; set; } = "";
}

public sealed class ResetPasswordViewModel
{
    [Required(ErrorMessage = "This link is invalid, has expired or was already used.")]
    public string UserId { get; set; } = "";

    [Required(ErrorMessage = "This link is invalid, has expired or was already used.")]
    public string Code { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(128, MinimumLength = 8, ErrorMessage = "The password must be at least {2} characters long.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Type the password again.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password again")]
    public string ConfirmPassword { get; set; } = "";
}

public sealed class ChangePasswordViewModel
{
    [Required(ErrorMessage = "Enter your current password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Current password")]
    public string CurrentPassword { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(128, MinimumLength = 8, ErrorMessage = "The password must be at least {2} characters long.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string NewPassword { get; set; } = "";

    [Required(ErrorMessage = "Type the password again.")]
    [Compare(nameof(NewPassword), ErrorMessage = "The two passwords are not the same.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password again")]
    public string ConfirmPassword { get; set; } = "";
}

public sealed class ChangeEmailViewModel
{
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(256, ErrorMessage = "The email address can be at most {1} characters long.")]
    [Display(Name = "New email address")]
    public string NewEmail { get; set; } = "";

    [Required(ErrorMessage = "Enter your current password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Current password")]
    public string CurrentPassword { get; set; } = "";
}

public sealed class ProfileViewModel
{
    [Required(ErrorMessage = "Enter your full name.")]
    [StringLength(200, ErrorMessage = "The name can be at most {1} characters long.")]
    [Display(Name = "Full name")]
    public string FullName { get; set; } = "";

    [Required(ErrorMessage = "Choose a language.")]
    [RegularExpression("^(id|en)$", ErrorMessage = "Choose a language.")]
    [Display(Name = "Language for the site and emails")]
    public string PreferredCulture { get; set; } = "id";

    public string Email { get; set; } = "";
    public IReadOnlyList<string> Roles { get; set; } = [];
}

public sealed class SetupViewModel
{
    [Required(ErrorMessage = "This link is invalid, has expired or was already used.")]
    public string Token { get; set; } = "";

    [Required(ErrorMessage = "Enter your full name.")]
    [StringLength(200, ErrorMessage = "The name can be at most {1} characters long.")]
    [Display(Name = "Full name")]
    public string FullName { get; set; } = "";

    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [Display(Name = "Email address")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(128, MinimumLength = 8, ErrorMessage = "The password must be at least {2} characters long.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Type the password again.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password again")]
    public string ConfirmPassword { get; set; } = "";
}

/// <summary>A simple page with a title, a message and an optional link onward.</summary>
public sealed record MessageViewModel(string Title, string Message, string? LinkText = null, string? LinkUrl = null, bool IsError = false);
