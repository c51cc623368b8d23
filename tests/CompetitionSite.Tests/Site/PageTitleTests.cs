using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Judging;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CompetitionSite.Tests.Site;

/// <summary>
/// Every page a person reaches has its own title in the tab, history and bookmarks, in the reader's language — on
/// the demo data, as each kind of user, in Bahasa Indonesia and in English. Titles come from the views and the
/// resources, not from the database, so it runs in the SQLite pass only (its demo seed is one of the suite's slowest steps).
/// </summary>
[LongRunning]
[Trait("Database", "SqliteOnly")]
public sealed class PageTitleTests(DemoSite site, ITestOutputHelper output) : IClassFixture<DemoSite>
{
    private const string SiteName = "Lomba Online Relawan TIK";

    /// <summary>A page to visit; <paramref name="DataTitle"/> when its title is a name from the data (the same in both languages).</summary>
    private sealed record PageToVisit(string Who, string Url, bool DataTitle = false);

    [Fact]
    public async Task Every_page_has_a_distinct_title_in_the_readers_language()
    {
        var pages = await PagesAsync();
        var titles = new Dictionary<string, Dictionary<string, string>>(); // language → url → title
        var problems = new List<string>();
        foreach (var language in new[] { "id", "en" })
        {
            var clients = await ClientsAsync(language);
            var byUrl = titles[language] = [];
            foreach (var page in pages)
            {
                var (response, document) = await clients[page.Who].GetPageAsync(page.Url);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    problems.Add($"{language} {page.Who} {page.Url}: HTTP {(int)response.StatusCode}");
                    continue;
                }

                var title = document.Title ?? "";
                var suffix = " · " + SiteName;
                if (!title.EndsWith(suffix, StringComparison.Ordinal) || title.Length == suffix.Length)
                {
                    problems.Add($"{language} {page.Who} {page.Url}: the title is \"{title}\", not \"<page> · {SiteName}\"");
                    continue;
                }

                byUrl[page.Who + " " + page.Url] = title[..^suffix.Length];
                var og = document.QuerySelector("meta[property='og:title']")?.GetAttribute("content");
                if (og != title[..^suffix.Length])
                {
                    problems.Add($"{language} {page.Who} {page.Url}: og:title \"{og}\" is not the page's title");
                }
            }

            foreach (var same in byUrl.GroupBy(kv => kv.Value).Where(g => g.Count() > 1))
            {
                problems.Add($"{language}: \"{same.Key}\" is the title of {string.Join(", ", same.Select(kv => kv.Key))}");
            }
        }

        foreach (var page in pages.Where(p => !p.DataTitle))
        {
            var key = page.Who + " " + page.Url;
            if (titles["id"].TryGetValue(key, out var id) && titles["en"].TryGetValue(key, out var en) && id == en)
            {
                problems.Add($"{key}: the title \"{id}\" is the same in Indonesian and English");
            }
        }

        foreach (var (key, title) in titles["id"])
        {
            output.WriteLine($"{key}: {title} | {titles["en"].GetValueOrDefault(key)}");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(titles["id"].Count >= 50, $"{titles["id"].Count} pages checked");
    }

