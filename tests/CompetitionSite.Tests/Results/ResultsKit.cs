using System.Net;
using System.Text.RegularExpressions;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Judging;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Participants;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace CompetitionSite.Tests.Results;

/// <summary>A scored entry arranged in the database: its student, and what each judge gave (criterion order).</summary>
public sealed record ScoredEntry(SeededEntry Entry, Student Student, int ParticipantId);

/// <summary>A competition in review with judges and submitted scores, put straight into the database as the judging tests do.</summary>
public static partial class ResultsKit
{
    public static readonly string[] JudgeNames = ["Dewi Anggraini", "Bambang Prasetyo", "Yohana Sitompul"];

    /// <summary>A competition in review whose one category gives Juara 1–3 and a special "Juara Favorit".</summary>
    public static Task<Competition> SeedReviewAsync(this CompetitionSiteFactory site, int judgesPerEntry = 2) =>
        site.SeedInPhaseAsync(Phase.Review, judgesPerEntry, c =>
        {
            var tiers = c.Categories[0].AwardTiers;
            tiers.Clear();
            tiers.Add(new AwardTier { Name = "Juara 1", Order = 0, Count = 1 });
            tiers.Add(new AwardTier { Name = "Juara 2", Order = 1, Count = 1 });
            tiers.Add(new AwardTier { Name = "Juara 3", Order = 2, Count = 1 });
            tiers.Add(new AwardTier { Name = "Juara Favorit", Order = 3, Count = 1, IsSpecial = true });
        });

    public static Student NewStudent(string fullName, string school, string regency) =>
        new(fullName, school, null, "Banten", regency, Support.Accounts.NewEmail("siswa"));

    /// <summary>A submitted entry of a student with an account (so the result goes to their address).</summary>
    public static async Task<ScoredEntry> EntryAsync(this CompetitionSiteFactory site, Competition c, Student student, string title,
        PublicNameDisplay name = PublicNameDisplay.FirstNameAndSchool, bool allowPreview = false)
    {
        var entry = await site.SeedEntryAsync(c.Categories[0].Id, student, title);
        var participantId = await site.WithDbAsync(async db =>
        {
            var p = await db.Participants.SingleAsync(x => db.EntryMembers.Any(m => m.EntryId == entry.Id && m.ParticipantId == x.Id));
            p.PublicName = name;
            p.AllowPublicPreview = allowPreview;
            await db.SaveChangesAsync();
            return p.Id;
        });
        return new ScoredEntry(entry, student, participantId);
    }

    /// <summary>A judge of the competition, not logged in.</summary>
    public static async Task<int> JudgeIdAsync(this CompetitionSiteFactory site, Competition c, string name) =>
        (await site.JudgeAsync(c, name, login: false)).JudgeId;

    /// <summary>A submitted score of the judge for the entry, with feedback for the student and a private note.</summary>
    public static Task ScoreAsync(this CompetitionSiteFactory site, int judgeId, ScoredEntry entry, int[] points, string feedback, string note = "catatan untuk panitia")
        => site.WithDbAsync(async db =>
        {
            var criteria = await (from cat in db.Categories
                                  join cr in db.Criteria on cat.RubricId equals cr.RubricId
                                  where cat.Id == entry.Entry.CategoryId
                                  orderby cr.Order
                                  select cr).ToListAsync();
            var competitionId = await db.Categories.Where(x => x.Id == entry.Entry.CategoryId).Select(x => x.CompetitionId).SingleAsync();
            var now = DateTime.UtcNow;
            var a = new JudgeAssignment
            {
                CompetitionId = competitionId,
                CategoryId = entry.Entry.CategoryId,
                EntryId = entry.Entry.Id,
                CompetitionJudgeId = judgeId,
                AssignedAt = now.AddDays(-10),
                Source = AssignmentSource.Manual,
                Scorecard = new Scorecard
                {
                    Status = ScoreStatus.Submitted,
                    Feedback = feedback,
                    PrivateNote = note,
                    CreatedAt = now.AddDays(-5),
                    UpdatedAt = now.AddDays(-5),
                    SubmittedAt = now.AddDays(-5),
                },
            };
            a.Scorecard.SetPoints(criteria, criteria.Select((cr, i) => (cr.Id, points[i])).ToDictionary(x => x.Id, x => x.Item2));
            db.JudgeAssignments.Add(a);
            await db.SaveChangesAsync();
            return 0;
        });

