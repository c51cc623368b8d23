using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Infrastructure.Auditing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Accounts;

/// <summary>Creates the first organizer from the one-time link printed in the log.</summary>
[Route("setup")]
[AllowAnonymous]
public sealed class SetupController(
    SetupTokens tokens,
    UserManager<ApplicationUser> userManager,
    AppDbContext db,
    IAuditLog audit,
    TimeProvider clock,
    IStringLocalizer<AccountsText> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? token)
    {
        if (await tokens.FindUsableAsync(token) is null)
        {
            return NotFound();
        }

        return View(new SetupViewModel { Token = token! });
    }

    [HttpPost("")]
    [EnableRateLimiting(AccountsSetup.AuthRateLimit)]
    public async Task<IActionResult> Index(SetupViewModel model)
    {
        var setupToken = await tokens.FindUsableAsync(model.Token);
        if (setupToken is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return View(model);
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        var user = await userManager.FindByEmailAsync(model.Email.Trim());
        if (user is null)
        {
            user = new ApplicationUser
            {
                UserName = model.Email.Trim(),
                Email = model.Email.Trim(),
                FullName = model.FullName.Trim(),
                EmailConfirmed = true,
                CreatedAt = now,
            };
            var created = await userManager.CreateAsync(user, model.Password);
            if (!created.Succeeded)
            {
                foreach (var error in created.Errors)
                {
                    ModelState.AddModelError(error.Code.Contains("Password", StringComparison.Ordinal) ? nameof(model.Password) : "", error.Description);
                }

                return View(model);
            }
        }
        else
        {
            ModelState.AddModelError(nameof(model.Email), t["This email address cannot be used. If it is yours, log in or reset your password."]);
            return View(model);
        }

        await userManager.AddToRoleAsync(user, Roles.Organizer);
        setupToken.UsedAt = now;
        audit.Record("role.granted", "user", user.Id, $"role: {Roles.Organizer} (first organizer, setup link)");
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        TempData["Message"] = t["The organizer account was created. Log in to continue."].Value;
        return Redirect("/account/login");
    }
}
