using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Localization;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Certificates;

public sealed record IssuedCertificateRow(
    string Number, string RecipientName, string SchoolName, string CategoryName, CertificateKind Kind, string? AwardName,
    DateTime IssuedAt, DateTime? RevokedAt, string? RevokedReason);

public sealed record CertificatesAdminPage(
    int CompetitionId,
    string Title,
    string TimeZoneId,
    bool ResultsArePublic,
    CertificateDesignForm Form,
    string? LogoUrl,
    string? SignatureUrl,
    string? Signature2Url,
    PageOf<IssuedCertificateRow> Certificates,
    int Revoked);

/// <summary>
/// Organizers set up how a competition's certificates look (logo, signers), preview a sample, list the issued
/// certificates and revoke one with a reason. Certificates themselves are issued when results are published.
/// </summary>
[Route("admin/competitions/{id:int}/certificates")]
[Authorize(Policy = Roles.Organizer)]
public sealed class CertificatesAdminController(
    AppDbContext db,
    CertificateQueries queries,
    CertificateDesignEditor editor,
    CertificateDocuments documents,
    IFileStore store,
    TimeProvider clock,
    IStringLocalizer<CertificatesText> t) : Controller
{
    /// <summary>Three images of at most 1 MB each and a few text fields.</summary>
    private const int MaxRequestBytes = 4 * 1024 * 1024;

    [HttpGet("")]
    public async Task<IActionResult> Index(int id, int page = 1)
    {
        var model = await queries.PageAsync(id, null, page);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("design")]
    [RequestSizeLimit(MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
    public async Task<IActionResult> Design(int id, CertificateDesignForm form)
    {
        if (!await db.Competitions.AnyAsync(c => c.Id == id))
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            var result = await editor.SaveAsync(id, form, HttpContext.RequestAborted);
            if (result.Succeeded)
            {
                TempData["Message"] = t["The certificate design was saved. Check it with a sample."].Value;
                return RedirectToAction(nameof(Index), new { id });
            }

            ModelState.AddErrors(result);
        }

        var model = await queries.PageAsync(id, form, 1);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(nameof(Index), model);
    }

    /// <summary>A sample certificate with placeholder data and the saved design, shown in the browser; nothing is stored.</summary>
    [HttpGet("sample")]
    public async Task<IActionResult> Sample(int id, string kind = "achievement", string? culture = null)
    {
        var certificateKind = string.Equals(kind, "participation", StringComparison.OrdinalIgnoreCase)
            ? CertificateKind.Participation
            : CertificateKind.Achievement;
        var pdf = new MemoryStream();
        var found = await documents.RenderSampleAsync(
            id, certificateKind, LocalizationSetup.Normalize(culture), clock.GetUtcNow().UtcDateTime, pdf, HttpContext.RequestAborted);
        if (!found)
        {
            return NotFound();
        }

        pdf.Position = 0;
        Response.Headers.CacheControl = "private, no-store";
        Response.Headers.ContentDisposition = $"inline; filename=\"sample-{certificateKind.ToString().ToLowerInvariant()}.pdf\"";
        return File(pdf, "application/pdf");
    }

    /// <summary>The current logo or signature images, for the form.</summary>
    [HttpGet("images/{fileName}")]
    public async Task<IActionResult> Image(int id, string fileName)
    {
        var design = await db.CertificateDesigns.AsNoTracking().SingleOrDefaultAsync(d => d.CompetitionId == id);
        var type = design switch
        {
            null => null,
            _ when design.LogoFileName == fileName => design.LogoContentType,
            _ when design.SignatureFileName == fileName => design.SignatureContentType,
            _ when design.Signature2FileName == fileName => design.Signature2ContentType,
            _ => null,
        };
        if (type is null)
        {
            return NotFound();
        }

        try
        {
            var stream = await store.OpenReadAsync(fileName, HttpContext.RequestAborted);
            Response.Headers.CacheControl = "private, max-age=3600";
            return File(stream, type);
        }
        catch (FileNotFoundInStoreException)
        {
            return NotFound();
        }
    }

    [HttpPost("{number}/revoke")]
    public async Task<IActionResult> Revoke(int id, string number, string? reason, [FromServices] RevokeCertificate revoke, int page = 1)
    {
        switch (await revoke.RunAsync(id, number, reason, HttpContext.RequestAborted))
        {
            case RevokeCertificateResult.NotFound:
                return NotFound();
            case RevokeCertificateResult.ReasonMissing:
                TempData["Error"] = t["Give a reason to revoke the certificate {0}. Nothing was changed.", number].Value;
                break;
            case RevokeCertificateResult.ReasonTooLong:
                TempData["Error"] = t["The reason can be at most 500 characters. Nothing was changed."].Value;
                break;
            case RevokeCertificateResult.AlreadyRevoked:
                TempData["Message"] = t["The certificate {0} was already revoked.", number].Value;
                break;
            default:
                TempData["Message"] = t["The certificate {0} was revoked. Its verification page now says so.", number].Value;
                break;
        }

        return Redirect($"/admin/competitions/{id}/certificates?page={page}#issued");
    }
}
