using System.Globalization;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Infrastructure.Localization;
using CompetitionSite.Web.Infrastructure.Pdf;
using Microsoft.Extensions.Localization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace CompetitionSite.Web.Features.Certificates;

/// <summary>A PDF with one page per image of a <see cref="CertificateArt"/> (logo, then each signature).</summary>
internal sealed class ArtSheet
{
    private ArtSheet(byte[]? pdf, int?[] pages)
    {
        Pdf = pdf;
        Pages = pages;
    }

    public byte[]? Pdf { get; }

    /// <summary>Page number in <see cref="Pdf"/> for slot 0 (logo), 1 and 2 (signatures); null when there is no image.</summary>
    public int?[] Pages { get; }

    public static ArtSheet Build(CertificateArt art)
    {
        byte[]?[] images = [art.Logo, .. art.Signers.Take(2).Select(s => s.Signature)];
        var pages = new int?[3];
        if (images.All(i => i is not { Length: > 0 }))
        {
            return new ArtSheet(null, pages);
        }

        using var document = new PdfDocument();
        for (var slot = 0; slot < images.Length; slot++)
        {
            if (images[slot] is not { Length: > 0 } bytes)
            {
                continue;
            }

            using var stream = new MemoryStream(bytes, writable: false);
            using var image = XImage.FromStream(stream);
            var page = document.AddPage();
            page.Width = XUnit.FromPoint(image.PixelWidth);
            page.Height = XUnit.FromPoint(image.PixelHeight);
            using (var gfx = XGraphics.FromPdfPage(page))
            {
                gfx.DrawImage(image, 0, 0, image.PixelWidth, image.PixelHeight);
            }

            pages[slot] = document.PageCount;
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return new ArtSheet(output.ToArray(), pages);
    }
}
