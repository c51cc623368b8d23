using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Support;

/// <summary>The real site with a clock the tests control.</summary>
public class CompetitionSiteFactory : SiteFactory
{
    public TestClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>Competitions put straight into the database, to arrange a test; the actions under test go through HTTP.</summary>
public static class CompetitionData
{
    public const string WibOffset = "+07:00";

    /// <summary>A competition open now (opened a day ago, deadline in ten days), with one image category and a rubric.</summary>
    public static async Task<Competition> SeedAsync(this CompetitionSiteFactory site, CompetitionStage stage = CompetitionStage.Live,
        Action<Competition>? configure = null, bool withCategory = true)
    {
        var now = site.Clock.UtcNow;
        var slug = "lomba-" + Guid.NewGuid().ToString("N")[..10];
        var c = new Competition
        {
            Slug = slug,
            Title = "Lomba Poster Hari Guru " + slug[^4..],
            Summary = "Buat poster tentang guru favoritmu.",
            DescriptionMarkdown = "Lomba poster untuk **siswa** SD sampai SMA.",
            RulesMarkdown = "1. Karya asli.\n2. Satu karya per siswa.",
            OrganizingBody = "Relawan TIK Banten",
            ContactEmail = "panitia@example.test",
            OpensAt = now.AddDays(-1),
            SubmissionClosesAt = now.AddDays(10),
            JudgingEndsAt = now.AddDays(20),
            ResultsAnnouncedAt = now.AddDays(25),
            Stage = stage,
            OpenedAt = stage == CompetitionStage.Draft ? null : now.AddDays(-2),
            CreatedAt = now.AddDays(-3),
            UpdatedAt = now.AddDays(-3),
        };
        if (withCategory)
        {
            var rubric = new Rubric
            {
                Name = "Rubrik Poster",
                Criteria =
                [
                    new Criterion { Order = 0, Name = "Ide", Weight = 40, MaxPoints = 10 },
                    new Criterion { Order = 1, Name = "Teknik", Weight = 60, MaxPoints = 10 },
                ],
            };
            c.Rubrics.Add(rubric);
            c.Categories.Add(new Category
            {
                Name = "Poster SD",
                Levels = SchoolLevels.SD,
                MinGrade = 4,
                MaxGrade = 6,
                Kind = EntryKind.Image,
                AllowedExtensions = ".jpg,.png",
                MaxFileSizeMb = 5,
                Rubric = rubric,
                AwardTiers = AwardTierDefaults.Create(),
            });
        }

        configure?.Invoke(c);
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Competitions.Add(c);
        await db.SaveChangesAsync();
        return c;
    }

    public static async Task<T> WithDbAsync<T>(this SiteFactory site, Func<AppDbContext, Task<T>> read)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await read(db);
    }

    public static Task<Competition> LoadAsync(this SiteFactory site, int id) =>
        site.WithDbAsync(db => db.Competitions.AsNoTracking()
            .Include(c => c.Categories).ThenInclude(x => x.AwardTiers)
            .Include(c => c.Rubrics).ThenInclude(r => r.Criteria)
            .AsSplitQuery()
            .SingleAsync(c => c.Id == id));

    public static Task<int> CompetitionCountAsync(this SiteFactory site) => site.WithDbAsync(db => db.Competitions.CountAsync());

    /// <summary>A UTC time as typed into a datetime-local input in WIB.</summary>
    public static string Wib(DateTime utc) => utc.AddHours(7).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The fields of a complete, valid competition form with dates relative to the site's clock.</summary>
    public static Dictionary<string, string> ValidCompetitionForm(this CompetitionSiteFactory site, string title)
    {
        var now = site.Clock.UtcNow;
        return new Dictionary<string, string>
        {
            ["Title"] = title,
            ["Slug"] = "",
            ["Summary"] = "Lomba menulis cerpen untuk pelajar.",
            ["DescriptionMarkdown"] = "Tulis cerpen bertema *persahabatan*.",
            ["RulesMarkdown"] = "- Maksimal 1500 kata.",
            ["OrganizingBody"] = "Relawan TIK Jawa Barat",
            ["ContactEmail"] = "lomba@example.test",
            ["TimeZoneId"] = "Asia/Jakarta",
            ["OpensAt"] = Wib(now.AddDays(1)),
            ["SubmissionClosesAt"] = Wib(now.AddDays(30)),
            ["JudgingEndsAt"] = Wib(now.AddDays(40)),
            ["ResultsAnnouncedAt"] = Wib(now.AddDays(45)),
            ["GraceMinutes"] = "15",
            ["JudgesPerEntry"] = "3",
        };
    }

    /// <summary>The id at the end of a redirect to /admin/competitions/{id}.</summary>
    public static int IdFromRedirect(HttpResponseMessage response)
    {
        var path = response.RedirectPath();
        return int.Parse(path.TrimEnd('/').Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
