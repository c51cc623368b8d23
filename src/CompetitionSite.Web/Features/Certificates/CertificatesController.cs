using System.Security.Claims;
using System.Text;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Certificates;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CompetitionSite.Web.Features.Certificates;

public enum VerificationState
{
    Unknown,
    Genuine,
    Revoked,
}

/// <summary>What the public verification page shows: no personal data beyond what the certificate itself says.</summary>
public sealed record VerificationPage(
    VerificationState State,
    string TypedNumber,
    CertificateRecord? Certificate,
    bool MayDownload,
    bool SignedIn);

/// <summary>
/// Public certificate verification (<c>/sertifikat/{number}</c>, what the QR code points to) and the PDF download
/// for the recipient, their guardian and organizers. Before results are published a certificate does not
/// exist for anyone else: the same "unknown number" answer as for a forged number.
/// </summary>
[Route("sertifikat")]
[AllowAnonymous]
public sealed class CertificatesController(CertificateDocuments documents) : Controller
{
    private const int MaxShownLength = 40;

    /// <summary>A small form to type a number; <c>?nomor=</c> goes to its page.</summary>
    [HttpGet("")]
    [Infrastructure.Web.RateLimited(Infrastructure.Web.RateLimitedAction.CertificateChecks)]
    public IActionResult Index(string? nomor)
    {
        if (!string.IsNullOrWhiteSpace(nomor))
        {
            var canonical = CertificateNumbers.Normalize(nomor);
            return canonical is null
                ? Unknown(nomor)
                : Redirect(CertificateLinks.Verify(canonical));
        }

        NoIndex();
        return View();
    }

    [HttpGet("{number}")]
    [Infrastructure.Web.RateLimited(Infrastructure.Web.RateLimitedAction.CertificateChecks)]
    public async Task<IActionResult> Verify(string number, CancellationToken cancellationToken)
    {
        var canonical = CertificateNumbers.Normalize(number);
        if (canonical is null)
        {
            return Unknown(number);
        }

        if (canonical != number)
        {
            return Redirect(CertificateLinks.Verify(canonical));
        }

        var record = await documents.FindAsync(canonical, cancellationToken);
        if (record is null || !record.ResultsArePublic)
        {
            return Unknown(number);
        }

        NoIndex();
        var state = record.RevokedAt is null ? VerificationState.Genuine : VerificationState.Revoked;
        return View(new VerificationPage(state, canonical, record, MayDownload(record), User.Identity?.IsAuthenticated == true));
    }

    [HttpGet("{number}/pdf")]
    public async Task<IActionResult> Pdf(string number, CancellationToken cancellationToken)
    {
        var canonical = CertificateNumbers.Normalize(number);
        var record = canonical is null ? null : await documents.FindAsync(canonical, cancellationToken);
        if (record is null || !MayDownload(record))
        {
            return NotFound();
        }

        // One certificate is rendered into memory (a few dozen kB), then streamed out; nothing is kept.
        var pdf = new MemoryStream();
        await documents.RenderAsync(record, pdf, cancellationToken);
        pdf.Position = 0;
        Response.Headers.CacheControl = "private, no-store";
        return File(pdf, "application/pdf", DownloadName(record));
    }

    /// <summary>"Sertifikat-CS-2026-7K3M-9QXD-Ayu-Lestari.pdf": the number, then the name in plain letters.</summary>
    public static string DownloadName(CertificateRecord record)
    {
        var name = new StringBuilder();
        foreach (var ch in record.RecipientName.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                name.Append(ch);
            }
            else if (char.IsWhiteSpace(ch) || ch is '-' or '.' or '\'')
            {
                if (name.Length > 0 && name[^1] != '-')
                {
                    name.Append('-');
                }
            }
        }

        var slug = name.ToString().Trim('-');
        if (slug.Length > 60)
        {
            slug = slug[..60].Trim('-');
        }

        var prefix = record.Culture == "en" ? "Certificate" : "Sertifikat";
        return slug.Length == 0 ? $"{prefix}-{record.Number}.pdf" : $"{prefix}-{record.Number}-{slug}.pdf";
    }

    private bool MayDownload(CertificateRecord record) => CertificateRules.MayDownload(
        User.FindFirstValue(ClaimTypes.NameIdentifier),
        User.IsInRole(Roles.Organizer),
        record.RecipientUserId,
        record.GuardianUserId,
        record.ResultsArePublic,
        record.RevokedAt is not null);

    private ViewResult Unknown(string typed)
    {
        NoIndex();
        var shown = typed.Trim();
        if (shown.Length > MaxShownLength)
        {
            shown = shown[..MaxShownLength] + "…";
        }

        var result = View("Verify", new VerificationPage(VerificationState.Unknown, shown, null, false, User.Identity?.IsAuthenticated == true));
        result.StatusCode = StatusCodes.Status404NotFound;
        return result;
    }

    /// <summary>Certificates name students, most of them minors: search engines are asked not to index these pages.</summary>
    private void NoIndex()
    {
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        Response.Headers.CacheControl = "no-cache";
    }
}
