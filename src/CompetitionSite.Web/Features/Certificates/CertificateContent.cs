using System.Globalization;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Infrastructure.Localization;
using CompetitionSite.Web.Infrastructure.Pdf;
using Microsoft.Extensions.Localization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace CompetitionSite.Web.Features.Certificates;

/// <summary>Everything one certificate says, resolved (no database, no file store).</summary>
public sealed record CertificateContent(
    string Number,
    CertificateKind Kind,
    string RecipientName,
    string SchoolName,
    string? AwardName,
    string CompetitionTitle,
    string CategoryName,
    string OrganizingBody,
    DateTime IssuedAtUtc,
    string TimeZoneId,
    string Culture,
    string VerificationUrl,
    bool IsSample = false,
    DateTime? RevokedAtUtc = null);

/// <summary>A signer under the text: name, title and, if uploaded, the signature image (PNG or JPEG bytes).</summary>
public sealed record CertificateSigner(string Name, string Title, byte[]? Signature);

/// <summary>
/// The organizer's part of the design: logo (PNG or JPEG bytes) and up to two signers. Load it once and reuse it
/// for many certificates: its images are decoded and compressed once, on first use (see <see cref="Sheet"/>).
/// </summary>
public sealed record CertificateArt(byte[]? Logo, IReadOnlyList<CertificateSigner> Signers)
{
    public static readonly CertificateArt None = new(null, []);

    private ArtSheet? _sheet;

    /// <summary>
    /// The images as a small PDF, one page per image. Decoding a PNG and compressing it again for the PDF is by far
    /// the slowest part of a certificate; placing a page of this sheet copies the compressed image instead.
    /// </summary>
    internal ArtSheet Sheet => LazyInitializer.EnsureInitialized(ref _sheet, () => ArtSheet.Build(this));
}
