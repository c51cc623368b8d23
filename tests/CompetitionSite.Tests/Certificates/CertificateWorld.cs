using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Features.Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Certificates;

/// <summary>
/// A competition with results: Ayu (a student with her own account) won "Juara 1" with her poster; Raka (a pupil
/// without an email, managed by his teacher's guardian account) took part. Certificates are issued through the
/// real <see cref="CertificateIssuer"/>, the way publishing results will.
/// </summary>
public sealed class CertificateWorld
{
    public required Competition Competition { get; init; }
    public required Category Category { get; init; }
    public required string StudentEmail { get; init; }
    public required ParticipantProfile Student { get; init; }
    public required int StudentEntryId { get; init; }
    public required string GuardianEmail { get; init; }
    public required ParticipantProfile Pupil { get; init; }
    public required int PupilEntryId { get; init; }

    public string AchievementNumber { get; private set; } = "";
    public string StudentParticipationNumber { get; private set; } = "";
    public string PupilParticipationNumber { get; private set; } = "";

    public static async Task<CertificateWorld> CreateAsync(CompetitionSiteFactory site, CompetitionStage stage = CompetitionStage.Published,
        string studentName = "Ayu Lestari", bool issue = true)
    {
        var now = site.Clock.UtcNow;
        var competition = await site.SeedAsync(stage, c =>
        {
            c.OpensAt = now.AddDays(-40);
            c.SubmissionClosesAt = now.AddDays(-20);
            c.JudgingEndsAt = now.AddDays(-10);
            c.ResultsAnnouncedAt = now.AddDays(-1);
            c.PublishedAt = stage == CompetitionStage.Published ? now.AddHours(-1) : null;
        });
        var category = competition.Categories.Single();

        var studentEmail = Support.Accounts.NewEmail("ayu");
        var studentUser = await site.CreateUserAsync(studentEmail, [Roles.Student], studentName);
        var guardianEmail = Support.Accounts.NewEmail("guru");
        var guardianUser = await site.CreateUserAsync(guardianEmail, [Roles.Guardian], "Bu Sari Wulandari");

        var student = await AddProfileAsync(site, studentName, "SD Negeri 1 Serang", userId: studentUser.Id, guardianUserId: null);
        var pupil = await AddProfileAsync(site, "Raka Pratama", "SD Negeri 3 Cilegon", userId: null, guardianUserId: guardianUser.Id);
        var studentEntry = await AddEntryAsync(site, category.Id, student.Id, "Guruku Pahlawanku");
        var pupilEntry = await AddEntryAsync(site, category.Id, pupil.Id, "Terima Kasih Guru");

        var world = new CertificateWorld
        {
            Competition = competition,
            Category = category,
            StudentEmail = studentEmail,
            Student = student,
            StudentEntryId = studentEntry,
            GuardianEmail = guardianEmail,
            Pupil = pupil,
            PupilEntryId = pupilEntry,
        };
        if (issue)
        {
            await world.IssueAllAsync(site);
        }

        return world;
    }

    public IReadOnlyList<CertificateRequest> Requests() =>
    [
        new(StudentEntryId, Student.Id, Category.Id, Student.FullName, Student.SchoolName, CertificateKind.Achievement, "Juara 1", "id"),
        new(StudentEntryId, Student.Id, Category.Id, Student.FullName, Student.SchoolName, CertificateKind.Participation, null, "id"),
        new(PupilEntryId, Pupil.Id, Category.Id, Pupil.FullName, Pupil.SchoolName, CertificateKind.Participation, null, "id"),
    ];

    public async Task<int> IssueAllAsync(SiteFactory site)
    {
        var issued = await IssueAsync(site, Competition.Id, Requests());
        var certificates = await site.WithDbAsync(db => db.Certificates.AsNoTracking().Where(c => c.CompetitionId == Competition.Id && c.RevokedAt == null).ToListAsync());
        AchievementNumber = certificates.Single(c => c.ParticipantId == Student.Id && c.Kind == CertificateKind.Achievement).Number;
        StudentParticipationNumber = certificates.Single(c => c.ParticipantId == Student.Id && c.Kind == CertificateKind.Participation).Number;
        PupilParticipationNumber = certificates.Single(c => c.ParticipantId == Pupil.Id).Number;
        return issued;
    }

    /// <summary>Issues in a unit of work of its own and saves, as the publishing use case will.</summary>
    public static async Task<int> IssueAsync(SiteFactory site, int competitionId, IEnumerable<CertificateRequest> requests)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var issuer = scope.ServiceProvider.GetRequiredService<CertificateIssuer>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var count = await issuer.IssueAsync(competitionId, requests);
        await db.SaveChangesAsync();
        return count;
    }

    public static async Task<ParticipantProfile> AddProfileAsync(SiteFactory site, string name, string school, string? userId, string? guardianUserId)
    {
        var profile = new ParticipantProfile
        {
            UserId = userId,
            GuardianUserId = guardianUserId,
            FullName = name,
            SchoolName = school,
            DateOfBirth = new DateOnly(2015, 5, 17),
            Level = SchoolLevels.SD,
            Grade = 5,
            Province = "Banten",
            Regency = "Kota Serang",
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
        await site.WithDbAsync(async db =>
        {
            db.Participants.Add(profile);
            return await db.SaveChangesAsync();
        });
        return profile;
    }

    public static async Task<int> AddEntryAsync(SiteFactory site, int categoryId, int participantId, string title)
    {
        var entry = new Entry
        {
            PublicCode = "K-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(),
            CategoryId = categoryId,
            Title = title,
            Status = EntryStatus.Submitted,
            SubmittedAt = DateTime.UtcNow.AddDays(-25),
            CreatedByUserId = "seed",
            CreatedAt = DateTime.UtcNow.AddDays(-30),
            UpdatedAt = DateTime.UtcNow.AddDays(-25),
            Members = [new EntryMember { ParticipantId = participantId, IsLead = true }],
        };
        await site.WithDbAsync(async db =>
        {
            db.Entries.Add(entry);
            return await db.SaveChangesAsync();
        });
        return entry.Id;
    }
}