    [Fact]
    public async Task The_winners_page_gives_link_previews_its_own_title_description_and_image()
    {
        var published = (await DbAsync(db => db.Competitions.AsNoTracking().ToListAsync())).Single(c => c.PhaseAt(DateTime.UtcNow) == Phase.Published);
        var visitor = await site.VisitorAsync("id");
        var (_, page) = await visitor.GetPageAsync($"/lomba/{published.Slug}/pemenang");

        string? Meta(string property) => page.QuerySelector($"meta[property='{property}']")?.GetAttribute("content");
        Assert.Equal($"Pemenang: {published.Title}", Meta("og:title"));
        Assert.Contains(published.Title, Meta("og:description"));
        Assert.StartsWith("http://localhost/", Meta("og:image"));
        Assert.Equal($"http://localhost/lomba/{published.Slug}/pemenang", Meta("og:url"));
        Assert.Contains(published.Title, page.QuerySelector("meta[name=description]")?.GetAttribute("content"));
        var image = await visitor.GetAsync(new Uri(Meta("og:image")!).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.StartsWith("image/", image.Content.Headers.ContentType?.MediaType);
    }

    private async Task<Dictionary<string, HttpClient>> ClientsAsync(string language)
    {
        var (organizer, judge, guardian, student) = await PeopleAsync();
        return new()
        {
            ["visitor"] = await site.VisitorAsync(language),
            ["organizer"] = await site.LoggedInAsync(organizer, language),
            ["judge"] = await site.LoggedInAsync(judge, language),
            ["guardian"] = await site.LoggedInAsync(guardian, language),
            ["student"] = await site.LoggedInAsync(student, language),
        };
    }

    private async Task<(string Organizer, string Judge, string Guardian, string Student)> PeopleAsync()
    {
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var organizer = (await users.GetUsersInRoleAsync(Roles.Organizer)).Single().Email!;
        var guardian = (await users.GetUsersInRoleAsync(Roles.Guardian)).First().Email!;
        var judging = await JudgingCompetitionIdAsync(db);
        var judgeId = await db.CompetitionJudges.Where(j => j.CompetitionId == judging)
            .Where(j => db.JudgeAssignments.Any(a => a.CompetitionJudgeId == j.Id && (a.Scorecard == null || a.Scorecard.Status != ScoreStatus.Submitted)))
            .Select(j => j.UserId).FirstAsync();
        var judge = (await users.FindByIdAsync(judgeId))!.Email!;
        var studentId = await StudentWithCertificateAsync(db);
        var student = (await users.FindByIdAsync(studentId))!.Email!;
        return (organizer, judge, guardian, student);
    }

    private static async Task<int> JudgingCompetitionIdAsync(AppDbContext db)
    {
        var now = DateTime.UtcNow;
        return (await db.Competitions.AsNoTracking().ToListAsync()).Single(c => c.PhaseAt(now) == Phase.Judging).Id;
    }

    /// <summary>A student with an account, an entry in the published competition and one in the one being judged.</summary>
    private static Task<string> StudentWithCertificateAsync(AppDbContext db) =>
        db.Participants.Where(p => p.UserId != null && db.Certificates.Any(c => c.ParticipantId == p.Id))
            .OrderBy(p => p.Id).Select(p => p.UserId!).FirstAsync();

    private async Task<List<PageToVisit>> PagesAsync()
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = DateTime.UtcNow;
        var competitions = await db.Competitions.AsNoTracking().Include(c => c.Categories).ToListAsync();
        var published = competitions.Single(c => c.PhaseAt(now) == Phase.Published);
        var judging = competitions.Single(c => c.PhaseAt(now) == Phase.Judging);
        var open = competitions.Single(c => c.PhaseAt(now) == Phase.Open);
        var category = judging.Categories.OrderBy(c => c.Id).First();
        var openCategory = open.Categories.OrderBy(c => c.Id).First();
        var rubricId = await db.Rubrics.Where(r => r.CompetitionId == open.Id).Select(r => r.Id).FirstAsync();
        var entry = await db.Entries.Where(e => e.CategoryId == category.Id && e.Status == EntryStatus.Submitted).Select(e => e.Id).FirstAsync();
        var certificate = await db.Certificates.Where(c => c.Kind == CertificateKind.Achievement).Select(c => c.Number).FirstAsync();
        var scored = await db.JudgeAssignments.Where(a => a.CompetitionId == judging.Id && a.Scorecard != null && a.Scorecard.Status == ScoreStatus.Submitted)
            .Select(a => a.Id).FirstAsync();
        var (_, judgeEmail, guardianEmail, _) = await PeopleAsync();
        var studentUserId = await StudentWithCertificateAsync(db);
        var studentEntry = await db.EntryMembers.Where(m => db.Participants.Any(p => p.Id == m.ParticipantId && p.UserId == studentUserId))
            .Select(m => m.EntryId).FirstAsync();
        var studentLevel = await db.Participants.Where(p => p.UserId == studentUserId).Select(p => p.Level).SingleAsync();
        var guardianId = await db.Users.Where(u => u.Email == guardianEmail).Select(u => u.Id).SingleAsync();
        var pupil = await db.Participants.Where(p => p.GuardianUserId == guardianId).Select(p => p.Id).FirstAsync();

        // The judge's first entry to score, as their queue links it.
        var judgeClient = await site.LoggedInAsync(judgeEmail, "id");
        var (_, queue) = await judgeClient.GetPageAsync($"/judge/competitions/{judging.Id}");
        var scoreUrl = queue.QuerySelectorAll("a[href^='/judge/entries/']").Select(a => a.GetAttribute("href")!).First();

        return
        [
            new("visitor", "/"),
            new("visitor", "/privacy"),
            new("visitor", $"/lomba/{open.Slug}", DataTitle: true),
            new("visitor", $"/lomba/{published.Slug}/pemenang"),
            new("visitor", "/sertifikat"),
            new("visitor", $"/sertifikat/{certificate}"),
            new("visitor", "/account/login"),
            new("visitor", "/account/register"),
            new("visitor", "/account/forgot-password"),
            new("visitor", "/account/resend-confirmation"),

            new("organizer", "/admin"),
            new("organizer", "/admin/users"),
            new("organizer", "/admin/outbox"),
            new("organizer", "/admin/competitions"),
            new("organizer", "/admin/competitions/new"),
            new("organizer", $"/admin/competitions/{open.Id}"),
            new("organizer", $"/admin/competitions/{open.Id}/edit"),
            new("organizer", $"/admin/competitions/{open.Id}/copy"),
            new("organizer", $"/admin/competitions/{judging.Id}/move-back"),
            new("organizer", $"/admin/competitions/{open.Id}/audit"),
            new("organizer", $"/admin/competitions/{open.Id}/categories/new"),
            new("organizer", $"/admin/competitions/{open.Id}/categories/{openCategory.Id}/edit"),
            new("organizer", $"/admin/competitions/{open.Id}/rubrics/new"),
            new("organizer", $"/admin/competitions/{open.Id}/rubrics/{rubricId}/edit"),
            new("organizer", "/admin/entries"),
            new("organizer", $"/admin/entries?competition={judging.Id}"),
            new("organizer", $"/admin/entries/{entry}"),
            new("organizer", $"/admin/competitions/{judging.Id}/judging"),
            new("organizer", $"/admin/competitions/{judging.Id}/judging/judges"),
            new("organizer", $"/admin/competitions/{judging.Id}/judging/categories/{category.Id}"),
            new("organizer", $"/admin/competitions/{judging.Id}/judging/entries/{entry}"),
            new("organizer", $"/admin/competitions/{judging.Id}/judging/assignments/{scored}/remove"),
            new("organizer", $"/admin/competitions/{judging.Id}/judging/progress"),
            new("organizer", $"/admin/competitions/{published.Id}/results"),
            new("organizer", $"/admin/competitions/{published.Id}/results/categories/{published.Categories.OrderBy(c => c.Id).First().Id}"),
            new("organizer", $"/admin/competitions/{published.Id}/results/print"),
            new("organizer", $"/admin/competitions/{published.Id}/certificates"),
            new("organizer", "/account/profile"),
            new("organizer", "/account/change-password"),
            new("organizer", "/account/change-email"),

            new("judge", "/judge"),
            new("judge", $"/judge/competitions/{judging.Id}"),
            new("judge", $"/judge/competitions/{judging.Id}/conflicts"),
            new("judge", scoreUrl),

            new("student", "/entries"),
            new("student", $"/entries/{studentEntry}", DataTitle: true),
            new("student", $"/entries/new?category={open.Categories.Single(c => c.Levels == studentLevel).Id}"),
            new("student", "/participant/profile"),
            new("student", "/participant/data"),

            new("guardian", "/guardian/pupils"),
            new("guardian", "/guardian/pupils/new"),
            new("guardian", $"/guardian/pupils/{pupil}"),
            new("guardian", "/guardian/consent"),
        ];
    }

    private async Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}
