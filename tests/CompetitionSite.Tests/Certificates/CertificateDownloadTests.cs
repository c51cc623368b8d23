using System.Net;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Features.Certificates;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Certificates;

/// <summary>Who may download a certificate's PDF: the recipient, their guardian and organizers — once results are published.</summary>
public sealed class CertificateDownloadTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    [Fact]
    public async Task The_recipient_downloads_their_certificate_as_a_PDF_attachment_with_a_sensible_name()
    {
        var world = await CertificateWorld.CreateAsync(site);
        var owner = await LogInAsync(world.StudentEmail);

        var response = await owner.GetAsync($"/sertifikat/{world.AchievementNumber}/pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal($"Sertifikat-{world.AchievementNumber}-Ayu-Lestari.pdf", disposition.FileNameStar);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        var text = CertificatePdfTests.PdfText(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("Ayu Lestari", text);
        Assert.Contains(world.AchievementNumber, text);
    }

    [Fact]
    public async Task The_guardian_who_manages_a_pupil_downloads_the_pupils_certificate()
    {
        var world = await CertificateWorld.CreateAsync(site);
        var guardian = await LogInAsync(world.GuardianEmail);

        var response = await guardian.GetAsync($"/sertifikat/{world.PupilParticipationNumber}/pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Raka Pratama", CertificatePdfTests.PdfText(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await guardian.GetAsync($"/sertifikat/{world.AchievementNumber}/pdf")).StatusCode);
    }

    [Fact]
    public async Task An_organizer_downloads_any_certificate_even_before_publication()
    {
        var world = await CertificateWorld.CreateAsync(site, CompetitionStage.Live);
        var organizer = await site.LoggedInAsAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);

        var response = await organizer.GetAsync($"/sertifikat/{world.PupilParticipationNumber}/pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Another_student_a_judge_and_an_anonymous_visitor_get_not_found()
    {
        var world = await CertificateWorld.CreateAsync(site);
        var otherStudent = await site.LoggedInAsAsync(Support.Accounts.NewEmail("siswa"), Roles.Student);
        var judge = await site.LoggedInAsAsync(Support.Accounts.NewEmail("juri"), Roles.Judge);
        var anonymous = site.CreateBrowser();

        foreach (var client in new[] { otherStudent, judge, anonymous })
        {
            var response = await client.GetAsync($"/sertifikat/{world.AchievementNumber}/pdf");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.NotEqual("application/pdf", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Before_publication_even_the_recipient_and_guardian_get_not_found()
    {
        var world = await CertificateWorld.CreateAsync(site, CompetitionStage.Live);
        var owner = await LogInAsync(world.StudentEmail);
        var guardian = await LogInAsync(world.GuardianEmail);

        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/sertifikat/{world.AchievementNumber}/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await guardian.GetAsync($"/sertifikat/{world.PupilParticipationNumber}/pdf")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_certificate_can_no_longer_be_downloaded_by_its_recipient()
    {
        var world = await CertificateWorld.CreateAsync(site);
        await using (var scope = site.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().RevokeAsync(world.Competition.Id, world.AchievementNumber, "Salah juara");
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
        }

        var owner = await LogInAsync(world.StudentEmail);

        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/sertifikat/{world.AchievementNumber}/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/sertifikat/{world.StudentParticipationNumber}/pdf")).StatusCode);
    }

    [Fact]
    public async Task My_certificates_lists_what_a_person_may_download_once_results_are_published()
    {
        var published = await CertificateWorld.CreateAsync(site);
        var hidden = await CertificateWorld.CreateAsync(site, CompetitionStage.Live);
        await using var scope = site.Services.CreateAsyncScope();
        var documents = scope.ServiceProvider.GetRequiredService<CertificateDocuments>();

        var studentUserId = published.Student.UserId!;
        var guardianUserId = published.Pupil.GuardianUserId!;
        var mine = await documents.ForAccountAsync(studentUserId);
        var pupils = await documents.ForAccountAsync(guardianUserId);

        Assert.Equal(new[] { published.AchievementNumber, published.StudentParticipationNumber }.Order(), mine.Select(c => c.Number).Order());
        Assert.Equal(published.PupilParticipationNumber, Assert.Single(pupils).Number);
        Assert.DoesNotContain(mine, c => c.Number == hidden.AchievementNumber);
        Assert.Equal($"/sertifikat/{published.PupilParticipationNumber}/pdf", pupils[0].PdfUrl);
    }

    private async Task<HttpClient> LogInAsync(string email)
    {
        var client = site.CreateBrowser();
        var response = await client.LogInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
