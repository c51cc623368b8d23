using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Infrastructure.Storage;
using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Certificates;

/// <summary>A certificate with what is needed to show, check and render it.</summary>
public sealed record CertificateRecord(
    int Id,
    string Number,
    int CompetitionId,
    string CompetitionTitle,
    string CompetitionSlug,
    string OrganizingBody,
    string TimeZoneId,
    CompetitionStage Stage,
    DateTime? PublishedAt,
    string CategoryName,
    CertificateKind Kind,
    string RecipientName,
    string SchoolName,
    string? AwardName,
    DateTime IssuedAt,
    string Culture,
    DateTime? RevokedAt,
    string? RecipientUserId,
    string? GuardianUserId)
{
    public bool ResultsArePublic => CertificateRules.ResultsArePublic(Stage, PublishedAt);
}

/// <summary>A certificate a person can download, for their "My entries" page.</summary>
public sealed record OwnCertificate(int EntryId, int? ParticipantId, string Number, CertificateKind Kind, string? AwardName, string RecipientName, string CompetitionTitle, string CategoryName)
{
    public string PdfUrl => CertificateLinks.Pdf(Number);
}

public static class CertificateLinks
{
    /// <summary>The public verification page (what the QR code points to), site-relative.</summary>
    public static string Verify(string number) => "/sertifikat/" + Uri.EscapeDataString(number);

    /// <summary>The PDF download for the recipient, their guardian and organizers, site-relative.</summary>
    public static string Pdf(string number) => Verify(number) + "/pdf";
}

