using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Infrastructure.Auditing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Participants;

/// <summary>"Your data": download everything the site holds about you, or delete your account.</summary>
[Route("participant/data")]
[Authorize(Roles = Roles.Student + "," + Roles.Guardian)]
public sealed class DataController(
    AppDbContext db,
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    IAuditLog audit,
    TimeProvider clock,
    IStringLocalizer<ParticipantsText> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => View(await PageAsync(new DeleteAccountForm()));

    [HttpGet("export")]
    public async Task<IActionResult> Export([FromServices] PersonalDataExport export)
    {
        var user = await CurrentUserAsync();
        var json = await export.ExportAsync(user);
        audit.Record("account.data-exported", "user", user.Id);
        await db.SaveChangesAsync();
        Response.Headers.CacheControl = "no-store";
        return File(json, "application/json", $"data-{Domain.Participants.ParticipantAge.Today(clock):yyyy-MM-dd}.json");
    }

    [HttpPost("delete")]
    [EnableRateLimiting(Accounts.AccountsSetup.AuthRateLimit)]
    public async Task<IActionResult> Delete([Bind(Prefix = "Form")] DeleteAccountForm form, [FromServices] AccountDeletion deletion)
    {
        var user = await CurrentUserAsync();
        if (ModelState.IsValid && !IsConfirmationWord(form.Confirmation))
        {
            ModelState.AddModelError("Form.Confirmation", t["Type {0} to confirm.", t["DELETE"]]);
        }

        if (ModelState.IsValid && !await users.CheckPasswordAsync(user, form.Password!))
        {
            ModelState.AddModelError("Form.Password", t["The password is not correct."]);
        }

        if (!ModelState.IsValid)
        {
            return View(nameof(Index), await PageAsync(new DeleteAccountForm { Confirmation = form.Confirmation }));
        }

        await deletion.DeleteAsync(user);
        await signIn.SignOutAsync();
        return View("Message", new ParticipantMessage(
            t["Your account was deleted"],
            t["Your account and your personal data were deleted. Where results were already published, only anonymous scores remain. Thank you for taking part."],
            t["Back to the home page"], "/"));
    }

    private bool IsConfirmationWord(string? typed)
    {
        var word = typed?.Trim();
        return string.Equals(word, t["DELETE"].Value, StringComparison.OrdinalIgnoreCase)
            || string.Equals(word, "DELETE", StringComparison.OrdinalIgnoreCase)
            || string.Equals(word, "HAPUS", StringComparison.OrdinalIgnoreCase);
    }

    private async Task<ApplicationUser> CurrentUserAsync() =>
        await users.GetUserAsync(User) ?? throw new InvalidOperationException("The signed-in account no longer exists.");

    private async Task<YourDataPage> PageAsync(DeleteAccountForm form)
    {
        var userId = users.GetUserId(User)!;
        var profileIds = await db.Participants
            .Where(p => p.UserId == userId || (p.GuardianUserId == userId && p.UserId == null))
            .Select(p => p.Id)
            .ToListAsync();
        var entries = await db.EntryMembers
            .Where(m => m.ParticipantId != null && profileIds.Contains(m.ParticipantId.Value))
            .Select(m => m.EntryId)
            .Distinct()
            .ToListAsync();
        var kept = await db.Entries
            .Where(e => entries.Contains(e.Id)
                        && (e.Category.Competition.Stage == Domain.Competitions.CompetitionStage.Published || e.Category.Competition.PublishedAt != null))
            .CountAsync();
        return new YourDataPage
        {
            IsGuardian = User.IsInRole(Roles.Guardian),
            Profiles = profileIds.Count,
            Entries = entries.Count,
            KeptAnonymously = kept,
            Form = form,
        };
    }
}
