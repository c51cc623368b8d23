using System.Diagnostics;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Features.Certificates;
using CompetitionSite.Web.Infrastructure.Pdf;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CompetitionSite.Bench.Scenarios;

/// <summary>
/// 10,000 certificates rendered with the site's renderer, against the least a PDF costs with the same library
/// (one A4 page, one line of text, same fonts), alternating rounds of 1,000. Managed memory is read after every
/// round: it must stay flat (nothing is held from one certificate to the next).
/// </summary>
public static class Certificates
{
    public static ScenarioResult Run(int total)
    {
        PdfFonts.Install();
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        var renderer = new CertificateRenderer(new StringLocalizer<CertificatesText>(factory));
        var art = CertificateArt.None;

        CertificateContent Content(int i) => new(
            $"CS-2026-{i:D7}-X",
            i % 7 == 0 ? CertificateKind.Achievement : CertificateKind.Participation,
            i % 11 == 0 ? "Raden Ajeng Kartika Dewi Puspitasari Wulandari Ningrum" : "Ayu Lestari",
            "SMP Negeri 1 Serang",
            i % 7 == 0 ? "Juara 1" : null,
            "Lomba Poster Hari Guru Nasional 2026",
            "Poster SMP",
            "Relawan TIK Banten",
            new DateTime(2026, 11, 25, 3, 0, 0, DateTimeKind.Utc),
            "Asia/Jakarta",
            "id",
            $"https://lomba.example.org/sertifikat/CS-2026-{i:D7}-X");

        // Warm up both paths (fonts, JIT).
        for (var i = 0; i < 50; i++)
        {
            renderer.Render(Content(i), art, Stream.Null);
            MinimalPdf(Stream.Null);
        }

        var rounds = Math.Max(1, total / 1000);
        var perRound = total / rounds;
        var certificateTimes = new List<double>(total);
        var baselineTimes = new List<double>(total);
        var memory = new List<long>();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < perRound; i++)
            {
                var start = Stopwatch.GetTimestamp();
                MinimalPdf(Stream.Null);
                baselineTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            for (var i = 0; i < perRound; i++)
            {
                var start = Stopwatch.GetTimestamp();
                renderer.Render(Content(round * perRound + i), art, Stream.Null);
                certificateTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            memory.Add(GC.GetTotalMemory(forceFullCollection: true));
        }

        var certificateMean = certificateTimes.Average();
        var baselineMean = baselineTimes.Average();
        var sorted = certificateTimes.Order().ToArray();
        var growth = memory[^1] - memory[0];
        return new ScenarioResult(
            $"Certificates: {certificateTimes.Count:N0} PDFs",
            "one-line A4 PDF, same library and fonts",
            $"{baselineMean:0.00} ms each",
            $"{certificateMean:0.00} ms each",
            baselineMean / certificateMean,
            "< 20 ms each, flat memory",
            certificateMean < 20 && growth < 16 * 1024 * 1024,
            Report.Ms(LoadClient.Percentile(sorted, 0.50)),
            Report.Ms(LoadClient.Percentile(sorted, 0.99)),
            Report.Mb(Environment.WorkingSet),
            $"in the harness process; managed heap after round 1 {Report.Mb(memory[0])}, after round {rounds} {Report.Mb(memory[^1])}");
    }

    private static void MinimalPdf(Stream output)
    {
        using var document = new PdfDocument();
        var page = document.AddPage();
        page.Width = XUnit.FromPoint(CertificateRenderer.PageWidth);
        page.Height = XUnit.FromPoint(CertificateRenderer.PageHeight);
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            graphics.DrawString("Sertifikat", new XFont(PdfFonts.Sans, 24), XBrushes.Black, new XPoint(100, 100));
        }

        document.Save(output, closeStream: false);
    }
}