/// <summary>Finds certificates and renders them with the competition's design.</summary>
public sealed class CertificateDocuments(
    AppDbContext db,
    IFileStore store,
    CertificateRenderer renderer,
    LinkBuilder links,
    IStringLocalizer<CertificatesText> t,
    ILogger<CertificateDocuments> logger)
{
    /// <summary>The certificate with this canonical number, or null.</summary>
    public Task<CertificateRecord?> FindAsync(string number, CancellationToken cancellationToken = default) =>
        (from c in db.Certificates.AsNoTracking()
         join comp in db.Competitions on c.CompetitionId equals comp.Id
         join cat in db.Categories on c.CategoryId equals cat.Id
         from p in db.Participants.Where(p => p.Id == c.ParticipantId).DefaultIfEmpty()
         where c.Number == number
         select new CertificateRecord(
             c.Id, c.Number, comp.Id, comp.Title, comp.Slug, comp.OrganizingBody, comp.TimeZoneId, comp.Stage, comp.PublishedAt,
             cat.Name, c.Kind, c.RecipientName, c.SchoolName, c.AwardName, c.IssuedAt, c.Culture, c.RevokedAt,
             p == null ? null : p.UserId, p == null ? null : p.GuardianUserId))
        .SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// The valid certificates of published competitions that a person may download: their own, and those of the
    /// pupils they manage as guardian. For the "My entries" page.
    /// </summary>
    public async Task<IReadOnlyList<OwnCertificate>> ForAccountAsync(string userId, CancellationToken cancellationToken = default)
    {
        var rows = await (from c in db.Certificates.AsNoTracking()
                          join p in db.Participants on c.ParticipantId equals p.Id
                          join comp in db.Competitions on c.CompetitionId equals comp.Id
                          join cat in db.Categories on c.CategoryId equals cat.Id
                          where c.RevokedAt == null && (p.UserId == userId || p.GuardianUserId == userId)
                          orderby c.IssuedAt descending, c.Id
                          select new { c.EntryId, c.ParticipantId, c.Number, c.Kind, c.AwardName, c.RecipientName, comp.Title, cat.Name, comp.Stage, comp.PublishedAt })
            .ToListAsync(cancellationToken);
        return rows.Where(r => CertificateRules.ResultsArePublic(r.Stage, r.PublishedAt))
            .Select(r => new OwnCertificate(r.EntryId, r.ParticipantId, r.Number, r.Kind, r.AwardName, r.RecipientName, r.Title, r.Name))
            .ToList();
    }

    /// <summary>The competition's logo and signers, images read from the file store. A missing image is left out (and logged).</summary>
    public async Task<CertificateArt> LoadArtAsync(int competitionId, CancellationToken cancellationToken = default)
    {
        var design = await db.CertificateDesigns.AsNoTracking().SingleOrDefaultAsync(d => d.CompetitionId == competitionId, cancellationToken);
        if (design is null)
        {
            return CertificateArt.None;
        }

        var signers = new List<CertificateSigner>();
        if (!string.IsNullOrWhiteSpace(design.SignerName))
        {
            signers.Add(new CertificateSigner(design.SignerName, design.SignerTitle, await ReadAsync(design.SignatureFileName, cancellationToken)));
        }

        if (!string.IsNullOrWhiteSpace(design.Signer2Name))
        {
            signers.Add(new CertificateSigner(design.Signer2Name, design.Signer2Title ?? "", await ReadAsync(design.Signature2FileName, cancellationToken)));
        }

        return new CertificateArt(await ReadAsync(design.LogoFileName, cancellationToken), signers);
    }

    public CertificateContent ContentFor(CertificateRecord r) => new(
        r.Number, r.Kind, r.RecipientName, r.SchoolName, r.AwardName, r.CompetitionTitle, r.CategoryName, r.OrganizingBody,
        r.IssuedAt, r.TimeZoneId, r.Culture, links.Absolute(CertificateLinks.Verify(r.Number)), RevokedAtUtc: r.RevokedAt);

    /// <summary>Renders one certificate into <paramref name="output"/>.</summary>
    public async Task RenderAsync(CertificateRecord record, Stream output, CancellationToken cancellationToken = default)
    {
        var art = await LoadArtAsync(record.CompetitionId, cancellationToken);
        renderer.Render(ContentFor(record), art, output);
    }

    /// <summary>
    /// A sample certificate of the competition with placeholder recipient data, marked as a sample, for the
    /// organizer to check the design. Nothing is stored.
    /// </summary>
    public async Task<bool> RenderSampleAsync(int competitionId, CertificateKind kind, string culture, DateTime nowUtc, Stream output, CancellationToken cancellationToken = default)
    {
        var competition = await db.Competitions.AsNoTracking()
            .Where(c => c.Id == competitionId)
            .Select(c => new
            {
                c.Title,
                c.OrganizingBody,
                c.TimeZoneId,
                Category = c.Categories.OrderBy(x => x.SortOrder).ThenBy(x => x.Id).Select(x => new
                {
                    x.Name,
                    Award = x.AwardTiers.OrderBy(a => a.IsSpecial).ThenBy(a => a.Order).Select(a => a.Name).FirstOrDefault(),
                }).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (competition is null)
        {
            return false;
        }

        var art = await LoadArtAsync(competitionId, cancellationToken);
        string name, school, category, award;
        using (Infrastructure.Localization.CultureScope.Use(culture))
        {
            name = t["Participant's Full Name"];
            school = t["Name of the School"];
            category = competition.Category?.Name ?? t["Category name"];
            award = competition.Category?.Award ?? "Juara 1";
        }

        const string sampleNumber = "CS-0000-CONT-OH00";
        var content = new CertificateContent(
            sampleNumber, kind, name, school, kind == CertificateKind.Achievement ? award : null, competition.Title, category,
            competition.OrganizingBody, nowUtc, competition.TimeZoneId, culture, links.Absolute(CertificateLinks.Verify(sampleNumber)), IsSample: true);
        renderer.Render(content, art, output);
        return true;
    }

    private async Task<byte[]?> ReadAsync(string? name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        try
        {
            await using var stream = await store.OpenReadAsync(name, cancellationToken);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken);
            return copy.ToArray();
        }
        catch (FileStoreException e)
        {
            logger.LogWarning(e, "Certificate image {Name} could not be read; the certificate is drawn without it.", name);
            return null;
        }
    }
}
