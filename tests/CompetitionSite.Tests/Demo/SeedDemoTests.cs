using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using CompetitionSite.Tests.Results;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Features.Demo;
using CompetitionSite.Web.Features.Entries;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;
using Xunit.Abstractions;

namespace CompetitionSite.Tests.Demo;

/// <summary>
/// `seed-demo` on an empty real SQLite file with its files on the local disk: what it makes is what the site would have
/// made, the public pages work on it, a demo student can log in with the printed password and enter the open
/// competition, and a second run refuses and changes nothing. The seed is the suite's slowest step, so each pass runs
/// it once: in the SQLite pass the seed that <see cref="SeededDemo"/> shares with the other tests that read the demo
/// (each checks a copy of its own), in the PostgreSQL pass <see cref="SeedDemoOnAzureTests"/> (the same checks on
/// PostgreSQL with Azure Blob Storage).
/// </summary>
[LongRunning]
public sealed class SeedDemoTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Database", "SqliteOnly")]
    public async Task Seed_fills_an_empty_database_with_three_competitions_200_participants_12_judges_files_scores_and_certificates()
    {
        // The seed of the test process's shared demo (SeededDemo), checked here on a copy of its own.
        var seeded = await SeededDemo.TemplateAsync();
        output.WriteLine(seeded.Output);
        output.WriteLine($"seed-demo exit code {seeded.ExitCode} after {seeded.Took.TotalSeconds:0.0} s");
        Assert.Equal(0, seeded.ExitCode);
        using var site = new SiteFactory();
        var printed = await SeededDemo.CopyIntoAsync(site);
        await CheckDemoAsync(site, printed);

        // A second run refuses, says why, and changes nothing.
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var before = await CountsAsync(db);
        var storedFiles = Directory.GetFiles(site.Settings["Storage:Local:Root"]!, "*", SearchOption.AllDirectories).Length;
        var (again, message) = await SeedAsync(site);
        Assert.Equal(1, again);
        Assert.Contains("already has data", message);
        Assert.Equal(before, await CountsAsync(db));
        Assert.Equal(storedFiles, Directory.GetFiles(site.Settings["Storage:Local:Root"]!, "*", SearchOption.AllDirectories).Length);
    }

    /// <summary>What a seeded demo must hold, whichever database and file store it was seeded into.</summary>
    internal static async Task CheckDemoAsync(SiteFactory site, string printed)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = DateTime.UtcNow;
        var today = DateOnly.FromDateTime(now);

        // Three competitions, one in each of the phases a demo needs, each with one category per school level.
        var competitions = await db.Competitions.AsNoTracking().Include(c => c.Categories).ToListAsync();
        Assert.Equal(3, competitions.Count);
        var published = Assert.Single(competitions, c => c.PhaseAt(now) == Phase.Published);
        var judging = Assert.Single(competitions, c => c.PhaseAt(now) == Phase.Judging);
        var open = Assert.Single(competitions, c => c.PhaseAt(now) == Phase.Open);
        Assert.True(published.SubmissionClosesAt < now.AddDays(-60), "the published competition closed months ago");
        Assert.InRange(judging.SubmissionClosesAt, now.AddDays(-10), now);
        Assert.InRange(judging.JudgingEndsAt, now.AddDays(5), now.AddDays(15));
        Assert.InRange(open.SubmissionClosesAt, now.AddDays(14), now.AddDays(35));
        foreach (var c in competitions)
        {
            Assert.Equal(3, c.Categories.Count);
            foreach (var level in SchoolGrades.Levels)
            {
                Assert.Single(c.Categories, x => x.Levels == level);
            }
        }

        // 200 participants from Banten's eight regencies and cities; every minor has a recorded guardian consent.
        var participants = await db.Participants.AsNoTracking().Include(p => p.Consents).ToListAsync();
        Assert.InRange(participants.Count, 190, 220);
        Assert.All(participants, p => Assert.Equal(Regions.Banten, p.Province));
        Assert.Equal(Regions.BantenRegencies.Order(), participants.Select(p => p.Regency).Distinct().Order());
        Assert.All(participants, p => Assert.True(Eligibility.IsComplete(p), $"{p.FullName}'s profile is complete"));
        Assert.All(participants, p => Assert.True(ConsentRules.AllowsJudging(p, today), $"{p.FullName} has consent or needs none"));
        Assert.Contains(participants, p => p.IsMinorOn(today) && p.Consents.Any(c => c.Method == ConsentMethod.GuardianAccountCollectedFromParents));
        Assert.Contains(participants, p => p.IsMinorOn(today) && p.Consents.Any(c => c.Method == ConsentMethod.EmailLink && c.TokenHash != null));
        foreach (var level in SchoolGrades.Levels)
        {
            Assert.True(participants.Count(p => p.Level == level) >= 50, $"enough {level} participants");
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.Equal(DemoSeeder.JudgeCount, (await users.GetUsersInRoleAsync(Roles.Judge)).Count);
        Assert.Single(await users.GetUsersInRoleAsync(Roles.Organizer));

        // Entries with files that are really in the store, with the recorded SHA-256 and a real PNG or PDF inside.
        var files = await db.EntryFiles.AsNoTracking().Where(f => f.IsCurrent).ToListAsync();
        Assert.True(files.Count >= 200, $"{files.Count} files");
        var store = scope.ServiceProvider.GetRequiredService<IFileStore>();
        await CheckFilesAsync(store, files);
        foreach (var c in competitions)
        {
            var categoryIds = c.Categories.Select(x => x.Id).ToList();
            Assert.True(await db.Entries.CountAsync(e => categoryIds.Contains(e.CategoryId) && e.Status == EntryStatus.Submitted) >= 30, $"{c.Title} has entries");
        }

        // The judged competition is complete; the one in judging is part-way, with the jury assigned.
        var pastCards = await db.Scorecards.CountAsync(s => db.JudgeAssignments.Any(a => a.Id == s.AssignmentId && a.CompetitionId == published.Id) && s.Status == ScoreStatus.Submitted);
        var pastAssignments = await db.JudgeAssignments.CountAsync(a => a.CompetitionId == published.Id);
        Assert.True(pastAssignments > 0);
        Assert.Equal(pastAssignments, pastCards);
        var judgingAssignments = await db.JudgeAssignments.CountAsync(a => a.CompetitionId == judging.Id);
        var judgingSubmitted = await db.Scorecards.CountAsync(s => db.JudgeAssignments.Any(a => a.Id == s.AssignmentId && a.CompetitionId == judging.Id) && s.Status == ScoreStatus.Submitted);
        Assert.True(judgingAssignments > 0);
        Assert.InRange(judgingSubmitted, 1, judgingAssignments - 1);
        Assert.Equal(DemoSeeder.JudgeCount, await db.CompetitionJudges.CountAsync(j => j.CompetitionId == judging.Id));

        // Published: awards in every category, certificates that verify, and the winners page.
        var awards = await db.EntryAwards.AsNoTracking().Where(a => a.CompetitionId == published.Id).ToListAsync();
        Assert.All(published.Categories, x => Assert.Contains(awards, a => a.CategoryId == x.Id && a.AwardName == "Juara 1"));
        var certificates = await db.Certificates.AsNoTracking().Where(c => c.CompetitionId == published.Id).ToListAsync();
        Assert.Equal(await db.Entries.CountAsync(e => e.Category.CompetitionId == published.Id && e.Status == EntryStatus.Submitted),
            certificates.Count(c => c.Kind == CertificateKind.Participation));
        var achievement = certificates.First(c => c.Kind == CertificateKind.Achievement && c.AwardName == "Juara 1");
        var visitor = site.CreateBrowser();
        var (verified, verifyPage) = await visitor.GetPageAsync("/sertifikat/" + achievement.Number);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Contains(achievement.RecipientName, verifyPage.MainText());
        var (winners, winnersPage) = await visitor.GetPageAsync($"/lomba/{published.Slug}/pemenang");
        Assert.Equal(HttpStatusCode.OK, winners.StatusCode);
        Assert.Contains("Juara 1", winnersPage.MainText());
        // Its gallery shows the entries whose authors (or guardians) agreed to publication, with their names.
        var (gallery, galleryPage) = await visitor.GetPageAsync($"/lomba/{published.Slug}/galeri");
        Assert.Equal(HttpStatusCode.OK, gallery.StatusCode);
        Assert.NotEmpty(galleryPage.QuerySelectorAll(".gallery-card .gallery-authors"));
        Assert.Equal(HttpStatusCode.NotFound, await visitor.StatusAsync($"/lomba/{judging.Slug}/galeri"));
        Assert.Equal(HttpStatusCode.OK, await visitor.StatusAsync($"/lomba/{open.Slug}/galeri"));
        Assert.Equal(HttpStatusCode.OK, await visitor.StatusAsync("/"));
        Assert.Equal(HttpStatusCode.OK, await visitor.StatusAsync($"/lomba/{open.Slug}"));
        Assert.Equal(6, await db.JudgeInvitations.CountAsync(i => i.CompetitionId == open.Id && i.Status == InvitationStatus.Pending));
        Assert.Equal(3, await db.CertificateDesigns.CountAsync(d => d.SignerName != ""));

        // The summary names the competitions and accounts; nothing is left for the outbox to deliver.
        Assert.Contains(DemoSeeder.Password, printed);
        Assert.Contains($"/lomba/{published.Slug}/pemenang", printed);
        Assert.Contains($"/lomba/{open.Slug}", printed);
        Assert.Equal(0, await db.OutboxMessages.CountAsync(m => m.Status == Web.Domain.Email.OutboxStatus.Pending));

        // A demo student printed in the summary logs in with the printed password and enters the open competition.
        var studentEmail = printed.Split('\n').First(l => l.TrimStart().StartsWith("Student", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).First(w => w.EndsWith("@" + DemoSeeder.EmailDomain, StringComparison.Ordinal));
        var browser = site.CreateBrowser();
        var login = await browser.LogInAsync(studentEmail, DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.DoesNotContain("/account/login", login.RedirectPath());
        Assert.Equal(HttpStatusCode.OK, await browser.StatusAsync("/account/profile"));

        var student = await users.FindByEmailAsync(studentEmail);
        var participant = await db.Participants.Include(p => p.Consents).SingleAsync(p => p.UserId == student!.Id);
        var category = await db.Categories.Include(x => x.Competition).SingleAsync(x => x.CompetitionId == open.Id && x.Levels == participant.Level);
        var (entry, problems) = await scope.ServiceProvider.GetRequiredService<EntryChanges>()
            .CreateAsync(category, participant, student!.Id, new EntryDetails("Karya baru dari tes", null, null));
        Assert.Empty(problems);
        Assert.NotNull(entry);

    }

    [Fact]
    public void Demo_poster_is_a_PNG_whose_pixels_decompress_and_the_essay_a_PDF_with_its_text()
    {
        var png = DemoFiles.Poster("AL", 42);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(DemoFiles.PosterWidth, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(DemoFiles.PosterHeight, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        var idatLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(33));
        Assert.Equal("IDAT", System.Text.Encoding.ASCII.GetString(png, 37, 4));
        using var z = new System.IO.Compression.ZLibStream(new MemoryStream(png, 41, idatLength), System.IO.Compression.CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        Assert.Equal(DemoFiles.PosterHeight * (1 + DemoFiles.PosterWidth * 3), raw.Length);
        Assert.InRange(png.Length, 1_000, 32 * 1024);
        Assert.NotEqual(png, DemoFiles.Poster("AL", 43));

        var pdf = DemoFiles.Essay("Internet Desa untuk Petani Lebak", "Ayu Lestari", "SMA Negeri 1 Rangkasbitung", ["Paragraf pertama tentang desa."]);
        using var document = PdfDocument.Open(pdf);
        var text = document.GetPage(1).Text;
        Assert.Contains("Internet Desa", text);
        Assert.Contains("Ayu Lestari", text);
    }

    private Task<(int Code, string Output)> SeedAsync(SiteFactory site) => SeedAsync(site, output);

    internal static async Task<(int Code, string Output)> SeedAsync(SiteFactory site, ITestOutputHelper output)
    {
        site.CreateBrowser(); // starts the site (migrations, roles) as `dotnet run` would
        var writer = new StringWriter();
        var watch = Stopwatch.StartNew();
        var code = await SeedDemoCommand.RunAsync(site.Services, writer);
        output.WriteLine(writer.ToString());
        output.WriteLine($"seed-demo exit code {code} after {watch.Elapsed.TotalSeconds:0.0} s (machine load average {LoadAverage()})");
        return (code, writer.ToString());
    }

    internal static async Task CheckFilesAsync(IFileStore store, IReadOnlyList<EntryFile> files)
    {
        foreach (var f in files)
        {
            await using var stream = await store.OpenReadAsync(f.StoredName);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            var bytes = copy.ToArray();
            Assert.Equal(f.SizeBytes, bytes.Length);
            Assert.Equal(f.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            if (f.ContentType == "image/png")
            {
                Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
                Assert.InRange(bytes.Length, 500, 64 * 1024);
            }
            else
            {
                Assert.Equal("application/pdf", f.ContentType);
                using var pdf = PdfDocument.Open(bytes);
                Assert.False(string.IsNullOrWhiteSpace(pdf.GetPage(1).Text));
            }
        }
    }

    internal static async Task<string> CountsAsync(AppDbContext db) =>
        string.Join(",", await db.Users.CountAsync(), await db.Competitions.CountAsync(), await db.Participants.CountAsync(),
            await db.Entries.CountAsync(), await db.EntryFiles.CountAsync(), await db.Scorecards.CountAsync(), await db.Certificates.CountAsync(),
            await db.AuditEvents.CountAsync(), await db.OutboxMessages.CountAsync());

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}

/// <summary>
/// `seed-demo` on PostgreSQL with Azure Blob Storage configured (real Azurite): the same checks as
/// <see cref="SeedDemoTests"/>, in the PostgreSQL pass only (with SeedDemoTests in the SQLite pass, the seeder runs
/// once on each database and once on each file store). A class of its own, so that its seed runs alongside the others.
/// </summary>
[LongRunning]
public sealed class SeedDemoOnAzureTests(ITestOutputHelper output)
{
    [OnPostgreSqlFact]
    public async Task Seed_keeps_the_files_in_Azure_blob_storage_when_it_is_configured()
    {
        using var site = new SiteFactory().UseAzurite(AzuriteServer.Shared);
        var (code, printed) = await SeedDemoTests.SeedAsync(site, output);
        Assert.Equal(0, code);
        await SeedDemoTests.CheckDemoAsync(site, printed);

        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<IFileStore>();
        Assert.IsType<AzureBlobFileStore>(store);
        var files = await db.EntryFiles.AsNoTracking().Where(f => f.IsCurrent).ToListAsync();
        Assert.True(files.Count >= 200);
        Assert.False(Directory.Exists(site.Settings["Storage:Local:Root"]) && Directory.EnumerateFiles(site.Settings["Storage:Local:Root"]!, "*", SearchOption.AllDirectories).Any(),
            "nothing went to the local disk");

        var number = await db.Certificates.Where(c => c.Kind == CertificateKind.Achievement).Select(c => c.Number).FirstAsync();
        Assert.Equal(HttpStatusCode.OK, await site.CreateBrowser().StatusAsync("/sertifikat/" + number));

        // A second run refuses and changes nothing.
        var before = await SeedDemoTests.CountsAsync(db);
        var (again, message) = await SeedDemoTests.SeedAsync(site, output);
        Assert.Equal(1, again);
        Assert.Contains("already has data", message);
        Assert.Equal(before, await SeedDemoTests.CountsAsync(db));
    }
}
