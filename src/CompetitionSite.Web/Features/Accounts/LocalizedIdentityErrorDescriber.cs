using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Accounts;

/// <summary>Identity's error messages, in the visitor's language.</summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<AccountsText> t) : IdentityErrorDescriber
{
    public override IdentityError DuplicateEmail(string email) =>
        new() { Code = nameof(DuplicateEmail), Description = t["This email address cannot be used. If it is yours, log in or reset your password."] };

    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = t["This email address cannot be used. If it is yours, log in or reset your password."] };

    public override IdentityError InvalidEmail(string? email) =>
        new() { Code = nameof(InvalidEmail), Description = t["Enter a valid email address."] };

    public override IdentityError InvalidUserName(string? userName) =>
        new() { Code = nameof(InvalidUserName), Description = t["Enter a valid email address."] };

    public override IdentityError InvalidToken() =>
        new() { Code = nameof(InvalidToken), Description = t["This link is invalid, has expired or was already used."] };

    public override IdentityError PasswordMismatch() =>
        new() { Code = nameof(PasswordMismatch), Description = t["The current password is not correct."] };

    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = t["The password must be at least {0} characters long.", length] };

    public override IdentityError DefaultError() =>
        new() { Code = nameof(DefaultError), Description = t["Something went wrong. Please try again."] };

    public override IdentityError ConcurrencyFailure() =>
        new() { Code = nameof(ConcurrencyFailure), Description = t["Your account was changed elsewhere at the same time. Please try again."] };

    public override IdentityError UserAlreadyInRole(string role) =>
        new() { Code = nameof(UserAlreadyInRole), Description = t["This person already has that role."] };

    public override IdentityError UserNotInRole(string role) =>
        new() { Code = nameof(UserNotInRole), Description = t["This person does not have that role."] };

    public override IdentityError LoginAlreadyAssociated() =>
        new() { Code = nameof(LoginAlreadyAssociated), Description = t["Something went wrong. Please try again."] };
}
