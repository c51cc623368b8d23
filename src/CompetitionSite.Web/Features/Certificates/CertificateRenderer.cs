using System.Globalization;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Infrastructure.Localization;
using CompetitionSite.Web.Infrastructure.Pdf;
using Microsoft.Extensions.Localization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace CompetitionSite.Web.Features.Certificates;

/// <summary>
/// Draws a certificate as a one-page A4 landscape PDF with PDFsharp, in the certificate's own language: border,
/// logo, the recipient's name (shrunk to fit), the award or participation wording, competition, category,
/// organizer, date in the competition's time zone, signers, the number and a QR code of the public verification
/// URL (also printed as text, linked, and stored as the document's subject).
/// <para>Thread-safe and without state: one document is built per call and written to the given stream.</para>
/// </summary>
public sealed class CertificateRenderer(IStringLocalizer<CertificatesText> t)
{
    public const double PageWidth = 842; // A4 landscape, points
    public const double PageHeight = 595;

    private static readonly XColor Navy = XColor.FromArgb(0x1F, 0x3A, 0x5F);
    private static readonly XColor Gold = XColor.FromArgb(0xA8, 0x81, 0x3A);
    private static readonly XColor Ink = XColor.FromArgb(0x2B, 0x2B, 0x2B);
    private static readonly XColor Grey = XColor.FromArgb(0x6B, 0x6B, 0x6B);
    private static readonly XColor Paper = XColor.FromArgb(0xFD, 0xFB, 0xF6);

    static CertificateRenderer() => PdfFonts.Install();

    /// <summary>What the QR code encodes: the public verification page of the certificate.</summary>
    public static string QrPayload(CertificateContent content) => content.VerificationUrl;

