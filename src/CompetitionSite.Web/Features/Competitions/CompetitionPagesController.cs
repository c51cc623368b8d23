using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Infrastructure.Storage;
using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace CompetitionSite.Web.Features.Competitions;

public sealed record CompetitionPageModel(
    CompetitionPageData Competition, Phase Phase, DateTime NowUtc, bool IsPreview, bool SignedIn, IReadOnlyList<PublicAnnouncement> Announcements,
    IReadOnlyList<FaqItem> Faq);

/// <summary>The public page of a competition. Drafts are not found, except by organizers (as a preview).</summary>
[Route("lomba")]
[AllowAnonymous]
public sealed class CompetitionPagesController(
    CompetitionListings listings, AnnouncementQueries announcements, QuestionQueries questions, BannerImages banners, LinkBuilder links, TimeProvider clock) : Controller
{
    [HttpGet("{slug}")]
    [OutputCache(PolicyName = PublicPageCache.Policy)]
    public async Task<IActionResult> Show(string slug)
    {
        var c = await listings.PageAsync(slug);
        var organizer = User.IsInRole(Roles.Organizer);
        if (c is null || (!c.IsPublic && !organizer))
        {
            return NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        ViewData["Title"] = c.Title;
        ViewData["Description"] = c.Summary;
        if (c.BannerFileName is { } banner)
        {
            ViewData["OgImage"] = links.Absolute(CompetitionForm.BannerUrl(c.Slug, banner));
        }

        return View(new CompetitionPageModel(c, c.PhaseAt(now), now, !c.IsPublic, User.Identity?.IsAuthenticated == true,
            await announcements.PublicAsync(c.Id, HttpContext.RequestAborted), await questions.FaqAsync(c.Id, HttpContext.RequestAborted)));
    }

    [HttpGet("{slug}/banner/{fileName}")]
    public async Task<IActionResult> Banner(string slug, string fileName)
    {
        var info = await listings.BannerAsync(slug, fileName);
        if (info is null || !banners.CanStore || (!CompetitionPhases.IsPublic(info.Stage, info.OpenedAt) && !User.IsInRole(Roles.Organizer)))
        {
            return NotFound();
        }

        try
        {
            var stream = await banners.OpenReadAsync(fileName, HttpContext.RequestAborted);
            // The name changes whenever the banner does, so browsers may keep it.
            Response.Headers.CacheControl = CompetitionPhases.IsPublic(info.Stage, info.OpenedAt) ? "public, max-age=31536000, immutable" : "private, no-store";
            return File(stream, info.ContentType);
        }
        catch (FileNotFoundInStoreException)
        {
            return NotFound();
        }
    }
}
