using System.Net;
using System.Net.Http.Headers;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Certificates;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace CompetitionSite.Tests.Certificates;

/// <summary>Organizers design the certificates, preview a sample, see what was issued and revoke with a reason.</summary>
public sealed class CertificatesAdminTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    private Task<HttpClient> OrganizerAsync() => site.LoggedInAsAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);

    private static string PageUrl(int id) => $"/admin/competitions/{id}/certificates";

    [Fact]
    public async Task The_competition_overview_links_to_its_certificates()
    {
        var c = await site.SeedAsync();
        var organizer = await OrganizerAsync();

        var (_, overview) = await organizer.GetPageAsync($"/admin/competitions/{c.Id}");

        var link = overview.QuerySelector($"a[href='{PageUrl(c.Id)}']");
        Assert.NotNull(link);
        Assert.Equal("Sertifikat", link!.TextContent.Trim());
    }

    [Fact]
    public async Task Only_organizers_reach_the_certificates_page()
    {
        var c = await site.SeedAsync();
        var student = await site.LoggedInAsAsync(Support.Accounts.NewEmail("siswa"), Roles.Student);

        var asStudent = await student.GetAsync(PageUrl(c.Id));
        var asAnonymous = await site.CreateBrowser().GetAsync(PageUrl(c.Id));

        Assert.NotEqual(HttpStatusCode.OK, asStudent.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, asAnonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await OrganizerAsync()).GetAsync(PageUrl(-5))).StatusCode);
    }

    [Fact]
    public async Task An_organizer_uploads_a_logo_and_signature_and_the_sample_shows_them_with_the_signer()
    {
        var c = await site.SeedAsync();
        var organizer = await OrganizerAsync();

        var response = await PostDesignAsync(organizer, c.Id, new Dictionary<string, string>
        {
            ["SignerName"] = "Dra. Sri Wahyuni, M.Pd.",
            ["SignerTitle"] = "Ketua Panitia",
        }, ("Logo", "logo.png", TestImages.Logo()), ("Signature", "ttd.png", TestImages.Signature()));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var design = await site.WithDbAsync(db => db.CertificateDesigns.AsNoTracking().SingleAsync(d => d.CompetitionId == c.Id));
        Assert.Equal("Dra. Sri Wahyuni, M.Pd.", design.SignerName);
        Assert.Equal("image/png", design.LogoContentType);
        Assert.Matches("^[0-9a-f]{32}\\.png$", design.LogoFileName);
        Assert.True(File.Exists(Path.Combine(site.DataDirectory, "files", design.LogoFileName!)));
        Assert.True(File.Exists(Path.Combine(site.DataDirectory, "files", design.SignatureFileName!)));
        Assert.True(await site.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.CompetitionId == c.Id && e.Action == "certificate-design.changed")));

        var (_, page) = await organizer.GetPageAsync(PageUrl(c.Id));
        Assert.Contains("Desain sertifikat disimpan", page.QuerySelector(".notice-success")?.TextContent ?? "");
        Assert.NotNull(page.QuerySelector($"img[src='{PageUrl(c.Id)}/images/{design.LogoFileName}']"));
        Assert.Equal(HttpStatusCode.OK, (await organizer.GetAsync($"{PageUrl(c.Id)}/images/{design.LogoFileName}")).StatusCode);

        var sample = await organizer.GetAsync($"{PageUrl(c.Id)}/sample?kind=achievement&culture=id");
        Assert.Equal(HttpStatusCode.OK, sample.StatusCode);
        Assert.Equal("application/pdf", sample.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", sample.Content.Headers.ContentDisposition!.DispositionType);
        var bytes = await sample.Content.ReadAsByteArrayAsync();
        var text = CertificatePdfTests.PdfText(bytes);
        Assert.Contains("Dra. Sri Wahyuni, M.Pd.", text);
        Assert.Contains("Nama Lengkap Peserta", text);
        Assert.Contains("JUARA 1", text);
        using (var document = PdfDocument.Open(bytes))
        {
            Assert.Equal(2, document.GetPage(1).GetImages().Count());
        }

        Assert.Empty(await site.WithDbAsync(db => db.Certificates.Where(x => x.CompetitionId == c.Id).ToListAsync()));
    }

    [Theory]
    [InlineData("logo.webp", "webp", "Logo: pilih gambar PNG atau JPEG.")]
    [InlineData("logo.png", "text", "Logo: pilih gambar PNG atau JPEG.")]
    [InlineData("logo.png", "empty", "Logo: filenya kosong.")]
    [InlineData("logo.png", "huge", "Logo: file lebih besar dari 1 MB.")]
    [InlineData("logo.png", "broken", "Logo: gambar tidak dapat dibaca.")]
    [InlineData("logo.png", "giant", "Logo: gambar berukuran 5000×10 piksel")]
    public async Task A_bad_logo_is_refused_with_a_clear_message_and_nothing_is_saved(string fileName, string kind, string message)
    {
        var c = await site.SeedAsync();
        var organizer = await OrganizerAsync();
        byte[] content = kind switch
        {
            "webp" => TestImages.WebP,
            "text" => "bukan gambar, hanya teks"u8.ToArray(),
            "empty" => [],
            "huge" => [.. TestImages.Logo(), .. new byte[1024 * 1024]],
            "broken" => TestImages.Logo()[..200],
            "giant" => TestImages.Png(5000, 10, (_, _) => (0, 0, 0, 255)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var filesBefore = FilesInStore();

        var response = await PostDesignAsync(organizer, c.Id, new Dictionary<string, string>
        {
            ["SignerName"] = "Budi Santoso",
            ["SignerTitle"] = "Ketua Panitia",
        }, ("Logo", fileName, content), ("Signature", "ttd.png", TestImages.Signature()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.PageAsync();
        Assert.Contains(message, page.FieldError("Logo"));
        Assert.Equal("Budi Santoso", page.GetElementById("SignerName")!.GetAttribute("value"));
        Assert.False(await site.WithDbAsync(db => db.CertificateDesigns.AnyAsync(d => d.CompetitionId == c.Id)));
        Assert.Equal(filesBefore, FilesInStore());
    }

    [Fact]
    public async Task A_design_needs_a_signer_and_a_second_signer_needs_a_title()
    {
        var c = await site.SeedAsync();
        var organizer = await OrganizerAsync();

        var response = await PostDesignAsync(organizer, c.Id, new Dictionary<string, string>
        {
            ["SignerName"] = "",
            ["SignerTitle"] = "Ketua Panitia",
            ["Signer2Name"] = "Budi Santoso",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.PageAsync();
        Assert.Equal("Isi nama orang yang menandatangani sertifikat.", page.FieldError("SignerName"));
        Assert.NotNull(page.QuerySelector("#form-errors"));

        response = await PostDesignAsync(organizer, c.Id, new Dictionary<string, string>
        {
            ["SignerName"] = "Sri Wahyuni",
            ["SignerTitle"] = "Ketua Panitia",
            ["Signer2Name"] = "Budi Santoso",
        });
        Assert.Equal("Isi jabatan penanda tangan kedua.", (await response.PageAsync()).FieldError("Signer2Title"));
        Assert.False(await site.WithDbAsync(db => db.CertificateDesigns.AnyAsync(d => d.CompetitionId == c.Id)));
    }

    [Fact]
    public async Task Replacing_the_logo_deletes_the_old_file_and_a_change_of_name_keeps_the_images()
    {
        var c = await site.SeedAsync();
        var organizer = await OrganizerAsync();
        await PostDesignAsync(organizer, c.Id, new Dictionary<string, string> { ["SignerName"] = "Sri", ["SignerTitle"] = "Ketua" },
            ("Logo", "a.png", TestImages.Logo()));
        var first = await site.WithDbAsync(db => db.CertificateDesigns.AsNoTracking().SingleAsync(d => d.CompetitionId == c.Id));

        await PostDesignAsync(organizer, c.Id, new Dictionary<string, string> { ["SignerName"] = "Sri Wahyuni", ["SignerTitle"] = "Ketua" });
        var renamed = await site.WithDbAsync(db => db.CertificateDesigns.AsNoTracking().SingleAsync(d => d.CompetitionId == c.Id));
        await PostDesignAsync(organizer, c.Id, new Dictionary<string, string> { ["SignerName"] = "Sri Wahyuni", ["SignerTitle"] = "Ketua" },
            ("Logo", "b.png", TestImages.Logo(120)));
        var replaced = await site.WithDbAsync(db => db.CertificateDesigns.AsNoTracking().SingleAsync(d => d.CompetitionId == c.Id));

        Assert.Equal(first.LogoFileName, renamed.LogoFileName);
        Assert.Equal("Sri Wahyuni", renamed.SignerName);
        Assert.NotEqual(first.LogoFileName, replaced.LogoFileName);
        Assert.False(File.Exists(Path.Combine(site.DataDirectory, "files", first.LogoFileName!)));
        Assert.True(File.Exists(Path.Combine(site.DataDirectory, "files", replaced.LogoFileName!)));
    }

    [Fact]
    public async Task The_issued_certificates_are_listed_and_one_is_revoked_with_a_reason_that_is_audited()
    {
        var world = await CertificateWorld.CreateAsync(site);
        var organizer = await OrganizerAsync();
        var id = world.Competition.Id;

        var (_, page) = await organizer.GetPageAsync(PageUrl(id));
        var text = page.MainText();
        Assert.Contains(world.AchievementNumber, text);
        Assert.Contains(world.PupilParticipationNumber, text);
        Assert.Contains("3 sertifikat, 0 di antaranya dicabut", text);

        var action = $"{PageUrl(id)}/{world.AchievementNumber}/revoke?page=1";
        var noReason = await organizer.SubmitFormAsync(PageUrl(id), new Dictionary<string, string> { ["reason"] = "" }, action);
        Assert.Equal(HttpStatusCode.Redirect, noReason.StatusCode);
        Assert.Null(await RevokedAtAsync(world.AchievementNumber));
        var (_, afterNoReason) = await organizer.GetPageAsync(noReason.RedirectPath());
        Assert.Contains("Tulis alasan untuk mencabut sertifikat", afterNoReason.QuerySelector(".notice-error")?.TextContent ?? "");

        var revoke = await organizer.SubmitFormAsync(PageUrl(id), new Dictionary<string, string> { ["reason"] = "Nilai salah hitung, seharusnya Juara 2" }, action);
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        Assert.NotNull(await RevokedAtAsync(world.AchievementNumber));
        var audit = await site.WithDbAsync(db => db.AuditEvents.SingleAsync(e => e.CompetitionId == id && e.Action == "certificate.revoked"));
        Assert.Contains("Reason: Nilai salah hitung, seharusnya Juara 2", audit.Details);
        Assert.False(string.IsNullOrEmpty(audit.ActorUserId));

        var (_, after) = await organizer.GetPageAsync(PageUrl(id));
        Assert.Contains("3 sertifikat, 1 di antaranya dicabut", after.MainText());
        Assert.Contains("Nilai salah hitung", after.MainText());
        var (_, auditPage) = await organizer.GetPageAsync($"/admin/competitions/{id}/audit");
        Assert.Contains("Sertifikat dicabut", auditPage.MainText());
    }

    [Fact]
    public async Task Revoking_without_an_antiforgery_token_changes_nothing()
    {
        var world = await CertificateWorld.CreateAsync(site);
        var organizer = await OrganizerAsync();

        var response = await organizer.PostAsync($"{PageUrl(world.Competition.Id)}/{world.AchievementNumber}/revoke",
            new FormUrlEncodedContent([new("reason", "tanpa token")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await RevokedAtAsync(world.AchievementNumber));
    }

    private Task<DateTime?> RevokedAtAsync(string number) =>
        site.WithDbAsync(db => db.Certificates.Where(x => x.Number == number).Select(x => x.RevokedAt).SingleAsync());

    private string[] FilesInStore()
    {
        var folder = Path.Combine(site.DataDirectory, "files");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order().ToArray() : [];
    }

    private static async Task<HttpResponseMessage> PostDesignAsync(HttpClient client, int competitionId, IReadOnlyDictionary<string, string> values,
        params (string Field, string FileName, byte[] Content)[] files)
    {
        var pageUrl = PageUrl(competitionId);
        var (_, document) = await client.GetPageAsync(pageUrl);
        var form = Html.FindForm(document, $"{pageUrl}/design") ?? throw new InvalidOperationException("No design form.");
        var fields = Html.FormFields(form);
        foreach (var (key, value) in values)
        {
            fields.RemoveAll(f => f.Key == key);
            fields.Add(new(key, value));
        }

        var multipart = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            multipart.Add(new StringContent(value), key);
        }

        foreach (var (field, fileName, content) in files)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".webp", StringComparison.Ordinal) ? "image/webp" : "image/png");
            multipart.Add(file, field, fileName);
        }

        return await client.PostAsync(form.GetAttribute("action"), multipart);
    }
}
