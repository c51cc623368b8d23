using System.Text.RegularExpressions;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Infrastructure.Storage;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Features.Certificates;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace CompetitionSite.Tests.Certificates;

/// <summary>The PDF a recipient downloads: what it says, and where its QR code points.</summary>
public sealed partial class CertificatePdfTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    [Fact]
    public async Task An_achievement_certificate_names_the_winner_the_competition_the_award_and_its_number()
    {
        var world = await CertificateWorld.CreateAsync(site);

        var pdf = await RenderAsync(world.AchievementNumber);

        var text = PdfText(pdf);
        Assert.Contains("Ayu Lestari", text);
        Assert.Contains(world.Competition.Title, text);
        Assert.Contains("Kategori Poster SD", text);
        Assert.Contains("JUARA 1", text);
        Assert.Contains(world.AchievementNumber, text);
        Assert.Contains("SD Negeri 1 Serang", text);
        Assert.Contains("diberikan kepada", text);
        Assert.Contains("yang diselenggarakan oleh Relawan TIK Banten", text);
    }

    [Fact]
    public async Task The_QR_code_points_to_the_public_verification_page_which_is_also_printed_under_it()
    {
        var world = await CertificateWorld.CreateAsync(site);
        var expected = $"http://localhost/sertifikat/{world.AchievementNumber}";

        var record = await FindAsync(world.AchievementNumber);
        var content = WithDocuments(d => d.ContentFor(record));
        var pdf = await RenderAsync(world.AchievementNumber);

        Assert.Equal(expected, CertificateRenderer.QrPayload(content));
        using var document = PdfDocument.Open(pdf);
        Assert.Equal(expected, document.Information.Subject);
        Assert.Contains(expected, PdfText(pdf));
    }

    [Fact]
    public async Task A_participation_certificate_thanks_for_taking_part_and_names_no_award()
    {
        var world = await CertificateWorld.CreateAsync(site);

        var text = PdfText(await RenderAsync(world.PupilParticipationNumber));

        Assert.Contains("Raka Pratama", text);
        Assert.Contains("atas partisipasinya sebagai peserta dalam", text);
        Assert.DoesNotContain("JUARA", text);
        Assert.Contains(world.PupilParticipationNumber, text);
    }

    [Fact]
    public async Task The_date_is_the_issue_date_in_the_competitions_time_zone_with_Indonesian_month_names()
    {
        var world = await CertificateWorld.CreateAsync(site);
        var record = await FindAsync(world.AchievementNumber);
        var wib = record.IssuedAt.AddHours(7);
        string[] months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

        var text = PdfText(await RenderAsync(world.AchievementNumber));

        Assert.Contains($"{wib.Day} {months[wib.Month - 1]} {wib.Year}", text);
    }

    [Fact]
    public async Task A_certificate_for_an_English_speaking_recipient_is_written_in_English()
    {
        var world = await CertificateWorld.CreateAsync(site, issue: false);
        await CertificateWorld.IssueAsync(site, world.Competition.Id,
        [
            new CertificateRequest(world.StudentEntryId, world.Student.Id, world.Category.Id, "Ayu Lestari", "SD Negeri 1 Serang", CertificateKind.Achievement, "Juara 2", "en"),
        ]);
        var number = await site.WithDbAsync(db => Task.FromResult(db.Certificates.Single(c => c.EntryId == world.StudentEntryId).Number));

        var text = PdfText(await RenderAsync(number));

        Assert.Contains("CERTIFICATE", Regex.Replace(text, @"\s", ""));
        Assert.Contains("is awarded to", text);
        Assert.Contains("JUARA 2", text);
        Assert.DoesNotContain("diberikan kepada", text);
    }

    [Fact]
    public async Task The_organizers_logo_and_both_signatures_are_printed_with_the_signers_names()
    {
        var world = await CertificateWorld.CreateAsync(site);
        await DesignAsync(world.Competition.Id, withSecondSigner: true);

        var achievement = await RenderAsync(world.AchievementNumber);
        var participation = await RenderAsync(world.PupilParticipationNumber);

        foreach (var pdf in new[] { achievement, participation })
        {
            using var document = PdfDocument.Open(pdf);
            Assert.Equal(3, document.GetPage(1).GetImages().Count());
            var text = PdfText(pdf);
            Assert.Contains("Dra. Sri Wahyuni, M.Pd.", text);
            Assert.Contains("Ketua Panitia", text);
            Assert.Contains("Budi Santoso, S.Kom.", text);
            Assert.Contains("Koordinator Relawan TIK Banten", text);
        }
    }

    [Fact]
    public void A_very_long_name_and_title_are_wrapped_and_shrunk_to_fit_the_page()
    {
        var renderer = site.Services.GetRequiredService<CertificateRenderer>();
        var name = "Raden Roro Ayu Kusumawardhani Lestari Putri Anggraeni Puspitasari Wulandari Ningsih";
        var title = "Lomba Karya Tulis Ilmiah Remaja Tingkat Nasional dalam rangka Peringatan Hari Guru Nasional dan Hari Ulang Tahun Persatuan Guru Republik Indonesia ke-81 Tahun 2026";
        var content = new CertificateContent("CS-2026-7K3M-9QX0", CertificateKind.Achievement, name, "SMP Negeri 1 Serang", "Juara Harapan 1",
            title, "Poster SMP", "Relawan TIK Banten", DateTime.UtcNow, "Asia/Jakarta", "id", "http://localhost/sertifikat/CS-2026-7K3M-9QX0");

        using var output = new MemoryStream();
        renderer.Render(content, new CertificateArt(TestImages.Logo(), []), output);
        Keep(output.ToArray(), "long-name.pdf");

        using var document = PdfDocument.Open(output.ToArray());
        var page = document.GetPage(1);
        var letters = page.Letters;
        Assert.Contains(name, PdfText(output.ToArray()));
        Assert.Contains(title, PdfText(output.ToArray()));
        // The text block stays above the footer (QR code, date, signers), which starts 140 pt above the bottom edge.
        var organizerLine = page.GetWords().Single(w => w.Text == "diselenggarakan");
        Assert.True(organizerLine.BoundingBox.Bottom > 140, $"The text reaches into the footer: {organizerLine.BoundingBox.Bottom}");
        Assert.All(letters, l =>
        {
            Assert.InRange(l.BoundingBox.Left, 36, page.Width - 36);
            Assert.InRange(l.BoundingBox.Right, 36, page.Width - 36);
        });
    }

    private async Task DesignAsync(int competitionId, bool withSecondSigner)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IFileStore>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var logo = FileNames.New("png");
        var signature = FileNames.New("png");
        var signature2 = FileNames.New("png");
        await store.SaveAsync(logo, new MemoryStream(TestImages.Logo()), "image/png");
        await store.SaveAsync(signature, new MemoryStream(TestImages.Signature()), "image/png");
        await store.SaveAsync(signature2, new MemoryStream(TestImages.Signature(360, 150)), "image/png");
        db.CertificateDesigns.Add(new CertificateDesign
        {
            CompetitionId = competitionId,
            LogoFileName = logo,
            LogoContentType = "image/png",
            SignerName = "Dra. Sri Wahyuni, M.Pd.",
            SignerTitle = "Ketua Panitia",
            SignatureFileName = signature,
            SignatureContentType = "image/png",
            Signer2Name = withSecondSigner ? "Budi Santoso, S.Kom." : null,
            Signer2Title = withSecondSigner ? "Koordinator Relawan TIK Banten" : null,
            Signature2FileName = withSecondSigner ? signature2 : null,
            Signature2ContentType = withSecondSigner ? "image/png" : null,
            UpdatedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    private async Task<CertificateRecord> FindAsync(string number)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<CertificateDocuments>().FindAsync(number))!;
    }

    private T WithDocuments<T>(Func<CertificateDocuments, T> use)
    {
        using var scope = site.Services.CreateScope();
        return use(scope.ServiceProvider.GetRequiredService<CertificateDocuments>());
    }

    private async Task<byte[]> RenderAsync(string number)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var documents = scope.ServiceProvider.GetRequiredService<CertificateDocuments>();
        var record = await documents.FindAsync(number) ?? throw new InvalidOperationException($"No certificate {number}.");
        using var output = new MemoryStream();
        await documents.RenderAsync(record, output);
        var bytes = output.ToArray();
        Keep(bytes, $"{record.Kind}-{record.Culture}-{number}.pdf");
        return bytes;
    }

    /// <summary>With CERTIFICATE_SAMPLES_DIR set, keeps the PDFs to look at (pdftoppm -png turns them into pictures).</summary>
    private static void Keep(byte[] pdf, string fileName)
    {
        if (Environment.GetEnvironmentVariable("CERTIFICATE_SAMPLES_DIR") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(Path.Combine(dir, fileName), pdf);
        }
    }

    /// <summary>The page's text with runs of white space made single spaces.</summary>
    public static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var words = document.GetPage(1).GetWords().Select(w => w.Text);
        return string.Join(' ', words);
    }
}
