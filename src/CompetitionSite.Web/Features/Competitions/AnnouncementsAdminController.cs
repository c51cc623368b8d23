using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>Organizers post announcements of a competition (its page, emails to an audience) and take them off the page.</summary>
[Route("admin/competitions/{id:int}/announcements")]
[Authorize(Policy = Roles.Organizer)]
public sealed class AnnouncementsAdminController(
    AnnouncementQueries queries,
    PostAnnouncement post,
    RemoveAnnouncementFromPage remove,
    UserManager<Data.ApplicationUser> users,
    IStringLocalizer<CompetitionsText> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int id, CancellationToken ct)
    {
        var page = await queries.PageAsync(id, new AnnouncementForm(), ct);
        return page is null ? NotFound() : View(page);
    }

    [HttpPost("")]
    public async Task<IActionResult> Post(int id, [Bind(Prefix = "Form")] AnnouncementForm form, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var outcome = await post.PostAsync(id, form, users.GetUserId(User)!, ct);
            if (ModelState.AddErrors(outcome, "Form"))
            {
                TempData["Message"] = outcome.Value == 0
                    ? t["The announcement is posted."].Value
                    : t.Plural(outcome.Value, "The announcement is posted: {0} email is queued.", "The announcement is posted: {0} emails are queued.").Value;
                return Redirect($"/admin/competitions/{id}/announcements");
            }
        }

        var page = await queries.PageAsync(id, form, ct);
        return page is null ? NotFound() : View("Index", page);
    }

    [HttpPost("{announcementId:int}/remove-from-page")]
    public async Task<IActionResult> RemoveFromPage(int id, int announcementId, CancellationToken ct)
    {
        TempData.Report(await remove.RemoveAsync(id, announcementId, ct), t["The announcement is no longer on the competition page."]);
        return Redirect($"/admin/competitions/{id}/announcements");
    }
}
