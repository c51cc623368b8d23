using System.Net;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Judging;

/// <summary>A student who took part, as put straight into the database (participants and entries are other features).</summary>
public sealed record Student(string FullName, string SchoolName, string? Npsn, string Province, string Regency, string? Email = null);

public sealed record SeededEntry(int Id, string Code, string Title, int CategoryId, string OriginalFileName, string StoredName);

/// <summary>Competitions in a chosen phase, students, entries with files, judges and assignments, arranged in the database.</summary>
public static class JudgingKit
{
    public static readonly Student Ayu = new("Ayu Kartika Lestari", "SMP Negeri 3 Kolaka", "40401234", "Sulawesi Tenggara", "Kabupaten Kolaka Timur", null);

    /// <summary>A live competition whose dates put it in <paramref name="phase"/> (Open, Judging or Review) by the site's clock.</summary>
    public static Task<Competition> SeedInPhaseAsync(this CompetitionSiteFactory site, Phase phase, int judgesPerEntry = 2, Action<Competition>? configure = null)
    {
        var now = site.Clock.UtcNow;
        return site.SeedAsync(CompetitionStage.Live, c =>
        {
            c.JudgesPerEntry = judgesPerEntry;
            (c.OpensAt, c.SubmissionClosesAt, c.JudgingEndsAt, c.ResultsAnnouncedAt) = phase switch
            {
                Phase.Open => (now.AddDays(-5), now.AddDays(2), now.AddDays(12), now.AddDays(15)),
                Phase.Judging => (now.AddDays(-20), now.AddDays(-2), now.AddDays(8), now.AddDays(12)),
                Phase.Review => (now.AddDays(-30), now.AddDays(-20), now.AddDays(-1), now.AddDays(5)),
                _ => throw new ArgumentOutOfRangeException(nameof(phase)),
            };
            configure?.Invoke(c);
        });
    }

    public static string NewCode() => "K-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    /// <summary>A submitted entry by one adult student (no consent needed) with one PNG file in the site's file store.</summary>
    public static async Task<SeededEntry> SeedEntryAsync(this SiteFactory site, int categoryId, Student? student = null, string? title = null,
        EntryStatus status = EntryStatus.Submitted, string contentType = "image/png", string originalFileName = "poster-ayu-kartika-smpn3.png",
        bool minorWithoutConsent = false)
    {
        student ??= new Student("Rudi Hartono", "SMA Negeri 1 Pandeglang", "20601111", "Banten", "Kabupaten Pandeglang");
        var extension = Path.GetExtension(originalFileName).TrimStart('.');
        var stored = FileNames.New(extension);
        var store = site.Services.GetRequiredService<IFileStore>();
        await store.SaveAsync(stored, new MemoryStream(PngBytes), contentType);

        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        string? userId = null;
        if (student.Email is not null)
        {
            userId = (await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == student.Email.ToUpperInvariant()))?.Id
                ?? (await site.CreateUserAsync(student.Email, [Roles.Student], student.FullName)).Id;
        }

        var participant = new ParticipantProfile
        {
            UserId = userId,
            FullName = student.FullName,
            DateOfBirth = minorWithoutConsent ? DateOnly.FromDateTime(DateTime.UtcNow.AddYears(-14)) : new DateOnly(2000, 5, 17),
            SchoolName = student.SchoolName,
            SchoolNpsn = student.Npsn,
            Level = SchoolLevels.SMA,
            Grade = 12,
            Province = student.Province,
            Regency = student.Regency,
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
        if (userId is not null)
        {
            // One profile per account: reuse it for a second entry by the same student.
            participant = await db.Participants.SingleOrDefaultAsync(p => p.UserId == userId) ?? participant;
        }

        var code = NewCode();
        var entry = new Entry
        {
            PublicCode = code,
            CategoryId = categoryId,
            Title = title ?? "Guruku Pahlawanku " + code[^3..],
            Description = "Poster tentang guru yang mengajar di desa.\nDibuat dengan Krita.",
            Status = status,
            SubmittedAt = status == EntryStatus.Submitted ? DateTime.UtcNow.AddDays(-3) : null,
            CreatedByUserId = userId ?? "",
            CreatedAt = DateTime.UtcNow.AddDays(-4),
            UpdatedAt = DateTime.UtcNow.AddDays(-3),
            Files =
            [
                new EntryFile
                {
                    Slot = 0,
                    StoredName = stored,
                    OriginalFileName = originalFileName,
                    ContentType = contentType,
                    SizeBytes = PngBytes.Length,
                    Sha256 = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(PngBytes)).ToLowerInvariant(),
                    UploadedAt = DateTime.UtcNow.AddDays(-3),
                },
            ],
        };
        if (participant.Id == 0)
        {
            db.Participants.Add(participant);
            await db.SaveChangesAsync();
        }

