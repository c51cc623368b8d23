using System.Net;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Entries;
using CompetitionSite.Tests.Judging;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Results;

namespace CompetitionSite.Tests.Site;

/// <summary>The organizers' dashboard and statistics: numbers per competition, by regency/city and by school, and the school standing.</summary>
public sealed class DashboardTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    private static readonly Student SchoolA1 = new("Rudi Hartono", "SMA Negeri 1 Pandeglang", "20601111", "Banten", "Kabupaten Pandeglang");
    private static readonly Student SchoolA2 = new("Fajar Nugroho", "SMA Negeri 1 Pandeglang", "20601111", "Banten", "Kabupaten Pandeglang");
    private static readonly Student SchoolB = new("Siti Aminah", "SMA Negeri 2 Kota Serang", "20602222", "Banten", "Kota Serang");
    private static readonly Student SchoolC = new("Budi Santoso", "SMK Negeri 3 Cilegon", "20603333", "Banten", "Kota Cilegon");

    private async Task<(Competition C, Dictionary<string, SeededEntry> E)> ArrangeAsync()
    {
        var c = await site.SeedInPhaseAsync(Phase.Review);
        var category = c.Categories[0].Id;
        var e = new Dictionary<string, SeededEntry>
        {
            ["a1"] = await site.SeedEntryAsync(category, SchoolA1),
            ["a2"] = await site.SeedEntryAsync(category, SchoolA2),
            ["b"] = await site.SeedEntryAsync(category, SchoolB),
            ["b-minor"] = await site.SeedEntryAsync(category, SchoolB with { FullName = "Putri Ayu" }, minorWithoutConsent: true),
            ["c-draft"] = await site.SeedEntryAsync(category, SchoolC, status: EntryStatus.Draft),
            ["c-withdrawn"] = await site.SeedEntryAsync(category, SchoolC, status: EntryStatus.Withdrawn),
        };

        // School B wins one first place; school A two second places: B leads the standing (a medal table).
        await site.DbAsync(async db =>
        {
            void Award(SeededEntry entry, string name, int order) => db.EntryAwards.Add(new EntryAward
            {
                CompetitionId = c.Id, CategoryId = category, EntryId = entry.Id, AwardName = name, AwardOrder = order,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            Award(e["b"], "Juara 1", 0);
            Award(e["a1"], "Juara 2", 1);
            Award(e["a2"], "Juara 2", 1);
            await db.SaveChangesAsync();
        });
        return (c, e);
    }

    [Fact]
    public async Task The_dashboard_shows_each_competitions_entries_by_status_and_consents_waiting()
    {
        var (c, _) = await ArrangeAsync();
        var organizer = await site.LoggedInAsAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);

        var (response, page) = await organizer.GetPageAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var card = page.QuerySelector($"section[data-competition='{c.Id}']")!;
        string Number(string name) => card.QuerySelector($"[data-number={name}]")!.TextContent;
        Assert.Equal(("6", "4", "1", "1", "0"), (Number("entries"), Number("submitted"), Number("drafts"), Number("withdrawn"), Number("disqualified")));
        Assert.Equal("1", Number("consents"));
        Assert.Equal("4 terkirim, 1 draf, 1 ditarik, 0 didiskualifikasi", card.QuerySelector("svg.stack-bar")!.GetAttribute("aria-label"));
        Assert.NotNull(card.QuerySelector($"a[href='/admin/competitions/{c.Id}/statistics']"));
        Assert.NotNull(page.QuerySelector(".dashboard-outbox a[href='/admin/outbox']"));
    }

    [Fact]
    public async Task Statistics_rank_schools_like_a_medal_table_and_count_participation_by_regency()
    {
        var (c, _) = await ArrangeAsync();
        var organizer = await site.LoggedInAsAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);

        var (response, page) = await organizer.GetPageAsync($"/admin/competitions/{c.Id}/statistics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = page.QuerySelectorAll("#school-standing tbody tr")
            .Select(r => r.Children.Select(td => td.TextContent.Trim()).ToList()).ToList();
        // Place, school · regency, participants, entries, Juara 1..Harapan 3, special. The draft and withdrawn school C took no part.
        Assert.Equal(2, rows.Count);
        Assert.Equal("1", rows[0][0]);
        Assert.StartsWith("SMA Negeri 2 Kota Serang", rows[0][1]);
        Assert.Equal(["2", "2", "1", "0"], rows[0].Skip(2).Take(4).ToList());
        Assert.Equal("2", rows[1][0]);
        Assert.StartsWith("SMA Negeri 1 Pandeglang", rows[1][1]);
        Assert.Equal(["2", "2", "0", "2"], rows[1].Skip(2).Take(4).ToList());
        var regencies = page.QuerySelector("#regencies")!.TextContent;
        Assert.Contains("Kabupaten Pandeglang", regencies);
        Assert.Contains("Kota Serang", regencies);
        Assert.DoesNotContain("Kota Cilegon", regencies);
        Assert.Contains("2 peserta · 2 karya · 2 penghargaan", regencies);
    }

    [Fact]
    public async Task The_school_standing_exports_as_csv_with_a_bom_and_the_same_order()
    {
        var (c, _) = await ArrangeAsync();
        var organizer = await site.LoggedInAsAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);

        var response = await organizer.GetAsync($"/admin/competitions/{c.Id}/statistics/schools.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes.Take(3).ToArray());
        var lines = System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Peringkat;Sekolah;Kabupaten/kota;Peserta;Karya;Juara 1;Juara 2", lines[0]);
        Assert.StartsWith("1;SMA Negeri 2 Kota Serang;Kota Serang;2;2;1;0", lines[1]);
        Assert.StartsWith("2;SMA Negeri 1 Pandeglang;Kabupaten Pandeglang;2;2;0;2", lines[2]);
        Assert.Equal(3, lines.Length);

        var regencies = await organizer.GetAsync($"/admin/competitions/{c.Id}/statistics/regencies.csv");
        Assert.Equal(HttpStatusCode.OK, regencies.StatusCode);
        Assert.Contains("Kota Serang;Banten;2;2;1", await regencies.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Only_organizers_see_statistics_and_an_unknown_competition_is_not_found()
    {
        var (c, _) = await ArrangeAsync();
        var judge = await site.LoggedInAsAsync(Support.Accounts.NewEmail("juri"), Roles.Judge);
        var organizer = await site.LoggedInAsAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);

        Assert.Equal(HttpStatusCode.Forbidden, (await judge.GetAsync($"/admin/competitions/{c.Id}/statistics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await judge.GetAsync($"/admin/competitions/{c.Id}/statistics/schools.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await site.CreateBrowser().GetAsync($"/admin/competitions/{c.Id}/statistics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await organizer.GetAsync("/admin/competitions/999999/statistics")).StatusCode);
    }
}

public sealed class SchoolStandingRulesTests
{
    private static StandingTally School(string name, int[] ranked, int special = 0, int entries = 1) =>
        new(name, name, "Banten", entries, entries, ranked, special);

    [Fact]
    public void One_first_place_outranks_any_number_of_second_places_and_equal_schools_share_a_place()
    {
        var placed = SchoolStanding.Rank([
            School("A", [0, 5, 0]),
            School("B", [1, 0, 0]),
            School("C", [0, 5, 0]),
            School("D", [0, 0, 0], entries: 9),
        ]);

        Assert.Equal(["B", "A", "C", "D"], placed.Select(p => p.Tally.Name).ToArray());
        Assert.Equal([1, 2, 2, (int?)null], placed.Select(p => p.Place).ToArray());
    }

    [Fact]
    public void Special_awards_then_entries_break_a_tie_in_ranked_awards()
    {
        var placed = SchoolStanding.Rank([School("A", [1, 0], 0, 3), School("B", [1, 0], 1, 1), School("C", [1, 0], 0, 5)]);

        Assert.Equal(["B", "C", "A"], placed.Select(p => p.Tally.Name).ToArray());
        Assert.Equal([1, 2, 3], placed.Select(p => p.Place!.Value).ToArray());
    }
}
