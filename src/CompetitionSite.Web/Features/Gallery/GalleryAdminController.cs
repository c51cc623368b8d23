using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Gallery;

/// <summary>Organizers only: hide an entry from the gallery with a reason, or show it again (forms on the organizer's entry page).</summary>
[Route("admin/entries/{id:int}/gallery")]
[Authorize(Policy = Roles.Organizer)]
public sealed class GalleryAdminController(GalleryVisibility visibility, IStringLocalizer<GalleryText> t) : Controller
{
    [HttpPost("hide")]
    public async Task<IActionResult> Hide(int id, string? reason, CancellationToken ct)
    {
        if (await visibility.HideAsync(id, reason, ct) is not { } outcome)
        {
            return NotFound();
        }

        TempData.Report(outcome, t["The entry is hidden from the gallery. Its judging is not affected."]);
        return Redirect($"/admin/entries/{id}");
    }

    [HttpPost("show")]
    public async Task<IActionResult> Show(int id, CancellationToken ct)
    {
        if (await visibility.ShowAsync(id, ct) is not { } outcome)
        {
            return NotFound();
        }

        TempData.Report(outcome, t["The entry is shown in the gallery again (when its authors agreed to publication)."]);
        return Redirect($"/admin/entries/{id}");
    }
}