        entry.Members.Add(new EntryMember { ParticipantId = participant.Id, IsLead = true });
        db.Entries.Add(entry);
        await db.SaveChangesAsync();
        return new SeededEntry(entry.Id, code, entry.Title, categoryId, originalFileName, stored);
    }

    /// <summary>A judge of the competition (an account with the Judge role) for the given categories.</summary>
    public static async Task<(HttpClient Client, int JudgeId, string Email)> JudgeAsync(this SiteFactory site, Competition c, string name = "Dewi Anggraini", bool login = true)
    {
        var email = Support.Accounts.NewEmail("juri");
        var user = await site.CreateUserAsync(email, [Roles.Judge], name);
        var judgeId = await site.WithDbAsync(async db =>
        {
            var j = new CompetitionJudge
            {
                CompetitionId = c.Id,
                UserId = user.Id,
                CategoryIds = await db.Categories.Where(x => x.CompetitionId == c.Id).Select(x => x.Id).ToListAsync(),
                JoinedAt = DateTime.UtcNow,
                ConflictsReviewedAt = DateTime.UtcNow,
            };
            db.CompetitionJudges.Add(j);
            await db.SaveChangesAsync();
            return j.Id;
        });
        HttpClient client;
        if (login)
        {
            client = site.CreateBrowser();
            var response = await client.LogInAsync(email);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        else
        {
            client = site.CreateBrowser();
        }

        return (client, judgeId, email);
    }

    public static Task<int> AssignAsync(this SiteFactory site, int judgeId, SeededEntry entry) =>
        site.WithDbAsync(async db =>
        {
            var competitionId = await db.Categories.Where(x => x.Id == entry.CategoryId).Select(x => x.CompetitionId).SingleAsync();
            var a = new JudgeAssignment
            {
                CompetitionId = competitionId,
                CategoryId = entry.CategoryId,
                EntryId = entry.Id,
                CompetitionJudgeId = judgeId,
                AssignedAt = DateTime.UtcNow,
                Source = AssignmentSource.Manual,
            };
            db.JudgeAssignments.Add(a);
            await db.SaveChangesAsync();
            return a.Id;
        });

    public static Task DeclareAsync(this SiteFactory site, int judgeId, JudgeConflict conflict) =>
        site.WithDbAsync(async db =>
        {
            conflict.CompetitionJudgeId = judgeId;
            conflict.DeclaredAt = DateTime.UtcNow;
            db.JudgeConflicts.Add(conflict);
            await db.SaveChangesAsync();
            return 0;
        });

    public static Task<Scorecard?> ScorecardAsync(this SiteFactory site, int judgeId, int entryId) =>
        site.WithDbAsync(db => db.Scorecards.AsNoTracking().Include(s => s.Points)
            .SingleOrDefaultAsync(s => db.JudgeAssignments.Any(a => a.Id == s.AssignmentId && a.CompetitionJudgeId == judgeId && a.EntryId == entryId)));

    public static Task<List<Criterion>> CriteriaAsync(this SiteFactory site, int categoryId) =>
        site.WithDbAsync(db => (from cat in db.Categories
                                join cr in db.Criteria on cat.RubricId equals cr.RubricId
                                where cat.Id == categoryId
                                orderby cr.Order
                                select cr).ToListAsync());

    public static Task<List<string>> AuditAsync(this SiteFactory site, int competitionId, string action) =>
        site.WithDbAsync(db => db.AuditEvents.Where(e => e.CompetitionId == competitionId && e.Action == action).OrderBy(e => e.Id).Select(e => e.Details).ToListAsync());

    /// <summary>Loads the scoring page and posts its form with the given points (criterion order) and command.</summary>
    public static async Task<HttpResponseMessage> ScoreAsync(this HttpClient judge, SiteFactory site, SeededEntry entry, int?[] points, string command,
        string? feedback = null, string? note = null)
    {
        var criteria = await site.CriteriaAsync(entry.CategoryId);
        var values = new Dictionary<string, string> { ["Command"] = command };
        for (var i = 0; i < criteria.Count; i++)
        {
            values[$"Points[{criteria[i].Id}]"] = points.ElementAtOrDefault(i)?.ToString() ?? "";
        }

        if (feedback is not null)
        {
            values["Feedback"] = feedback;
        }

        if (note is not null)
        {
            values["PrivateNote"] = note;
        }

        return await judge.SubmitFormAsync($"/judge/entries/{entry.Code}", values, $"/judge/entries/{entry.Code}");
    }

    /// <summary>A small valid PNG (1×1, transparent).</summary>
    public static readonly byte[] PngBytes = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");
}