    public static Task<HttpClient> OrganizerAsync(this SiteFactory site) => site.LoggedInAsAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);

    public static string ResultsUrl(Competition c) => $"/admin/competitions/{c.Id}/results";

    public static string CategoryUrl(Competition c) => $"/admin/competitions/{c.Id}/results/categories/{c.Categories[0].Id}";

    public static Task<HttpResponseMessage> SaveAwardsAsync(this HttpClient organizer, Competition c, Dictionary<string, string>? values = null) =>
        organizer.SubmitFormAsync(CategoryUrl(c), values ?? new Dictionary<string, string>(), CategoryUrl(c) + "/awards");

    public static Task<HttpResponseMessage> PublishAsync(this HttpClient organizer, Competition c, bool confirm = true) =>
        organizer.SubmitFormAsync(ResultsUrl(c), confirm ? new Dictionary<string, string> { ["confirm"] = "true" } : [], ResultsUrl(c) + "/publish");

    /// <summary>The error the layout shows after a redirect (TempData), or null.</summary>
    public static async Task<string?> FlashAsync(this HttpClient client, string url)
    {
        var (_, page) = await client.GetPageAsync(url);
        return page.QuerySelector(".notice-error")?.TextContent;
    }

    /// <summary>The field name of the award select for an entry on the category page.</summary>
    public static async Task<string> AwardFieldAsync(this HttpClient organizer, Competition c, int entryId, string kind = "tier")
    {
        var (_, page) = await organizer.GetPageAsync(CategoryUrl(c));
        return page.GetElementById($"{kind}-{entryId}")?.GetAttribute("name")
            ?? throw new InvalidOperationException($"No {kind} field for entry {entryId}.");
    }

    public static string? CertificateNumberIn(MimeMessage message) =>
        CertificateNumber().Match(message.TextBody ?? "") is { Success: true } m ? m.Value : null;

    public static string Text(MimeMessage message) => (message.TextBody ?? "") + "\n" + (message.HtmlBody ?? "");

    /// <summary>Waits a little and returns every message to the address (to see that nothing more arrives).</summary>
    public static async Task<IReadOnlyList<MimeMessage>> SettledMessagesToAsync(this SiteFactory site, string address, int expected)
    {
        await site.Smtp.WaitForMessageAsync(address);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (site.Smtp.MessagesTo(address).Count < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(1500);
        return site.Smtp.MessagesTo(address);
    }

    public static async Task<HttpStatusCode> StatusAsync(this HttpClient client, string url) => (await client.GetAsync(url)).StatusCode;

    [GeneratedRegex(@"CS-\d{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")]
    private static partial Regex CertificateNumber();
}

/// <summary>Many entries at once, for exports at the size of a real competition.</summary>
public static partial class ResultsKit
{
    /// <summary>
    /// <paramref name="count"/> submitted entries of adult students without accounts in the competition's first
    /// category (titles "Karya; nomor N", codes ending in N), each scored by the judge: entry N gets N·10/(count−1)
    /// rounded on every criterion, so the last is the best. The competition's zone becomes WITA (Asia/Makassar).
    /// </summary>
    public static Task SeedScoredEntriesAsync(this CompetitionSiteFactory site, Competition c, int judgeId, int count) =>
        site.WithDbAsync(async db =>
        {
            var categoryId = c.Categories[0].Id;
            var criteria = await (from cat in db.Categories
                                  join cr in db.Criteria on cat.RubricId equals cr.RubricId
                                  where cat.Id == categoryId
                                  orderby cr.Order
                                  select cr).ToListAsync();
            await db.Competitions.Where(x => x.Id == c.Id).ExecuteUpdateAsync(x => x.SetProperty(p => p.TimeZoneId, "Asia/Makassar"));
            var now = DateTime.UtcNow;
            var people = Enumerable.Range(0, count).Select(i => new ParticipantProfile
            {
                FullName = $"Peserta {i:D4} Lestari", DateOfBirth = new DateOnly(2000, 5, 17), SchoolName = $"SMA Negeri {i + 1} Mataram",
                Level = SchoolLevels.SMA, Grade = 12, Province = "Nusa Tenggara Barat", Regency = "Kota Mataram", CreatedAt = now, UpdatedAt = now,
            }).ToList();
            db.Participants.AddRange(people);
            await db.SaveChangesAsync();
            var entries = people.Select((p, i) => new Entry
            {
                PublicCode = $"K{c.Id}-{i:D4}", CategoryId = categoryId, Title = $"Karya; nomor {i}", Description = "", Status = EntryStatus.Submitted,
                SubmittedAt = now.AddDays(-3), CreatedByUserId = "", CreatedAt = now.AddDays(-4), UpdatedAt = now.AddDays(-3),
                Members = [new EntryMember { ParticipantId = p.Id, IsLead = true }],
            }).ToList();
            db.Entries.AddRange(entries);
            await db.SaveChangesAsync();
            for (var i = 0; i < count; i++)
            {
                var card = new Scorecard { Status = ScoreStatus.Submitted, CreatedAt = now.AddDays(-2), UpdatedAt = now.AddDays(-2), SubmittedAt = now.AddDays(-2) };
                var points = (int)Math.Round(i * 10.0 / Math.Max(1, count - 1));
                card.SetPoints(criteria, criteria.ToDictionary(cr => cr.Id, cr => Math.Min(points, cr.MaxPoints)));
                db.JudgeAssignments.Add(new JudgeAssignment
                {
                    CompetitionId = c.Id, CategoryId = categoryId, EntryId = entries[i].Id, CompetitionJudgeId = judgeId,
                    AssignedAt = now.AddDays(-3), Source = AssignmentSource.Manual, Scorecard = card,
                });
            }

            await db.SaveChangesAsync();
            return 0;
        });
}
