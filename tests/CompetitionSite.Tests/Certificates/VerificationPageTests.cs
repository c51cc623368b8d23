using System.Net;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Features.Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Certificates;

/// <summary>The public page the QR code points to: genuine, revoked, or unknown — and nothing more about the person.</summary>
public sealed class VerificationPageTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    [Fact]
    public async Task A_real_number_shows_a_genuine_certificate_with_name_competition_category_award_and_date()
    {
        var world = await CertificateWorld.CreateAsync(site);
        var anonymous = site.CreateBrowser();

        var (response, page) = await anonymous.GetPageAsync($"/sertifikat/{world.AchievementNumber}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = page.MainText();
        Assert.Contains("Sertifikat asli", text);
        Assert.Contains("Ayu Lestari", text);
        Assert.Contains(world.Competition.Title, text);
        Assert.Contains("Poster SD", text);
        Assert.Contains("Juara 1", text);
        Assert.Contains(world.AchievementNumber, text);
        var issued = await site.WithDbAsync(db => db.Certificates.Where(c => c.Number == world.AchievementNumber).Select(c => c.IssuedAt).SingleAsync());
        Assert.Contains(issued.AddHours(7).ToString("d MMMM yyyy", new System.Globalization.CultureInfo("id")), text);
        // Nothing else about the person: no school, no region, no entry.
        Assert.DoesNotContain("SD Negeri 1 Serang", text);
        Assert.DoesNotContain("Banten", text.Replace("Relawan TIK Banten", ""));
        Assert.DoesNotContain("Guruku Pahlawanku", text);
        Assert.Equal("noindex, nofollow", response.Headers.GetValues("X-Robots-Tag").Single());
    }

    [Fact]
    public async Task A_participation_certificate_says_participation()
    {
        var world = await CertificateWorld.CreateAsync(site);

        var (_, page) = await site.CreateBrowser().GetPageAsync($"/sertifikat/{world.PupilParticipationNumber}");

        Assert.Contains("Sertifikat asli", page.MainText());
        Assert.Contains("Raka Pratama", page.MainText());
        Assert.Contains("Partisipasi (peserta)", page.MainText());
    }

    [Fact]
    public async Task A_forged_number_is_not_found_with_a_clear_message()
    {
        var world = await CertificateWorld.CreateAsync(site);
        var real = world.AchievementNumber;
        var forged = real[..^1] + (real[^1] == 'A' ? 'B' : 'A'); // wrong check character
        var madeUp = CertificateNumbers.New(2026); // well-formed, never issued

        foreach (var number in new[] { forged, madeUp, "CS-2026-HACK-ED00", "hello" })
        {
            var (response, page) = await site.CreateBrowser().GetPageAsync($"/sertifikat/{Uri.EscapeDataString(number)}");

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("Nomor tidak dikenal", page.MainText());
            Assert.DoesNotContain("Sertifikat asli", page.MainText());
            Assert.DoesNotContain("Ayu Lestari", page.MainText());
        }
    }

    [Fact]
    public async Task A_revoked_certificate_shows_as_revoked_with_the_date()
    {
        var world = await CertificateWorld.CreateAsync(site);
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var issuer = scope.ServiceProvider.GetRequiredService<CertificateIssuer>();
            await issuer.RevokeAsync(world.Competition.Id, world.AchievementNumber, "Nilai salah hitung");
            await scope.ServiceProvider.GetRequiredService<CompetitionSite.Web.Data.AppDbContext>().SaveChangesAsync();
        }

        var (response, page) = await site.CreateBrowser().GetPageAsync($"/sertifikat/{world.AchievementNumber}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = page.MainText();
        Assert.Contains("Dicabut", text);
        Assert.Contains("tidak berlaku lagi", text);
        Assert.Contains(site.Clock.UtcNow.AddHours(7).ToString("d MMMM yyyy", new System.Globalization.CultureInfo("id")), text);
        Assert.DoesNotContain("Sertifikat asli", text);
        Assert.DoesNotContain("Nilai salah hitung", text);
    }

    [Fact]
    public async Task Before_results_are_published_a_real_number_is_unknown_to_the_public()
    {
        var world = await CertificateWorld.CreateAsync(site, CompetitionStage.Live);

        var (response, page) = await site.CreateBrowser().GetPageAsync($"/sertifikat/{world.AchievementNumber}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Nomor tidak dikenal", page.MainText());
        Assert.DoesNotContain("Ayu Lestari", page.MainText());
    }

    [Fact]
    public async Task A_number_typed_into_the_form_leads_to_its_page_however_it_was_typed()
    {
        var world = await CertificateWorld.CreateAsync(site);
        var browser = site.CreateBrowser();

        var (formResponse, form) = await browser.GetPageAsync("/sertifikat");
        Assert.Equal(HttpStatusCode.OK, formResponse.StatusCode);
        Assert.NotNull(form.QuerySelector("form[action='/sertifikat'] input[name=nomor]"));

        var typed = world.AchievementNumber.ToLowerInvariant().Replace("-", " ");
        var response = await browser.GetAsync("/sertifikat?nomor=" + Uri.EscapeDataString(typed));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/sertifikat/{world.AchievementNumber}", response.RedirectPath());
        var lower = await browser.GetAsync($"/sertifikat/{world.AchievementNumber.ToLowerInvariant()}");
        Assert.Equal($"/sertifikat/{world.AchievementNumber}", lower.RedirectPath());
    }

    [Fact]
    public async Task The_footer_links_to_the_verification_form()
    {
        var (_, home) = await site.CreateBrowser().GetPageAsync("/");

        var link = home.QuerySelector("footer a[href='/sertifikat']");
        Assert.NotNull(link);
        Assert.Equal("Verifikasi sertifikat", link!.TextContent.Trim());
    }

    [Fact]
    public async Task The_recipient_is_offered_the_download_and_an_anonymous_visitor_a_login()
    {
        var world = await CertificateWorld.CreateAsync(site);
        var owner = await LogInAsync(world.StudentEmail);

        var (_, mine) = await owner.GetPageAsync($"/sertifikat/{world.AchievementNumber}");
        var (_, theirs) = await site.CreateBrowser().GetPageAsync($"/sertifikat/{world.AchievementNumber}");

        Assert.NotNull(mine.QuerySelector($"a[href='/sertifikat/{world.AchievementNumber}/pdf']"));
        Assert.Null(theirs.QuerySelector($"a[href='/sertifikat/{world.AchievementNumber}/pdf']"));
        Assert.NotNull(theirs.QuerySelector("a[href^='/account/login?returnUrl=']"));
    }

    private async Task<HttpClient> LogInAsync(string email)
    {
        var client = site.CreateBrowser();
        var response = await client.LogInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
