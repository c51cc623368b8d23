using CompetitionSite.Web.Infrastructure.Imaging;
using CompetitionSite.Web.Infrastructure.Storage;
using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace CompetitionSite.Web.Features.Gallery;

/// <summary>
/// The public gallery: the list (categories, search by title, pages), a page per entry, and what the public may get of
/// an entry's files — a small WebP preview made by the site from an image (never the original), and PDFs and videos of
/// the safe types. Anything else (an HTML or SVG file, an archive) is never served here. 404 whenever the gallery is off
/// for the phase, or the entry is not shown.
/// </summary>
[Route("lomba/{slug}/galeri")]
[AllowAnonymous]
public sealed class GalleryController(GalleryQuery gallery, FilePreviews previews, IFileStore store, LinkBuilder links) : Controller
{
    [HttpGet("")]
    [OutputCache(PolicyName = PublicPageCache.GalleryPolicy)]
    public async Task<IActionResult> Index(string slug, int? category, string? q, CancellationToken ct, int page = 1)
    {
        var model = await gallery.PageAsync(slug, category, q, page, ct);
        if (model is null)
        {
            return NotFound();
        }

        var image = model.BannerFileName is { } banner
            ? Competitions.CompetitionForm.BannerUrl(model.Slug, banner)
            : model.Entries.Items.Select(e => e.PreviewUrl).FirstOrDefault(u => u is not null);
        if (image is not null)
        {
            ViewData["OgImage"] = links.Absolute(image);
        }

        return View(model);
    }

    [HttpGet("{code}")]
    [OutputCache(PolicyName = PublicPageCache.GalleryPolicy)]
    public async Task<IActionResult> Show(string slug, string code, CancellationToken ct)
    {
        var model = await gallery.EntryAsync(slug, code, ct);
        if (model is null)
        {
            return NotFound();
        }

        if (model.Files.Select(f => f.PreviewUrl).FirstOrDefault(u => u is not null) is { } image)
        {
            ViewData["OgImage"] = links.Absolute(image);
        }

        return View(model);
    }

    /// <summary>The site's WebP preview of an image file (small for the list, larger with <c>besar=1</c>); never the original.</summary>
    [HttpGet("{code}/pratinjau/{fileId:int}")]
    public async Task<IActionResult> Preview(string slug, string code, int fileId, int? besar, CancellationToken ct)
    {
        if (await gallery.FileAsync(slug, code, fileId, ct) is not { Kind: PreviewKind.Image } file)
        {
            return NotFound();
        }

        try
        {
            if (await previews.OpenAsync(file.StoredName, besar == 1 ? FilePreviews.Large : FilePreviews.Small, ct) is not { } preview)
            {
                return NotFound();
            }

            // Short: hiding an entry or a withdrawn consent takes the picture off within minutes.
            Response.Headers.CacheControl = "public, max-age=300";
            Response.Headers["X-Content-Type-Options"] = "nosniff";
            return File(preview, "image/webp");
        }
        catch (FileNotFoundInStoreException)
        {
            return NotFound();
        }
    }

    /// <summary>A PDF or a video of the safe types, through a short-lived link served with that type; no other file.</summary>
    [HttpGet("{code}/berkas/{fileId:int}")]
    public async Task<IActionResult> Open(string slug, string code, int fileId, CancellationToken ct)
    {
        if (await gallery.FileAsync(slug, code, fileId, ct) is not { Kind: PreviewKind.Pdf or PreviewKind.Video } file)
        {
            return NotFound();
        }

        var url = await store.GetReadUrlAsync(file.StoredName, new ReadUrlRequest(TimeSpan.FromMinutes(10), null, file.ContentType, Inline: true), ct);
        Response.Headers.CacheControl = "no-store";
        return Redirect(url.ToString());
    }
}
