using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Competitions;

public sealed class OrganizerCompetitionTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    private Task<HttpClient> OrganizerAsync() => site.LoggedInAsAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);

    [Fact]
    public async Task Organizer_creates_a_competition_as_a_draft_with_dates_converted_from_WIB_and_an_audit_entry()
    {
        var client = await OrganizerAsync();
        var form = site.ValidCompetitionForm("Lomba Cerpen Pelajar 2027");
        form["SubmissionClosesAt"] = "2027-03-10T23:59";
        form["OpensAt"] = "2027-02-01T08:00";
        form["JudgingEndsAt"] = "2027-03-20T17:00";
        form["ResultsAnnouncedAt"] = "2027-03-25T10:00";

        var response = await client.SubmitFormAsync("/admin/competitions/new", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var c = await site.LoadAsync(CompetitionData.IdFromRedirect(response));
        Assert.Equal(CompetitionStage.Draft, c.Stage);
        Assert.StartsWith("lomba-cerpen-pelajar-2027", c.Slug);
        Assert.Equal(new DateTime(2027, 3, 10, 16, 59, 0, DateTimeKind.Utc), c.SubmissionClosesAt);
        Assert.Equal(15, c.GraceMinutes);
        var audit = await site.WithDbAsync(db => db.AuditEvents.Where(e => e.CompetitionId == c.Id).ToListAsync());
        Assert.Equal("competition.created", Assert.Single(audit).Action);

        var (_, details) = await client.GetPageAsync($"/admin/competitions/{c.Id}");
        Assert.Contains("10 Maret 2027 23.59 WIB", details.MainText());
        Assert.Contains("Draf", details.MainText());
    }

    [Fact]
    public async Task Slugs_stay_unique_when_two_competitions_share_a_title()
    {
        var client = await OrganizerAsync();
        var title = "Lomba Foto " + Guid.NewGuid().ToString("N")[..6];

        var first = CompetitionData.IdFromRedirect(await client.SubmitFormAsync("/admin/competitions/new", site.ValidCompetitionForm(title)));
        var second = CompetitionData.IdFromRedirect(await client.SubmitFormAsync("/admin/competitions/new", site.ValidCompetitionForm(title)));

        var a = await site.LoadAsync(first);
        var b = await site.LoadAsync(second);
        Assert.Equal(a.Slug + "-2", b.Slug);
    }

    [Fact]
    public async Task Dates_typed_in_WITA_are_shown_back_in_WITA()
    {
        var client = await OrganizerAsync();
        var form = site.ValidCompetitionForm("Lomba Video Makassar");
        form["TimeZoneId"] = "Asia/Makassar";
        form["OpensAt"] = "2027-05-01T08:00";
        form["SubmissionClosesAt"] = "2027-05-31T23:59";
        form["JudgingEndsAt"] = "2027-06-10T17:00";
        form["ResultsAnnouncedAt"] = "2027-06-15T10:00";

        var id = CompetitionData.IdFromRedirect(await client.SubmitFormAsync("/admin/competitions/new", form));

        var c = await site.LoadAsync(id);
        Assert.Equal(new DateTime(2027, 5, 31, 15, 59, 0, DateTimeKind.Utc), c.SubmissionClosesAt);
        var (_, edit) = await client.GetPageAsync($"/admin/competitions/{id}/edit");
        Assert.Equal("2027-05-31T23:59", edit.GetElementById("SubmissionClosesAt")!.GetAttribute("value"));
        Assert.Equal("Asia/Makassar", edit.QuerySelector("#TimeZoneId option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Editing_records_each_changed_field_as_old_and_new_in_the_audit_log()
    {
        var c = await site.SeedAsync(CompetitionStage.Draft);
        var client = await OrganizerAsync();
        var newDeadline = c.SubmissionClosesAt.AddDays(2);

        var response = await client.SubmitFormAsync($"/admin/competitions/{c.Id}/edit", new Dictionary<string, string>
        {
            ["Title"] = "Lomba Poster Guru Hebat",
            ["SubmissionClosesAt"] = CompetitionData.Wib(newDeadline),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await site.LoadAsync(c.Id);
        Assert.Equal("Lomba Poster Guru Hebat", saved.Title);
        Assert.Equal(newDeadline, saved.SubmissionClosesAt);
        var audit = await site.WithDbAsync(db => db.AuditEvents.SingleAsync(e => e.CompetitionId == c.Id && e.Action == "competition.edited"));
        Assert.Contains($"Title: {c.Title} → Lomba Poster Guru Hebat", audit.Details);
        Assert.Contains("Submission deadline: ", audit.Details);
        Assert.DoesNotContain("Summary:", audit.Details);

        var (_, page) = await client.GetPageAsync($"/admin/competitions/{c.Id}/audit");
        Assert.Contains("Lomba diubah", page.MainText());
        Assert.Contains($"Judul: {c.Title} → Lomba Poster Guru Hebat", page.MainText());
    }

    [Fact]
    public async Task Copying_a_competition_copies_categories_awards_and_rubrics_into_a_new_draft_with_new_dates()
    {
        var source = await site.SeedAsync(CompetitionStage.Published, c => c.PublishedAt = site.Clock.UtcNow.AddDays(-1));
        var client = await OrganizerAsync();
        var now = site.Clock.UtcNow;

        var (_, copyPage) = await client.GetPageAsync($"/admin/competitions/{source.Id}/copy");
        Assert.Equal("", copyPage.GetElementById("SubmissionClosesAt")!.GetAttribute("value") ?? "");
        var response = await client.SubmitFormAsync($"/admin/competitions/{source.Id}/copy", new Dictionary<string, string>
        {
            ["Title"] = "Lomba Poster Hari Guru 2027",
            ["OpensAt"] = CompetitionData.Wib(now.AddDays(300)),
            ["SubmissionClosesAt"] = CompetitionData.Wib(now.AddDays(330)),
            ["JudgingEndsAt"] = CompetitionData.Wib(now.AddDays(340)),
            ["ResultsAnnouncedAt"] = CompetitionData.Wib(now.AddDays(345)),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var copy = await site.LoadAsync(CompetitionData.IdFromRedirect(response));
        Assert.Equal(CompetitionStage.Draft, copy.Stage);
        Assert.Equal(source.Id, copy.CopiedFromId);
        Assert.Equal(source.RulesMarkdown, copy.RulesMarkdown);
        Assert.Equal(now.AddDays(330), copy.SubmissionClosesAt);
        var category = Assert.Single(copy.Categories);
        Assert.Equal("Poster SD", category.Name);
        Assert.Equal(6, category.AwardTiers.Count);
        var rubric = Assert.Single(copy.Rubrics);
        Assert.NotEqual(source.Rubrics[0].Id, rubric.Id);
        Assert.Equal(rubric.Id, category.RubricId);
        Assert.Equal(["Ide", "Teknik"], rubric.Criteria.OrderBy(x => x.Order).Select(x => x.Name));
        Assert.True(await site.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.CompetitionId == copy.Id && e.Action == "competition.copied")));
        Assert.Equal(CompetitionStage.Published, (await site.LoadAsync(source.Id)).Stage);
    }

    [Fact]
    public async Task A_copy_needs_its_own_dates()
    {
        var source = await site.SeedAsync(CompetitionStage.Draft);
        var client = await OrganizerAsync();
        var before = await site.CompetitionCountAsync();

        var response = await client.SubmitFormAsync($"/admin/competitions/{source.Id}/copy", new Dictionary<string, string> { ["Title"] = "Salinan" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.PageAsync();
        Assert.Equal("Isi batas pengumpulan.", page.FieldError("SubmissionClosesAt"));
        Assert.Equal(before, await site.CompetitionCountAsync());
    }

    public static TheoryData<string, string, string, string> BadCompetitionInput() => new()
    {
        { "SubmissionClosesAt", "before-opening", "SubmissionClosesAt", "Batas pengumpulan harus setelah tanggal pembukaan." },
        { "GraceMinutes", "121", "GraceMinutes", "Masa tenggang harus antara 0 dan 120 menit." },
        { "GraceMinutes", "-5", "GraceMinutes", "Masa tenggang harus antara 0 dan 120 menit." },
        { "JudgesPerEntry", "0", "JudgesPerEntry", "Setiap karya dinilai oleh 1 sampai 10 juri." },
        { "Slug", "Bukan Slug!", "Slug", "Gunakan hanya huruf kecil, angka, dan tanda hubung, misalnya lomba-poster-2026." },
        { "TimeZoneId", "Europe/Berlin", "TimeZoneId", "Pilih WIB, WITA, atau WIT." },
        { "Title", "", "Title", "Isi judul lomba." },
        { "ContactEmail", "bukan-email", "ContactEmail", "Masukkan alamat email yang benar." },
    };

    [Theory]
    [MemberData(nameof(BadCompetitionInput))]
    public async Task Bad_competition_input_is_refused_next_to_the_field_and_nothing_is_saved(string field, string value, string errorField, string message)
    {
        var client = await OrganizerAsync();
        var form = site.ValidCompetitionForm("Lomba Salah Isi");
        form[field] = value == "before-opening" ? CompetitionData.Wib(site.Clock.UtcNow) : value;
        var before = await site.CompetitionCountAsync();

        var response = await client.SubmitFormAsync("/admin/competitions/new", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.PageAsync();
        Assert.Equal(message, page.FieldError(errorField));
        Assert.NotNull(page.GetElementById("form-errors"));
        Assert.Equal(before, await site.CompetitionCountAsync());
    }

    [Fact]
    public async Task A_web_address_already_in_use_is_refused()
    {
        var existing = await site.SeedAsync(CompetitionStage.Draft);
        var client = await OrganizerAsync();
        var form = site.ValidCompetitionForm("Lomba Lain");
        form["Slug"] = existing.Slug;
        var before = await site.CompetitionCountAsync();

        var page = await (await client.SubmitFormAsync("/admin/competitions/new", form)).PageAsync();

        Assert.Equal("Alamat web ini sudah dipakai lomba lain. Pilih alamat lain.", page.FieldError("Slug"));
        Assert.Equal(before, await site.CompetitionCountAsync());
    }

    [Fact]
    public async Task An_oversized_banner_is_refused_with_a_clear_message_and_nothing_saved()
    {
        var client = await OrganizerAsync();
        var png = new byte[BannerLimit + 1];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);
        var before = await site.CompetitionCountAsync();

        var response = await client.SubmitWithFileAsync("/admin/competitions/new", site.ValidCompetitionForm("Lomba Banner Besar"), "Banner", "banner.png", png, "image/png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Banner lebih besar dari 2 MB.", (await response.PageAsync()).FieldError("Banner"));
        Assert.Equal(before, await site.CompetitionCountAsync());
    }

    [Fact]
    public async Task A_banner_that_is_not_a_png_jpeg_or_webp_is_refused_whatever_its_name()
    {
        var client = await OrganizerAsync();
        var gif = "GIF89a-not-really-a-png"u8.ToArray();
        var before = await site.CompetitionCountAsync();

        var response = await client.SubmitWithFileAsync("/admin/competitions/new", site.ValidCompetitionForm("Lomba Banner GIF"), "Banner", "banner.png", gif, "image/png");

        Assert.Equal("Banner harus berupa gambar PNG, JPEG, atau WebP.", (await response.PageAsync()).FieldError("Banner"));
        Assert.Equal(before, await site.CompetitionCountAsync());
    }

    [Fact]
    public async Task A_valid_banner_is_stored_when_the_site_has_file_storage_and_refused_clearly_when_it_has_none()
    {
        var client = await OrganizerAsync();
        var png = RealPng(1600, 600);
        bool hasStore;
        using (var scope = site.Services.CreateScope())
        {
            hasStore = scope.ServiceProvider.GetService<IFileStore>() is not null;
        }


        var response = await client.SubmitWithFileAsync("/admin/competitions/new", site.ValidCompetitionForm("Lomba Dengan Banner"), "Banner", "banner.png", png, "image/png");

        if (hasStore)
        {
            var c = await site.LoadAsync(CompetitionData.IdFromRedirect(response));
            Assert.Matches("^banner-[0-9a-f]{32}\\.png$", c.BannerFileName!);
            Assert.Equal("image/png", c.BannerContentType);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("Gambar banner belum bisa disimpan", (await response.PageAsync()).FieldError("Banner"));
        }
    }

    /// <summary>Issue 17: the pixel check of entry images (Images:MaxPixels) holds for banners, which every visitor's browser decodes.</summary>
    [Fact]
    public async Task A_banner_claiming_30000_by_30000_pixels_is_refused_with_a_clear_message_and_nothing_saved()
    {
        var client = await OrganizerAsync();
        var bomb = Entries.PreviewTests.PngClaiming(30_000, 30_000);
        var before = await site.CompetitionCountAsync();

        var response = await client.SubmitWithFileAsync("/admin/competitions/new", site.ValidCompetitionForm("Lomba Banner Raksasa"), "Banner", "banner.png", bomb, "image/png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Banner berukuran 30.000 × 30.000 piksel; gambar yang diterima paling besar 50 megapiksel. Simpan versi yang lebih kecil (misalnya 1600×600 piksel), lalu coba lagi.",
            (await response.PageAsync()).FieldError("Banner"));
        Assert.Equal(before, await site.CompetitionCountAsync());

        // A JPEG of 1600 × 600 (read from its header too) is well within the limit.
        var fine = await client.SubmitWithFileAsync("/admin/competitions/new", site.ValidCompetitionForm("Lomba Banner Wajar"), "Banner", "banner.jpg", Entries.PreviewTests.Jpeg(1600, 600), "image/jpeg");
        Assert.Equal(HttpStatusCode.Redirect, fine.StatusCode);
    }

    [Fact]
    public async Task A_banner_whose_size_cannot_be_read_is_refused_with_a_clear_message()
    {
        var client = await OrganizerAsync();
        byte[] broken = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 1, 2, 3];
        var before = await site.CompetitionCountAsync();

        var response = await client.SubmitWithFileAsync("/admin/competitions/new", site.ValidCompetitionForm("Lomba Banner Rusak"), "Banner", "banner.png", broken, "image/png");

        Assert.Equal("Banner tidak bisa dibaca sebagai gambar. Simpan lagi sebagai PNG, JPEG, atau WebP, lalu coba lagi.", (await response.PageAsync()).FieldError("Banner"));
        Assert.Equal(before, await site.CompetitionCountAsync());
    }

    private static byte[] RealPng(int width, int height)
    {
        using var bitmap = new SkiaSharp.SKBitmap(width, height);
        bitmap.Erase(SkiaSharp.SKColors.SeaGreen);
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private const int BannerLimit = 2 * 1024 * 1024;
}
