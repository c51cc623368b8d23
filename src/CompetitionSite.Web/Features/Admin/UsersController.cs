using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Auditing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Admin;

public sealed record UserRow(string Id, string FullName, string Email, bool EmailConfirmed, IReadOnlyList<string> Roles);

public sealed record UsersViewModel(string? Query, PageOf<UserRow> Users, string CurrentUserId);

/// <summary>Organizers grant and revoke roles. Every change is audited.</summary>
[Route("admin/users")]
[Authorize(Policy = Roles.Organizer)]
public sealed class UsersController(
    AppDbContext db,
    UserQueries users,
    UserManager<ApplicationUser> userManager,
    IAuditLog audit,
    IStringLocalizer<AdminText> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, CancellationToken ct, int page = 1) =>
        View(new UsersViewModel(q, await users.PageAsync(q, page, ct), userManager.GetUserId(User) ?? ""));

    [HttpPost("{id}/roles/grant")]
    public async Task<IActionResult> Grant(string id, string role) => await ChangeRoleAsync(id, role, grant: true);

    [HttpPost("{id}/roles/revoke")]
    public async Task<IActionResult> Revoke(string id, string role) => await ChangeRoleAsync(id, role, grant: false);

    private async Task<IActionResult> ChangeRoleAsync(string id, string role, bool grant)
    {
        if (!Roles.All.Contains(role))
        {
            TempData["Error"] = t["Unknown role."].Value;
            return RedirectToAction(nameof(Index));
        }

        var user = await userManager.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        if (!grant && role == Roles.Organizer && (await userManager.GetUsersInRoleAsync(Roles.Organizer)).Count <= 1)
        {
            TempData["Error"] = t["The last organizer cannot lose the organizer role. Make someone else an organizer first."].Value;
            return RedirectToAction(nameof(Index));
        }

        var result = grant ? await userManager.AddToRoleAsync(user, role) : await userManager.RemoveFromRoleAsync(user, role);
        if (!result.Succeeded)
        {
            TempData["Error"] = string.Join(" ", result.Errors.Select(e => e.Description));
            return RedirectToAction(nameof(Index));
        }

        // Sign-in cookies carry roles; every request compares them with the account's (SignInSessions), so the
        // change takes effect on the person's next request without signing them out.
        audit.Record(grant ? "role.granted" : "role.revoked", "user", user.Id, $"role: {role}; user: {user.Email}");
        await db.SaveChangesAsync();
        TempData["Message"] = (grant ? t["{0} now has the role {1}.", user.FullName, RoleName(role)] : t["{0} no longer has the role {1}.", user.FullName, RoleName(role)]).Value;
        return RedirectToAction(nameof(Index));
    }

    private string RoleName(string role) => role switch
    {
        Roles.Student => t["Student"],
        Roles.Guardian => t["Guardian"],
        Roles.Judge => t["Judge"],
        Roles.Organizer => t["Organizer"],
        _ => role,
    };
}