    /// <summary>Writes the PDF to <paramref name="output"/> (which stays open).</summary>
    public void Render(CertificateContent content, CertificateArt art, Stream output)
    {
        using var culture = CultureScope.Use(content.Culture);
        using var document = new PdfDocument();
        document.Info.Title = t["Certificate {0}", content.Number];
        document.Info.Subject = QrPayload(content);
        document.Info.Keywords = content.Number;
        document.Info.Author = content.OrganizingBody;
        document.Info.Creator = "CompetitionSite";
        document.Info.CreationDate = content.IssuedAtUtc;
        document.Info.ModificationDate = content.IssuedAtUtc;
        document.Info.Elements.SetString("/VerificationUrl", QrPayload(content));

        var page = document.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);
        var sheet = art.Sheet;
        using var images = sheet.Pdf is null ? null : XPdfForm.FromStream(new MemoryStream(sheet.Pdf, writable: false));
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            Draw(gfx, page, content, art, new Art(images, sheet.Pages));
        }

        document.Save(output, closeStream: false);
    }

    /// <summary>The images of one document: pages of the art sheet, opened once per document.</summary>
    private sealed record Art(XPdfForm? Sheet, int?[] Pages)
    {
        public bool Has(int slot) => Sheet is not null && Pages[slot] is not null;
    }

    private void Draw(XGraphics gfx, PdfPage page, CertificateContent c, CertificateArt art, Art images)
    {
        var center = PageWidth / 2;
        DrawFrame(gfx);

        // Logo, centred at the top.
        var hasLogo = images.Has(0);
        if (hasLogo)
        {
            DrawImageInBox(gfx, images, 0, new XRect(center - 110, 46, 220, 58));
        }

        // The text block is laid out once to measure it, then drawn centred between the logo and the footer.
        var regionTop = hasLogo ? 112.0 : 56.0;
        const double regionBottom = 450;
        var height = Body(gfx, c, 0, draw: false);
        var available = regionBottom - regionTop;
        if (height <= available)
        {
            // Room to spare (a participation certificate has fewer lines): open the lines up a little, then centre.
            var k = Math.Min(1.2, (available - 12) / height);
            height = Body(gfx, c, 0, draw: false, k);
            Body(gfx, c, regionTop + Math.Max(0, (available - height) / 2), draw: true, k);
        }
        else
        {
            // Long name, award and title together: the whole block is scaled down to fit above the footer.
            var state = gfx.Save();
            var scale = available / height;
            gfx.ScaleAtTransform(scale, scale, new XPoint(center, regionTop));
            Body(gfx, c, regionTop, draw: true);
            gfx.Restore(state);
        }

        DrawFooter(gfx, page, c, art, images);

        if (c.IsSample)
        {
            DrawStamp(gfx, t["Sample"].Value.ToUpper(CultureInfo.CurrentCulture), XColor.FromArgb(60, 0x6B, 0x6B, 0x6B));
        }

        if (c.RevokedAtUtc is not null)
        {
            DrawStamp(gfx, t["Revoked"].Value.ToUpper(CultureInfo.CurrentCulture), XColor.FromArgb(110, 0xC0, 0x1E, 0x1E));
        }
    }

    /// <summary>Lays out (and, when <paramref name="draw"/>, draws) the text from <paramref name="top"/> down; returns its height.</summary>
    private double Body(XGraphics gfx, CertificateContent c, double top, bool draw, double k = 1)
    {
        var center = PageWidth / 2;
        var y = top + 28; // baseline of the 38 pt heading
        if (draw)
        {
            DrawSpaced(gfx, t["CERTIFICATE"], new XFont(PdfFonts.Serif, 38, XFontStyleEx.Bold), Navy, center, y, 6);
        }

        y += 23 * k;
        if (draw)
        {
            var kindLine = c.Kind == CertificateKind.Achievement ? t["OF ACHIEVEMENT"] : t["OF PARTICIPATION"];
            DrawSpaced(gfx, kindLine, new XFont(PdfFonts.Sans, 12, XFontStyleEx.Bold), Gold, center, y, 4);
        }

        y += 16 * k;
        if (draw)
        {
            DrawCentered(gfx, t["No. {0}", c.Number], new XFont(PdfFonts.Sans, 9), Grey, center, y);
            gfx.DrawLine(new XPen(Gold, 0.8), center - 40, y + 11, center + 40, y + 11);
        }

        y += 31 * k;
        if (draw)
        {
            DrawCentered(gfx, t["is awarded to"], new XFont(PdfFonts.Serif, 14, XFontStyleEx.Italic), Ink, center, y);
        }

        // The name: the largest thing on the page; a long one goes on two lines, then shrinks.
        y += 39 * k;
        var (nameFont, nameLines) = FitLines(gfx, c.RecipientName, PdfFonts.Serif, XFontStyleEx.Bold, 34, 22, 640, 2);
        var nameWidth = 0.0;
        for (var i = 0; i < nameLines.Count; i++)
        {
            if (i > 0)
            {
                y += nameFont.Size * 1.15;
            }

            if (draw)
            {
                DrawCentered(gfx, nameLines[i], nameFont, Navy, center, y);
                nameWidth = Math.Max(nameWidth, gfx.MeasureString(nameLines[i], nameFont).Width);
            }
        }

        if (draw)
        {
            nameWidth = Math.Min(640, Math.Max(300, nameWidth + 40));
            gfx.DrawLine(new XPen(Gold, 0.8), center - nameWidth / 2, y + 10, center + nameWidth / 2, y + 10);
        }

        if (!string.IsNullOrWhiteSpace(c.SchoolName))
        {
            y += 25 * k;
            if (draw)
            {
                DrawCentered(gfx, c.SchoolName, Fit(gfx, c.SchoolName, PdfFonts.Sans, XFontStyleEx.Regular, 13, 8, 600), Grey, center, y);
            }
        }

        var italic = new XFont(PdfFonts.Serif, 13, XFontStyleEx.Italic);
        if (c.Kind == CertificateKind.Achievement)
        {
            y += 28 * k;
            if (draw)
            {
                DrawCentered(gfx, t["as"], italic, Ink, center, y);
            }

            y += 27 * k;
            if (draw)
            {
                var award = (c.AwardName ?? "").ToUpper(CultureInfo.CurrentCulture);
                DrawSpaced(gfx, award, Fit(gfx, award, PdfFonts.Sans, XFontStyleEx.Bold, 22, 12, 560), Gold, center, y, 2);
            }

            y += 23 * k;
            if (draw)
            {
                DrawCentered(gfx, t["in"], italic, Ink, center, y);
            }
        }
        else
        {
            y += 30 * k;
            if (draw)
            {
                DrawCentered(gfx, t["for taking part in"], italic, Ink, center, y);
            }
        }

        // The competition, on up to two lines.
        y += 25 * k;
        var (titleFont, titleLines) = FitLines(gfx, c.CompetitionTitle, PdfFonts.Sans, XFontStyleEx.Bold, 18, 10, 640, 2);
        for (var i = 0; i < titleLines.Count; i++)
        {
            if (i > 0)
            {
                y += titleFont.Size * 1.25;
            }

            if (draw)
            {
                DrawCentered(gfx, titleLines[i], titleFont, Navy, center, y);
            }
        }

        y += 20 * k;
        if (draw)
        {
            var category = t["Category: {0}", c.CategoryName].Value;
            DrawCentered(gfx, category, Fit(gfx, category, PdfFonts.Sans, XFontStyleEx.Regular, 12, 8, 600), Ink, center, y);
        }

        if (!string.IsNullOrWhiteSpace(c.OrganizingBody))
        {
            y += 17 * k;
            if (draw)
            {
                var organizer = t["organized by {0}", c.OrganizingBody].Value;
                DrawCentered(gfx, organizer, Fit(gfx, organizer, PdfFonts.Sans, XFontStyleEx.Regular, 11, 7, 600), Grey, center, y);
            }
        }

        return y + 4 - top;
    }

    private void DrawFooter(XGraphics gfx, PdfPage page, CertificateContent c, CertificateArt art, Art images)
    {
        // QR code bottom left, with the address under it for those who cannot scan.
        const double qrSize = 72;
        const double qrX = 62;
        const double qrY = 458;
        var payload = QrPayload(c);
        DrawQr(gfx, payload, new XRect(qrX, qrY, qrSize, qrSize));
        DrawLeft(gfx, t["Scan to verify"], new XFont(PdfFonts.Sans, 7.5, XFontStyleEx.Bold), Navy, qrX, qrY + qrSize + 10);
        var urlFont = Fit(gfx, payload, PdfFonts.Sans, XFontStyleEx.Regular, 7, 5, 250);
        DrawLeft(gfx, payload, urlFont, Grey, qrX, qrY + qrSize + 19);
        var linkArea = new XRect(qrX, qrY, Math.Max(qrSize, gfx.MeasureString(payload, urlFont).Width), qrSize + 22);
        page.AddWebLink(new PdfRectangle(new XRect(linkArea.X, PageHeight - linkArea.Bottom, linkArea.Width, linkArea.Height)), payload);

        // Signers bottom right; the organizing committee when the organizer named nobody.
        var signers = art.Signers.Take(2).Select((s, i) => (Signer: s, Slot: i + 1)).Where(x => !string.IsNullOrWhiteSpace(x.Signer.Name)).ToList();
        if (signers.Count == 0)
        {
            signers.Add((new CertificateSigner(c.OrganizingBody, t["Organizing committee"], null), -1));
        }

        double[] centers = signers.Count == 1 ? [640] : [470, 665];
        var date = TimeDisplay.ToZone(c.IssuedAtUtc, c.TimeZoneId).ToString("d MMMM yyyy", CultureInfo.CurrentCulture);
        DrawCentered(gfx, date, new XFont(PdfFonts.Sans, 10), Ink, centers[^1], 463);
        const double lineY = 525;
        for (var i = 0; i < signers.Count; i++)
        {
            var (s, slot) = signers[i];
            var cx = centers[i];
            if (slot > 0 && images.Has(slot))
            {
                DrawImageInBox(gfx, images, slot, new XRect(cx - 75, 470, 150, 52));
            }

            gfx.DrawLine(new XPen(Ink, 0.6), cx - 85, lineY, cx + 85, lineY);
            DrawCentered(gfx, s.Name, Fit(gfx, s.Name, PdfFonts.Sans, XFontStyleEx.Bold, 10.5, 6, 180), Ink, cx, lineY + 14);
            if (!string.IsNullOrWhiteSpace(s.Title))
            {
                DrawCentered(gfx, s.Title, Fit(gfx, s.Title, PdfFonts.Sans, XFontStyleEx.Regular, 9, 5.5, 180), Grey, cx, lineY + 26);
            }
        }
    }

    private static void DrawFrame(XGraphics gfx)
    {
        gfx.DrawRectangle(new XSolidBrush(Paper), 0, 0, PageWidth, PageHeight);
        gfx.DrawRectangle(new XPen(Navy, 5), 20, 20, PageWidth - 40, PageHeight - 40);
        gfx.DrawRectangle(new XPen(Gold, 1.2), 30, 30, PageWidth - 60, PageHeight - 60);
        gfx.DrawRectangle(new XPen(Gold, 0.5), 34, 34, PageWidth - 68, PageHeight - 68);

        // Small diamonds where the inner lines meet the corners.
        var brush = new XSolidBrush(Gold);
        foreach (var (x, y) in new[] { (32.0, 32.0), (PageWidth - 32, 32.0), (32.0, PageHeight - 32), (PageWidth - 32, PageHeight - 32) })
        {
            gfx.DrawPolygon(brush, [new XPoint(x, y - 7), new XPoint(x + 7, y), new XPoint(x, y + 7), new XPoint(x - 7, y)], XFillMode.Winding);
        }
    }

    private static void DrawStamp(XGraphics gfx, string text, XColor color)
    {
        var state = gfx.Save();
        gfx.RotateAtTransform(-20, new XPoint(PageWidth / 2, PageHeight / 2));
        var font = new XFont(PdfFonts.Sans, 110, XFontStyleEx.Bold);
        gfx.DrawString(text, font, new XSolidBrush(color), new XRect(0, 0, PageWidth, PageHeight), XStringFormats.Center);
        gfx.Restore(state);
    }

    /// <summary>The QR code as vector squares (sharp at any zoom and in print), one rectangle per run of dark modules.</summary>
    private static void DrawQr(XGraphics gfx, string payload, XRect box)
    {
        using var data = QRCodeGenerator.GenerateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix; // includes the 4-module quiet zone
        var n = matrix.Count;
        var module = box.Width / n;
        var brush = new XSolidBrush(XColors.Black);
        gfx.DrawRectangle(XBrushes.White, box);
        for (var row = 0; row < n; row++)
        {
            var bits = matrix[row];
            var col = 0;
            while (col < n)
            {
                if (!bits[col])
                {
                    col++;
                    continue;
                }

                var start = col;
                while (col < n && bits[col])
                {
                    col++;
                }

                // A hair of overlap so no seams show between neighbouring runs.
                gfx.DrawRectangle(brush, box.X + start * module, box.Y + row * module, (col - start) * module + 0.05, module + 0.05);
            }
        }
    }

    /// <summary>Places a page of the art sheet, scaled to fit the box and centred in it.</summary>
    private static void DrawImageInBox(XGraphics gfx, Art images, int slot, XRect box)
    {
        var form = images.Sheet!;
        form.PageNumber = images.Pages[slot]!.Value;
        var scale = Math.Min(box.Width / form.PointWidth, box.Height / form.PointHeight);
        var w = form.PointWidth * scale;
        var h = form.PointHeight * scale;
        gfx.DrawImage(form, box.X + (box.Width - w) / 2, box.Y + (box.Height - h) / 2, w, h);
    }

    private static void DrawCentered(XGraphics gfx, string text, XFont font, XColor color, double centerX, double baseline) =>
        gfx.DrawString(text, font, new XSolidBrush(color), new XPoint(centerX, baseline), XStringFormats.BaseLineCenter);

    private static void DrawLeft(XGraphics gfx, string text, XFont font, XColor color, double x, double baseline) =>
        gfx.DrawString(text, font, new XSolidBrush(color), new XPoint(x, baseline), XStringFormats.BaseLineLeft);

    /// <summary>Letter-spaced capitals, centred: each character is placed by hand.</summary>
    private static void DrawSpaced(XGraphics gfx, string text, XFont font, XColor color, double centerX, double baseline, double spacing)
    {
        var widths = text.Select(ch => gfx.MeasureString(ch.ToString(), font).Width).ToArray();
        var total = widths.Sum() + spacing * Math.Max(0, text.Length - 1);
        var x = centerX - total / 2;
        var brush = new XSolidBrush(color);
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                gfx.DrawString(text[i].ToString(), font, brush, new XPoint(x, baseline), XStringFormats.BaseLineLeft);
            }

            x += widths[i] + spacing;
        }
    }

    /// <summary>The largest font from <paramref name="max"/> down to <paramref name="min"/> in which the text fits the width; below that, whatever fits.</summary>
    internal static XFont Fit(XGraphics gfx, string text, string family, XFontStyleEx style, double max, double min, double width)
    {
        var size = max;
        var font = new XFont(family, size, style);
        while (gfx.MeasureString(text, font).Width > width && size > min)
        {
            size = Math.Max(min, size - 1);
            font = new XFont(family, size, style);
        }

        var measured = gfx.MeasureString(text, font).Width;
        return measured > width ? new XFont(family, Math.Max(1, size * width / measured), style) : font;
    }

    /// <summary>Word-wraps into at most <paramref name="maxLines"/> lines, shrinking the font until they fit.</summary>
    internal static (XFont Font, IReadOnlyList<string> Lines) FitLines(
        XGraphics gfx, string text, string family, XFontStyleEx style, double max, double min, double width, int maxLines)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var size = max; size >= min; size -= 1)
        {
            var font = new XFont(family, size, style);
            var lines = Wrap(gfx, words, font, width);
            if (lines.Count <= maxLines && lines.All(l => gfx.MeasureString(l, font).Width <= width))
            {
                return (font, lines);
            }
        }

        var single = string.Join(' ', words);
        return (Fit(gfx, single, family, style, min, min, width), [single]);
    }

    private static List<string> Wrap(XGraphics gfx, string[] words, XFont font, double width)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in words)
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && gfx.MeasureString(candidate, font).Width > width)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = candidate;
            }
        }

        if (current.Length > 0)
        {
            lines.Add(current);
        }

        return lines;
    }
}
