using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Features.Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Certificates;

/// <summary>Issuing is idempotent, snapshots what it prints, and corrections go through revoking.</summary>
public sealed class CertificateIssuingTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    [Fact]
    public async Task Issuing_again_issues_nothing_twice()
    {
        var world = await CertificateWorld.CreateAsync(site);

        var again = await CertificateWorld.IssueAsync(site, world.Competition.Id, world.Requests());

        Assert.Equal(0, again);
        var certificates = await CertificatesOfAsync(world.Competition.Id);
        Assert.Equal(3, certificates.Count);
        Assert.Equal(3, certificates.Select(c => c.Number).Distinct().Count());
        Assert.All(certificates, c => Assert.Equal(c.Number, CertificateNumbers.Normalize(c.Number)));
    }

    [Fact]
    public async Task Issuing_twice_in_one_unit_of_work_adds_each_certificate_once_and_saves_nothing_by_itself()
    {
        var world = await CertificateWorld.CreateAsync(site, issue: false);
        await using var scope = site.Services.CreateAsyncScope();
        var issuer = scope.ServiceProvider.GetRequiredService<CertificateIssuer>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var first = await issuer.IssueAsync(world.Competition.Id, world.Requests());
        var second = await issuer.IssueAsync(world.Competition.Id, [.. world.Requests(), .. world.Requests()]);

        Assert.Equal(3, first);
        Assert.Equal(0, second);
        Assert.Empty(await CertificatesOfAsync(world.Competition.Id));
        await db.SaveChangesAsync();
        Assert.Equal(3, (await CertificatesOfAsync(world.Competition.Id)).Count);
        Assert.True(await site.WithDbAsync(d => d.AuditEvents.AnyAsync(e => e.CompetitionId == world.Competition.Id && e.Action == "certificates.issued")));
    }

    [Fact]
    public async Task A_certificate_keeps_the_name_and_school_it_was_issued_with()
    {
        var world = await CertificateWorld.CreateAsync(site);

        await site.WithDbAsync(async db =>
        {
            var profile = await db.Participants.SingleAsync(p => p.Id == world.Student.Id);
            profile.FullName = "Ayu Lestari Putri";
            profile.SchoolName = "SMP Negeri 2 Serang";
            return await db.SaveChangesAsync();
        });

        var certificate = await site.WithDbAsync(db => db.Certificates.SingleAsync(c => c.Number == world.AchievementNumber));
        Assert.Equal("Ayu Lestari", certificate.RecipientName);
        Assert.Equal("SD Negeri 1 Serang", certificate.SchoolName);
        Assert.Equal("Juara 1", certificate.AwardName);
        Assert.Equal("id", certificate.Culture);
    }

    [Fact]
    public async Task A_revoked_certificate_can_be_replaced_by_a_corrected_one_with_a_new_number()
    {
        var world = await CertificateWorld.CreateAsync(site);
        var corrected = new CertificateRequest(world.StudentEntryId, world.Student.Id, world.Category.Id, "Ayu Lestari", "SD Negeri 1 Serang",
            CertificateKind.Achievement, "Juara 2", "id");

        // A correction: revoke and issue again in one unit of work, as the correction use case will.
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var issuer = scope.ServiceProvider.GetRequiredService<CertificateIssuer>();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(0, await issuer.IssueAsync(world.Competition.Id, [corrected]));
            Assert.Equal(RevokeOutcome.Revoked, await issuer.RevokeAsync(world.Competition.Id, world.AchievementNumber, "Tertukar dengan Juara 2"));
            Assert.Equal(1, await issuer.IssueAsync(world.Competition.Id, [corrected]));
            await db.SaveChangesAsync();
        }

        var achievements = await site.WithDbAsync(db => db.Certificates.AsNoTracking()
            .Where(c => c.EntryId == world.StudentEntryId && c.Kind == CertificateKind.Achievement).OrderBy(c => c.Id).ToListAsync());
        Assert.Equal(2, achievements.Count);
        Assert.Equal(world.AchievementNumber, achievements[0].Number);
        Assert.NotNull(achievements[0].RevokedAt);
        Assert.Equal("Tertukar dengan Juara 2", achievements[0].RevokedReason);
        Assert.Null(achievements[1].RevokedAt);
        Assert.Equal("Juara 2", achievements[1].AwardName);
        Assert.NotEqual(achievements[0].Number, achievements[1].Number);
    }

    [Fact]
    public async Task Revoking_twice_keeps_the_first_reason_and_an_unknown_number_is_not_found()
    {
        var world = await CertificateWorld.CreateAsync(site);
        await using var scope = site.Services.CreateAsyncScope();
        var issuer = scope.ServiceProvider.GetRequiredService<CertificateIssuer>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        Assert.Equal(RevokeOutcome.Revoked, await issuer.RevokeAsync(world.Competition.Id, world.PupilParticipationNumber.ToLowerInvariant(), "Salah nama"));
        await db.SaveChangesAsync();
        Assert.Equal(RevokeOutcome.AlreadyRevoked, await issuer.RevokeAsync(world.Competition.Id, world.PupilParticipationNumber, "Lagi"));
        Assert.Equal(RevokeOutcome.NotFound, await issuer.RevokeAsync(world.Competition.Id, "CS-2026-AAAA-AAAA", "Tidak ada"));
        Assert.Equal(RevokeOutcome.NotFound, await issuer.RevokeAsync(world.Competition.Id + 1000, world.StudentParticipationNumber, "Lomba lain"));

        var revoked = await site.WithDbAsync(d => d.Certificates.SingleAsync(c => c.Number == world.PupilParticipationNumber));
        Assert.Equal("Salah nama", revoked.RevokedReason);
    }

    [Fact]
    public async Task A_request_that_does_not_fit_the_competition_is_refused_and_nothing_is_added()
    {
        var world = await CertificateWorld.CreateAsync(site, issue: false);
        var other = await CertificateWorld.CreateAsync(site, issue: false);
        await using var scope = site.Services.CreateAsyncScope();
        var issuer = scope.ServiceProvider.GetRequiredService<CertificateIssuer>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var good = world.Requests()[0];

        await Assert.ThrowsAsync<ArgumentException>(() => issuer.IssueAsync(world.Competition.Id,
            [good, good with { EntryId = other.StudentEntryId, CategoryId = other.Category.Id }]));
        await Assert.ThrowsAsync<ArgumentException>(() => issuer.IssueAsync(world.Competition.Id, [good with { ParticipantId = world.Pupil.Id }]));
        await Assert.ThrowsAsync<ArgumentException>(() => issuer.IssueAsync(world.Competition.Id, [good with { AwardName = " " }]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => issuer.IssueAsync(-1, [good]));

        Assert.Empty(db.ChangeTracker.Entries<Certificate>());
    }

    [Fact]
    public async Task The_database_refuses_a_second_valid_certificate_for_the_same_participant_entry_and_kind()
    {
        var world = await CertificateWorld.CreateAsync(site);
        var copy = await site.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.Number == world.AchievementNumber));
        copy.Id = 0;
        copy.Number = CertificateNumbers.New(2026);

        await Assert.ThrowsAsync<DbUpdateException>(() => site.WithDbAsync(async db =>
        {
            db.Certificates.Add(copy);
            return await db.SaveChangesAsync();
        }));
    }

    private Task<List<Certificate>> CertificatesOfAsync(int competitionId) =>
        site.WithDbAsync(db => db.Certificates.AsNoTracking().Where(c => c.CompetitionId == competitionId).ToListAsync());
}
