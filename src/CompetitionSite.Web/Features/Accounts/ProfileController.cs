using CompetitionSite.Web.Data;
using CompetitionSite.Web.Infrastructure.Auditing;
using CompetitionSite.Web.Infrastructure.Localization;
using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Accounts;

/// <summary>The signed-in person's own account: profile, language, password and email address.</summary>
[Route("account")]
[Authorize]
public sealed class ProfileController(
    UserManager<ApplicationUser> userManager,
    SignInManager<ApplicationUser> signInManager,
    AccountEmails emails,
    LinkBuilder links,
    AppDbContext db,
    IAuditLog audit,
    IStringLocalizer<AccountsText> t) : Controller
{
    [HttpGet("profile")]
    public async Task<IActionResult> Profile()
    {
        var user = await CurrentUserAsync();
        return View(await ToViewModelAsync(user));
    }

    [HttpPost("profile")]
    public async Task<IActionResult> Profile(ProfileViewModel model)
    {
        var user = await CurrentUserAsync();
        if (!ModelState.IsValid)
        {
            var current = await ToViewModelAsync(user);
            model.Email = current.Email;
            model.Roles = current.Roles;
            return View(model);
        }

        user.FullName = model.FullName.Trim();
        user.PreferredCulture = LocalizationSetup.Normalize(model.PreferredCulture);
        await userManager.UpdateAsync(user);
        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(user.PreferredCulture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps });

        using (CultureScope.Use(user.PreferredCulture))
        {
            TempData["Message"] = t["Your profile was saved."].Value;
        }

        return RedirectToAction(nameof(Profile));
    }

    [HttpGet("change-password")]
    public IActionResult ChangePassword() => View(new ChangePasswordViewModel());

    [HttpPost("change-password")]
    public async Task<IActionResult> ChangePassword(ChangePasswordViewModel model)
    {
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var user = await CurrentUserAsync();
        var result = await userManager.ChangePasswordAsync(user, model.CurrentPassword, model.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var key = error.Code == nameof(IdentityErrorDescriber.PasswordMismatch)
                    ? nameof(ChangePasswordViewModel.CurrentPassword)
                    : nameof(ChangePasswordViewModel.NewPassword);
                ModelState.AddModelError(key, error.Description);
            }

            return View(new ChangePasswordViewModel());
        }

        audit.Record("account.password-changed", "user", user.Id);
        await db.SaveChangesAsync();
        await signInManager.RefreshSignInAsync(user);
        TempData["Message"] = t["Your password was changed."].Value;
        return RedirectToAction(nameof(Profile));
    }

    /// <summary>Ends every session of the account, this one included (a new security stamp and every session revoked).</summary>
    [HttpPost("sign-out-everywhere")]
    public async Task<IActionResult> SignOutEverywhere([FromServices] TimeProvider clock)
    {
        var user = await CurrentUserAsync();
        await userManager.UpdateSecurityStampAsync(user);
        await SignInSessions.RevokeAllAsync(db, user.Id, clock.GetUtcNow().UtcDateTime, HttpContext.RequestAborted);
        audit.Record("account.signed-out-everywhere", "user", user.Id);
        await db.SaveChangesAsync();
        await signInManager.SignOutAsync();
        return View("Message", new MessageViewModel(
            t["Signed out on all devices"],
            t["Every browser and device that was signed in to your account is now signed out, this one too."],
            t["Log in"], "/account/login"));
    }

    [HttpGet("change-email")]
    public IActionResult ChangeEmail() => View(new ChangeEmailViewModel());

    [HttpPost("change-email")]
    public async Task<IActionResult> ChangeEmail(ChangeEmailViewModel model)
    {
        if (!ModelState.IsValid)
        {
            return View(new ChangeEmailViewModel { NewEmail = model.NewEmail });
        }

        var user = await CurrentUserAsync();
        if (!await userManager.CheckPasswordAsync(user, model.CurrentPassword))
        {
            ModelState.AddModelError(nameof(ChangeEmailViewModel.CurrentPassword), t["The current password is not correct."]);
            return View(new ChangeEmailViewModel { NewEmail = model.NewEmail });
        }

        var newEmail = model.NewEmail.Trim();
        if (string.Equals(newEmail, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError(nameof(ChangeEmailViewModel.NewEmail), t["This is already your email address."]);
            return View(new ChangeEmailViewModel { NewEmail = model.NewEmail });
        }

        // The address changes only when the link sent to it is opened. Whether the address is taken is not
        // revealed here; confirming then fails with a clear message.
        var token = await userManager.GenerateChangeEmailTokenAsync(user, newEmail);
        emails.ChangeEmail(user, newEmail, links.Absolute("/account/confirm-email-change", new Dictionary<string, string?>
        {
            ["userId"] = user.Id,
            ["email"] = newEmail,
            ["code"] = AccountController.Encode(token),
        }));
        await db.SaveChangesAsync();
        return View("Message", new MessageViewModel(
            t["Check your email"],
            t["We sent a link to {0}. Your address changes when you open it.", newEmail],
            t["Back to my account"], "/account/profile"));
    }

    [HttpGet("confirm-email-change")]
    public async Task<IActionResult> ConfirmEmailChange(string? userId, string? email, string? code)
    {
        var user = await userManager.GetUserAsync(User);
        if (user is null || user.Id != userId || email is null || code is null || AccountController.Decode(code) is not { } token)
        {
            return InvalidLink();
        }

        if (await userManager.FindByEmailAsync(email) is { } other && other.Id != user.Id)
        {
            return View("Message", new MessageViewModel(t["Email address not changed"], t["This email address cannot be used. If it is yours, log in or reset your password."], IsError: true));
        }

        var oldEmail = user.Email;
        var changed = await userManager.ChangeEmailAsync(user, email, token);
        if (!changed.Succeeded)
        {
            return InvalidLink();
        }

        await userManager.SetUserNameAsync(user, email);
        audit.Record("account.email-changed", "user", user.Id, $"email: {oldEmail} → {email}");
        await db.SaveChangesAsync();
        await signInManager.RefreshSignInAsync(user);
        return View("Message", new MessageViewModel(t["Email address changed"], t["From now on, log in with {0}.", email], t["Back to my account"], "/account/profile"));
    }

    private async Task<ApplicationUser> CurrentUserAsync() =>
        await userManager.GetUserAsync(User) ?? throw new InvalidOperationException("The signed-in account no longer exists.");

    private async Task<ProfileViewModel> ToViewModelAsync(ApplicationUser user) => new()
    {
        FullName = user.FullName,
        Email = user.Email ?? "",
        PreferredCulture = LocalizationSetup.Normalize(user.PreferredCulture),
        Roles = (await userManager.GetRolesAsync(user)).Order().ToList(),
    };

    private ViewResult InvalidLink() => View("Message", new MessageViewModel(
        t["Link not valid"],
        t["This link is invalid, has expired or was already used. Log in with the account the link was sent for and open it again."],
        t["Back to my account"], "/account/profile", IsError: true));
}
