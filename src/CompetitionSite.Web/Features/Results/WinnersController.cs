using CompetitionSite.Web.Infrastructure.Storage;
using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace CompetitionSite.Web.Features.Results;

/// <summary>The public winners page (404 until results are published) and the winning entries' previews.</summary>
[Route("lomba/{slug}/pemenang")]
[AllowAnonymous]
public sealed class WinnersController(WinnersQuery winners, IFileStore store, LinkBuilder links) : Controller
{
    [HttpGet("")]
    [OutputCache(PolicyName = PublicPageCache.Policy)]
    public async Task<IActionResult> Index(string slug, CancellationToken ct)
    {
        var page = await winners.PageAsync(slug, ct);
        if (page is null)
        {
            return NotFound();
        }

        // A link preview (WhatsApp, Facebook) shows the competition's banner, else the first winning picture shown here.
        var image = page.BannerFileName is { } banner
            ? Competitions.CompetitionForm.BannerUrl(page.Slug, banner)
            : page.Categories.SelectMany(c => c.Winners).Select(w => w.PreviewUrl).FirstOrDefault(u => u is not null);
        if (image is not null)
        {
            ViewData["OgImage"] = links.Absolute(image);
        }

        return View(page);
    }

    /// <summary>The current image of a winning entry whose members allowed a public preview — nothing else.</summary>
    [HttpGet("karya/{entryId:int}")]
    public async Task<IActionResult> Preview(string slug, int entryId, CancellationToken ct)
    {
        var file = await winners.PreviewAsync(slug, entryId, ct);
        if (file is not { } f)
        {
            return NotFound();
        }

        try
        {
            var stream = await store.OpenReadAsync(f.StoredName, ct);
            // Short: a correction or a withdrawn consent takes the picture off within minutes.
            Response.Headers.CacheControl = "public, max-age=300";
            Response.Headers["X-Content-Type-Options"] = "nosniff";
            return File(stream, f.ContentType);
        }
        catch (FileNotFoundInStoreException)
        {
            return NotFound();
        }
    }
}
