using CompetitionSite.Web.Data;
using CompetitionSite.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Judging;

/// <summary>
/// The link in an invitation email: accept with the account one is logged in with, create a judge account for the
/// invited address, or decline. The link works once and expires.
/// </summary>
[Route("judge/invitations/{token}")]
[AllowAnonymous]
public sealed class JudgeInvitationsController(
    JudgeInvitations invitations,
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    IStringLocalizer<JudgingText> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Show(string token)
    {
        var found = await invitations.FindAsync(token);
        return found.State == InvitationState.Usable
            ? View("Invitation", await PageAsync(token, found, new JudgeAccountForm()))
            : Unusable(found.State);
    }

    [HttpPost("accept")]
    public async Task<IActionResult> Accept(string token)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Redirect("/account/login?returnUrl=" + Uri.EscapeDataString($"/judge/invitations/{token}"));
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var answer = await invitations.AcceptAsync(token, user);
        if (!answer.Succeeded)
        {
            return await RefusedAsync(token, answer.Error!);
        }

        // The sign-in cookie carries the roles: renew it so the judge's pages open right away.
        await signIn.RefreshSignInAsync(user);
        TempData["Message"] = t["Welcome to the jury. Before judging, tell us about any conflicts of interest."].Value;
        return Redirect($"/judge/competitions/{answer.CompetitionId}/conflicts");
    }

    [HttpPost("create-account")]
    [EnableRateLimiting(AccountsSetup.AuthRateLimit)]
    public async Task<IActionResult> CreateAccount(string token, [Bind(Prefix = "Account")] JudgeAccountForm form)
    {
        var found = await invitations.FindAsync(token);
        if (found.State != InvitationState.Usable)
        {
            return Unusable(found.State);
        }

        if (!ModelState.IsValid)
        {
            return View("Invitation", await PageAsync(token, found, form));
        }

        var (answer, identity) = await invitations.CreateAccountAndAcceptAsync(token, form.FullName, form.Password);
        if (identity is not null)
        {
            foreach (var error in identity.Errors)
            {
                var isPassword = error.Code.StartsWith("Password", StringComparison.Ordinal) || error.Code == "CommonPassword";
                ModelState.AddModelError(isPassword ? "Account." + nameof(JudgeAccountForm.Password) : "", error.Description);
            }

            form.Password = form.ConfirmPassword = "";
            return View("Invitation", await PageAsync(token, found, form));
        }

        if (!answer.Succeeded)
        {
            return await RefusedAsync(token, answer.Error!);
        }

        await signIn.SignInAsync(answer.User!, isPersistent: false);
        TempData["Message"] = t["Your judge account is ready. Before judging, tell us about any conflicts of interest."].Value;
        return Redirect($"/judge/competitions/{answer.CompetitionId}/conflicts");
    }

    [HttpPost("decline")]
    public async Task<IActionResult> Decline(string token)
    {
        var answer = await invitations.DeclineAsync(token);
        if (!answer.Succeeded)
        {
            return await RefusedAsync(token, answer.Error!);
        }

        return View("Message", new JudgingMessage(t["Invitation declined"], t["Thank you for letting us know. The organizers will see that you declined."], t["Back to the home page"], "/"));
    }

    private async Task<InvitationPage> PageAsync(string token, InvitationLookup found, JudgeAccountForm form)
    {
        string? email = null;
        if (User.Identity?.IsAuthenticated == true)
        {
            email = (await users.GetUserAsync(User))?.Email;
        }

        return new InvitationPage(token, found, email, form);
    }

    private async Task<IActionResult> RefusedAsync(string token, string error)
    {
        var found = await invitations.FindAsync(token);
        if (found.State != InvitationState.Usable)
        {
            return Unusable(found.State);
        }

        ModelState.AddModelError("", error);
        return View("Invitation", await PageAsync(token, found, new JudgeAccountForm()));
    }

    private ViewResult Unusable(InvitationState state)
    {
        Response.StatusCode = state == InvitationState.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
        return View("Message", new JudgingMessage(
            t["Invitation link not valid"],
            state == InvitationState.Expired
                ? t["This invitation has expired. Ask the organizers to send it again."]
                : t["This invitation link is invalid, has expired or was already used. If you accepted it already, log in to judge."],
            t["Log in"], "/account/login", IsError: true));
    }
}
