using System.Net;
using System.Text;
using ClosedXML.Excel;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Results;

namespace CompetitionSite.Tests.Results;

/// <summary>Ties across an award boundary must be settled by hand; the ranking exports carry both scores, per-judge totals and criterion means.</summary>
public sealed class TiesAndExportTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    private async Task<(Competition C, ScoredEntry[] E)> ArrangeTieAsync()
    {
        var c = await site.SeedReviewAsync(judgesPerEntry: 1);
        var judge = await site.JudgeIdAsync(c, ResultsKit.JudgeNames[2]);
        var e = new[]
        {
            await site.EntryAsync(c, ResultsKit.NewStudent("Andi Saputra", "SD Negeri 1 Serang", "Kota Serang"), "Pagi di Sekolah"),
            await site.EntryAsync(c, ResultsKit.NewStudent("Bunga Citra", "SD Negeri 2 Serang", "Kota Serang"), "Guru Kami"),
            await site.EntryAsync(c, ResultsKit.NewStudent("Cahya Dewi", "SD Negeri 3 Serang", "Kota Serang"), "Belajar Bersama"),
            await site.EntryAsync(c, ResultsKit.NewStudent("Dimas Arya", "SD Negeri 4 Serang", "Kota Serang"), "Kelas Ceria"),
        };
        await site.ScoreAsync(judge, e[0], [10, 10], "Bagus sekali.");
        await site.ScoreAsync(judge, e[1], [9, 9], "Bagus.");
        await site.ScoreAsync(judge, e[2], [7, 7], "Cukup.");
        await site.ScoreAsync(judge, e[3], [7, 7], "Cukup juga.");
        return (c, e);
    }

    [Fact]
    public async Task Two_entries_sharing_the_last_award_place_must_be_settled_by_the_organizer_before_publishing()
    {
        var (c, e) = await ArrangeTieAsync();
        var organizer = await site.OrganizerAsync();

        var (_, page) = await organizer.GetPageAsync(ResultsKit.CategoryUrl(c));
        Assert.Contains("2 karya berbagi peringkat 3", page.MainText());
        Assert.Equal(2, page.QuerySelectorAll("table.results-table tbody tr .badge-warn").Count(b => b.TextContent.Contains("bersama")));
        await organizer.PublishAsync(c);
        Assert.Contains("peringkat 3 di batas penghargaan", await organizer.FlashAsync(ResultsKit.ResultsUrl(c)));

        var unsettled = await organizer.SaveAwardsAsync(c);
        Assert.Equal(HttpStatusCode.BadRequest, unsettled.StatusCode);
        Assert.Contains("centang kotak", (await unsettled.Content.ReadAsStringAsync()));

        // The organizer gives Juara 3 to both (ex aequo) and confirms.
        var third = await organizer.AwardFieldAsync(c, e[2].Entry.Id);
        var fourth = await organizer.AwardFieldAsync(c, e[3].Entry.Id);
        var special = await organizer.AwardFieldAsync(c, e[1].Entry.Id, "special");
        var citation = await organizer.AwardFieldAsync(c, e[0].Entry.Id, "citation");
        var saved = await organizer.SaveAwardsAsync(c, new Dictionary<string, string>
        {
            [third] = "Juara 3",
            [fourth] = "Juara 3",
            [special] = "Juara Favorit",
            [citation] = "Cahaya pagi yang dilukis dengan sabar.",
            ["TiesSettled"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await organizer.PublishAsync(c)).StatusCode);
        Assert.Null(await organizer.FlashAsync(ResultsKit.ResultsUrl(c)));

        var winners = (await site.CreateBrowser().GetPageAsync($"/lomba/{c.Slug}/pemenang")).Document.MainText();
        Assert.Contains("Cahya (SD Negeri 3 Serang)", winners);
        Assert.Contains("Dimas (SD Negeri 4 Serang)", winners);
        Assert.Contains("Juara Favorit", winners);
        Assert.Contains("Cahaya pagi yang dilukis dengan sabar.", winners);
        Assert.Contains("berbagi peringkat", winners);
        var mail = await site.Smtp.WaitForMessageAsync(e[1].Student.Email!);
        Assert.Contains("Juara 2, Juara Favorit", mail.Subject);
    }

    [Fact]
    public async Task The_ranking_exports_as_csv_with_a_bom_and_as_xlsx_with_both_scores_judge_totals_and_criterion_means()
    {
        var (c, _) = await ArrangeTieAsync();
        var organizer = await site.OrganizerAsync();

        var csv = await organizer.GetAsync(ResultsKit.ResultsUrl(c) + "/ranking.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.Contains("Nilai (mentah)", lines[0]);
        Assert.Contains("Nilai (ternormalisasi)", lines[0]);
        Assert.Contains("Nilai yang dipakai (mentah)", lines[0]); // the mode's name translated too (its key once clashed with "Raw")
        Assert.Contains("Total: " + ResultsKit.JudgeNames[2], lines[0]);
        Assert.Contains("Rata-rata: Ide (0–10)", lines[0]);
        Assert.StartsWith("Poster SD;1;;", lines[1]); // Indonesian Excel: ";" between fields, a decimal comma
        Assert.Contains(";100,00;", lines[1]);
        Assert.Contains(";3;ya;", lines[3]);
        Assert.Contains(";3;ya;", lines[4]);

        var xlsx = await organizer.GetAsync(ResultsKit.ResultsUrl(c) + "/ranking.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var workbook = new XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        var sheet = workbook.Worksheet("Poster SD");
        Assert.Equal("Peringkat", sheet.Cell(1, 2).GetString());
        Assert.Equal(100.0, sheet.Cell(2, 8).GetDouble());
        Assert.Equal("Pagi di Sekolah", sheet.Cell(2, 5).GetString());

        var print = await organizer.GetAsync(ResultsKit.ResultsUrl(c) + "/print");
        Assert.Equal(HttpStatusCode.OK, print.StatusCode);
        Assert.Contains("Pagi di Sekolah", await print.Content.ReadAsStringAsync());
    }

    [Fact]
    public void The_ranking_suggests_awards_and_finds_ties_that_straddle_a_boundary()
    {
        RankedEntry R(int id, int place) => new(id, place, false, 0, 0, new Dictionary<string, double>(), [], 1, true, false, null);
        TierSlot[] tiers = [new("Juara 1", 0, 1, false), new("Juara 2", 1, 1, false), new("Juara 3", 2, 1, false), new("Favorit", 3, 1, true)];

        var clean = AwardPlan.Suggest([R(1, 1), R(2, 2), R(3, 2), R(4, 4)], [new("Juara 1", 0, 1, false), new("Juara 2", 1, 2, false), new("Juara 3", 2, 1, false)]);
        Assert.Empty(clean.Ties);
        Assert.Equal("Juara 2", clean.TierByEntry[3]);
        Assert.Equal("Juara 3", clean.TierByEntry[4]);

        var straddle = AwardPlan.Suggest([R(1, 1), R(2, 2), R(3, 3), R(4, 3), R(5, 5)], tiers);
        var tie = Assert.Single(straddle.Ties);
        Assert.Equal(3, tie.Place);
        Assert.Equal(["Juara 3"], tie.Awards);
        Assert.False(straddle.TierByEntry.ContainsKey(3));
        Assert.False(straddle.TierByEntry.ContainsKey(5));

        var sharedFirst = AwardPlan.Suggest([R(1, 1), R(2, 1), R(3, 3)], tiers);
        Assert.Equal(["Juara 1", "Juara 2"], Assert.Single(sharedFirst.Ties).Awards);
        Assert.Equal("Juara 3", sharedFirst.TierByEntry[3]);

        Assert.NotEqual(AwardPlan.Fingerprint([R(1, 1), R(2, 2)]), AwardPlan.Fingerprint([R(2, 1), R(1, 2)]));
    }
}
