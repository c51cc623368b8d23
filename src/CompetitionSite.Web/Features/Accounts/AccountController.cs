using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Infrastructure.Auditing;
using CompetitionSite.Web.Infrastructure.Localization;
using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Localization;
using System.Text;

namespace CompetitionSite.Web.Features.Accounts;

/// <summary>Register, confirm email, log in and out, forgot and reset password.</summary>
[Route("account")]
[AllowAnonymous]
public sealed class AccountController(
    UserManager<ApplicationUser> userManager,
    SignInManager<ApplicationUser> signInManager,
    AccountEmails emails,
    LinkBuilder links,
    AppDbContext db,
    IAuditLog audit,
    TimeProvider clock,
    DummyPassword dummyPassword,
    IStringLocalizer<AccountsText> t) : Controller
{
    [HttpGet("register")]
    public IActionResult Register() => View(new RegisterViewModel());

    [HttpPost("register")]
    [EnableRateLimiting(AccountsSetup.AuthRateLimit)]
    public async Task<IActionResult> Register(RegisterViewModel model)
    {
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var email = model.Email.Trim();

        // The password rules first, before the address is looked up: a weak password gets the same answer whether
        // or not the address has an account.
        var candidate = new ApplicationUser { UserName = email, Email = email, FullName = model.FullName.Trim() };
        var rules = new List<IdentityError>();
        foreach (var validator in userManager.PasswordValidators)
        {
            rules.AddRange((await validator.ValidateAsync(userManager, candidate, model.Password)).Errors);
        }

        if (rules.Count > 0)
        {
            AddErrors(IdentityResult.Failed([.. rules]), nameof(RegisterViewModel.Password));
            return View(model);
        }

        var existing = await userManager.FindByEmailAsync(email);
        if (existing is not null)
        {
            // Same answer as for a new address, after the same work (a password hashed and a write transaction, as
            // for a new account); the owner gets an email telling them what to do.
            await using var same = await db.Database.BeginTransactionAsync();
            _ = userManager.PasswordHasher.HashPassword(candidate, model.Password);
            if (existing.EmailConfirmed)
            {
                emails.AlreadyRegistered(existing, links.Absolute("/account/login"), links.Absolute("/account/forgot-password"));
            }
            else
            {
                await QueueConfirmationAsync(existing);
            }

            await db.SaveChangesAsync();
            await same.CommitAsync();
            return RedirectToAction(nameof(CheckEmail));
        }

        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            FullName = model.FullName.Trim(),
            PreferredCulture = LocalizationSetup.Normalize(System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };

        // The account, its role and the confirmation email are saved together or not at all.
        await using var transaction = await db.Database.BeginTransactionAsync();
        IdentityResult created;
        try
        {
            created = await userManager.CreateAsync(user, model.Password);
        }
        catch (DbUpdateException)
        {
            // Another registration of this address committed between the check above and this insert (two submits at
            // once; on PostgreSQL the unique index on the user name refuses the second): the answer Identity's own
            // check gives when it sees the account, nothing saved twice. Any other failure goes on as it was.
            var duplicate = await SameAddressRegisteredMeanwhileAsync(user, transaction);
            if (duplicate is null)
            {
                throw;
            }

            created = duplicate;
        }

        if (!created.Succeeded)
        {
            AddErrors(created, nameof(RegisterViewModel.Password));
            return View(model);
        }

        await userManager.AddToRoleAsync(user, model.AccountType == Roles.Guardian ? Roles.Guardian : Roles.Student);
        await QueueConfirmationAsync(user);
        audit.Record("account.registered", "user", user.Id, $"role: {model.AccountType}");
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return RedirectToAction(nameof(CheckEmail));
    }

    [HttpGet("check-email")]
    public IActionResult CheckEmail() => View("Message", new MessageViewModel(
        t["Check your email"],
        t["If the address can be used, we have sent an email to it. Open the link in the email to activate your account. Check the spam folder too."],
        t["Did not get the email? Send it again"], "/account/resend-confirmation"));

    [HttpGet("confirm-email")]
    public async Task<IActionResult> ConfirmEmail(string? userId, string? code)
    {
        var user = userId is null ? null : await userManager.FindByIdAsync(userId);
        if (user is null || code is null || Decode(code) is not { } token)
        {
            return InvalidLink();
        }

        if (user.EmailConfirmed)
        {
            return View("Message", new MessageViewModel(t["Email address confirmed"], t["Your email address is already confirmed. You can log in."], t["Log in"], "/account/login"));
        }

        var result = await userManager.ConfirmEmailAsync(user, token);
        if (!result.Succeeded)
        {
            return InvalidLink();
        }

        audit.Record("account.email-confirmed", "user", user.Id);
        await db.SaveChangesAsync();
        return View("Message", new MessageViewModel(t["Email address confirmed"], t["Thank you. Your account is active and you can log in now."], t["Log in"], "/account/login"));
    }

    [HttpGet("resend-confirmation")]
    public IActionResult ResendConfirmation() => View(new EmailOnlyViewModel());

    [HttpPost("resend-confirmation")]
    [EnableRateLimiting(AccountsSetup.AuthRateLimit)]
    public async Task<IActionResult> ResendConfirmation(EmailOnlyViewModel model)
    {
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var user = await userManager.FindByEmailAsync(model.Email.Trim());
        if (user is { EmailConfirmed: false })
        {
            await QueueConfirmationAsync(user);
            await db.SaveChangesAsync();
        }

        return RedirectToAction(nameof(CheckEmail));
    }

    [HttpGet("login")]
    public IActionResult Login(string? returnUrl) => View(new LoginViewModel { ReturnUrl = returnUrl });

    [HttpPost("login")]
    [EnableRateLimiting(AccountsSetup.AuthRateLimit)]
    public async Task<IActionResult> Login(LoginViewModel model)
    {
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        // One answer, in the same time, whatever the address: an unknown address, a wrong password and a locked
        // account all get "not correct", each after one password hash; the owner of a locked account is told by email.
        var user = await userManager.FindByEmailAsync(model.Email.Trim());
        if (user is null || await userManager.IsLockedOutAsync(user))
        {
            dummyPassword.Check(userManager.PasswordHasher, model.Password);
            return LoginFailed(model, NotCorrect);
        }

        if (!user.EmailConfirmed)
        {
            // Identity refuses unconfirmed accounts before it checks the password; check it here so the answer
            // reveals nothing to someone who does not know the password, and wrong guesses still count.
            if (!await userManager.CheckPasswordAsync(user, model.Password))
            {
                await userManager.AccessFailedAsync(user);
                await TellOwnerIfLockedAsync(user);
                return LoginFailed(model, NotCorrect);
            }

            ViewData["ShowResend"] = true;
            return LoginFailed(model, t["Confirm your email address first: open the link in the email we sent you."]);
        }

        var result = await signInManager.PasswordSignInAsync(user, model.Password, model.RememberMe, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            await TellOwnerIfLockedAsync(user);
        }

        if (!result.Succeeded)
        {
            return LoginFailed(model, NotCorrect);
        }

        SetCultureCookie(user.PreferredCulture);
        return LocalRedirect(Url.IsLocalUrl(model.ReturnUrl) ? model.ReturnUrl : LandingPage.For(await userManager.GetRolesAsync(user)));
    }

    [HttpPost("logout")]
    public async Task<IActionResult> Logout()
    {
        await signInManager.SignOutAsync();
        return Redirect("/");
    }

    [HttpGet("forgot-password")]
    public IActionResult ForgotPassword() => View(new EmailOnlyViewModel());

    [HttpPost("forgot-password")]
    [EnableRateLimiting(AccountsSetup.AuthRateLimit)]
    public async Task<IActionResult> ForgotPassword(EmailOnlyViewModel model)
    {
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var user = await userManager.FindByEmailAsync(model.Email.Trim());
        if (user is not null)
        {
            var token = await userManager.GeneratePasswordResetTokenAsync(user);
            emails.ResetPassword(user, links.Absolute("/account/reset-password", new Dictionary<string, string?>
            {
                ["userId"] = user.Id,
                ["code"] = Encode(token),
            }));
            await db.SaveChangesAsync();
        }

        return View("Message", new MessageViewModel(
            t["Check your email"],
            t["If an account uses this address, we have sent it a link to choose a new password. The link works once."]));
    }

    [HttpGet("reset-password")]
    public async Task<IActionResult> ResetPassword(string? userId, string? code)
    {
        var user = userId is null ? null : await userManager.FindByIdAsync(userId);
        if (user is null || code is null || Decode(code) is not { } token
            || !await userManager.VerifyUserTokenAsync(user, userManager.Options.Tokens.PasswordResetTokenProvider, UserManager<ApplicationUser>.ResetPasswordTokenPurpose, token))
        {
            return InvalidLink();
        }

        return View(new ResetPasswordViewModel { UserId = user.Id, Code = code });
    }

    [HttpPost("reset-password")]
    [EnableRateLimiting(AccountsSetup.AuthRateLimit)]
    public async Task<IActionResult> ResetPassword(ResetPasswordViewModel model)
    {
        var user = string.IsNullOrEmpty(model.UserId) ? null : await userManager.FindByIdAsync(model.UserId);
        var token = string.IsNullOrEmpty(model.Code) ? null : Decode(model.Code);
        if (user is null || token is null)
        {
            return InvalidLink();
        }

        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var result = await userManager.ResetPasswordAsync(user, token, model.Password);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)))
            {
                return InvalidLink();
            }

            AddErrors(result, nameof(ResetPasswordViewModel.Password));
            return View(model);
        }

        // A successful reset also lifts a lockout and, since the link came to the mailbox, confirms the address.
        await userManager.SetLockoutEndDateAsync(user, null);
        await userManager.ResetAccessFailedCountAsync(user);
        if (!user.EmailConfirmed)
        {
            user.EmailConfirmed = true;
            await userManager.UpdateAsync(user);
        }

        audit.Record("account.password-reset", "user", user.Id);
        await db.SaveChangesAsync();
        return View("Message", new MessageViewModel(t["Password changed"], t["Your new password is set. You can log in with it now."], t["Log in"], "/account/login"));
    }

    [HttpGet("access-denied")]
    public IActionResult AccessDenied() => StatusCode(StatusCodes.Status403Forbidden);

    private async Task QueueConfirmationAsync(ApplicationUser user)
    {
        var token = await userManager.GenerateEmailConfirmationTokenAsync(user);
        emails.ConfirmEmail(user, links.Absolute("/account/confirm-email", new Dictionary<string, string?>
        {
            ["userId"] = user.Id,
            ["code"] = Encode(token),
        }));
    }

    private string NotCorrect => t["The email address or password is not correct."];

    /// <summary>This failed attempt locked the account: its owner gets an email (the login page does not say so).</summary>
    private async Task TellOwnerIfLockedAsync(ApplicationUser user)
    {
        if (!await userManager.IsLockedOutAsync(user))
        {
            return;
        }

        var token = await userManager.GeneratePasswordResetTokenAsync(user);
        var minutes = (int)Math.Ceiling(userManager.Options.Lockout.DefaultLockoutTimeSpan.TotalMinutes);
        emails.AccountLocked(user, minutes, links.Absolute("/account/reset-password", new Dictionary<string, string?>
        {
            ["userId"] = user.Id,
            ["code"] = Encode(token),
        }));
        audit.Record("account.locked", "user", user.Id);
        await db.SaveChangesAsync();
    }

    private ViewResult LoginFailed(LoginViewModel model, string message)
    {
        ModelState.AddModelError(string.Empty, message);
        model.Password = "";
        return View(nameof(Login), model);
    }

    private ViewResult InvalidLink() => View("Message", new MessageViewModel(
        t["Link not valid"],
        t["This link is invalid, has expired or was already used."],
        t["Back to the home page"], "/", IsError: true));

    /// <summary>
    /// After an insert failed: rolls the transaction back and runs Identity's user checks again; their errors when the
    /// address is now taken (the failure was the race above), otherwise null (the failure was something else: rethrown).
    /// </summary>
    private async Task<IdentityResult?> SameAddressRegisteredMeanwhileAsync(ApplicationUser user, IDbContextTransaction transaction)
    {
        await transaction.RollbackAsync();
        db.ChangeTracker.Clear();
        var errors = new List<IdentityError>();
        foreach (var validator in userManager.UserValidators)
        {
            errors.AddRange((await validator.ValidateAsync(userManager, user)).Errors);
        }

        return errors.Count > 0 ? IdentityResult.Failed([.. errors]) : null;
    }

    private void AddErrors(IdentityResult result, string field)
    {
        foreach (var error in result.Errors)
        {
            var key = error.Code.StartsWith("Password", StringComparison.Ordinal) || error.Code == "CommonPassword" ? field : string.Empty;
            ModelState.AddModelError(key, error.Description);
        }
    }

    private void SetCultureCookie(string culture) =>
        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(LocalizationSetup.Normalize(culture))),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps });

    internal static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    internal static string? Decode(string code)
    {
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
