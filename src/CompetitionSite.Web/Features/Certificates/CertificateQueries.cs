using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Certificates;

/// <summary>Reads of the organizers' certificates page.</summary>
public sealed class CertificateQueries(AppDbContext db)
{
    public const int PageSize = 100;

    /// <summary>
    /// The page of a competition's certificates: its design (or the form as posted), and one page of the issued
    /// certificates by category, kind and recipient; null when there is no such competition.
    /// </summary>
    public async Task<CertificatesAdminPage?> PageAsync(int id, CertificateDesignForm? posted, int page, CancellationToken ct = default)
    {
        var c = await db.Competitions.AsNoTracking()
            .Where(x => x.Id == id)
            .Select(x => new { x.Title, x.TimeZoneId, x.Stage, x.PublishedAt })
            .SingleOrDefaultAsync(ct);
        if (c is null)
        {
            return null;
        }

        var design = await db.CertificateDesigns.AsNoTracking().SingleOrDefaultAsync(d => d.CompetitionId == id, ct);
        var issued = db.Certificates.AsNoTracking().Where(x => x.CompetitionId == id);
        var total = await issued.CountAsync(ct);
        var revoked = await issued.CountAsync(x => x.RevokedAt != null, ct);
        var rows = await (from x in issued
                          join cat in db.Categories on x.CategoryId equals cat.Id
                          orderby cat.SortOrder, cat.Name, x.Kind, x.RecipientName, x.Id
                          select new IssuedCertificateRow(x.Number, x.RecipientName, x.SchoolName, cat.Name, x.Kind, x.AwardName, x.IssuedAt, x.RevokedAt, x.RevokedReason))
            .ToPageAsync(page, PageSize, total, ct);

        string? Url(string? name) => name is null ? null : $"/admin/competitions/{id}/certificates/images/{name}";
        return new CertificatesAdminPage(
            id, c.Title, c.TimeZoneId, CertificateRules.ResultsArePublic(c.Stage, c.PublishedAt),
            posted ?? CertificateDesignForm.From(design),
            Url(design?.LogoFileName), Url(design?.SignatureFileName), Url(design?.Signature2FileName),
            rows, revoked);
    }
}
