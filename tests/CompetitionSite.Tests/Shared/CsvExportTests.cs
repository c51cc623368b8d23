using System.Text;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Results;
using CompetitionSite.Tests.Support;

namespace CompetitionSite.Tests.Shared;

/// <summary>
/// Every CSV export of a competition of 1,000 entries (and 1,000 schools) arrives whole (the ranking CSV once stopped after ~1 KB: a
/// synchronous write to the response), and opens right in Excel in the reader's language: BOM, ";" and a decimal
/// comma in Bahasa Indonesia, "," and a decimal point in English, headers translated, times in the competition's zone.
/// </summary>
[LongRunning]
public sealed class CsvExportTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    private const int Entries = 1000;

    private static string[] Lines(byte[] bytes)
    {
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.EndsWith("\r\n", text); // the last record is complete
        return text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Every_export_of_a_thousand_entries_arrives_whole_in_the_readers_language()
    {
        var c = await site.SeedReviewAsync(judgesPerEntry: 1);
        var judgeId = await site.JudgeIdAsync(c, ResultsKit.JudgeNames[0]);
        await site.SeedScoredEntriesAsync(c, judgeId, Entries);
        var organizer = await site.OrganizerAsync();

        var ranking = Lines(await organizer.GetByteArrayAsync(ResultsKit.ResultsUrl(c) + "/ranking.csv"));
        Assert.Equal(1 + Entries, ranking.Length);
        Assert.StartsWith("Kategori;Peringkat;", ranking[0]);
        Assert.Matches("^[^;]+;1;", ranking[1]); // placed first
        Assert.Contains(";100,00;", ranking[1]);
        Assert.Contains(ranking, l => l.Contains($";K{c.Id}-0999;\"Karya; nomor 999\";", StringComparison.Ordinal)); // a field with the separator is quoted

        var scores = Lines(await organizer.GetByteArrayAsync($"/admin/competitions/{c.Id}/judging/scores.csv"));
        Assert.Equal(1 + Entries * 2, scores.Length); // two criteria per scorecard
        Assert.StartsWith("Lomba;Kategori;Kode karya;", scores[0]);
        Assert.All(scores.Skip(1), line => Assert.EndsWith(" WITA", line)); // updated at, in the competition's zone

        var entries = Lines(await organizer.GetByteArrayAsync($"/admin/entries/export?competition={c.Id}"));
        Assert.Equal(1 + Entries, entries.Length);
        Assert.StartsWith("Kode karya;Kategori;Judul;", entries[0]);
        Assert.Contains(entries, l => l.Contains(" WITA;", StringComparison.Ordinal));

        // The statistics: one school per participant here, so the school standing has 1,000 rows too.
        var schools = Lines(await organizer.GetByteArrayAsync($"/admin/competitions/{c.Id}/statistics/schools.csv"));
        Assert.Equal(1 + Entries, schools.Length);
        Assert.StartsWith("Peringkat;Sekolah;Kabupaten/kota;Peserta;Karya;", schools[0]);
        Assert.Contains(schools, l => l.Contains(";SMA Negeri 1000 Mataram;Kota Mataram;1;1;", StringComparison.Ordinal));
        var regencies = Lines(await organizer.GetByteArrayAsync($"/admin/competitions/{c.Id}/statistics/regencies.csv"));
        Assert.Equal(2, regencies.Length);
        Assert.StartsWith($"Kota Mataram;Nusa Tenggara Barat;{Entries};{Entries};", regencies[1]);

        // In English: "," between fields, a decimal point, English headers.
        await organizer.GetAsync("/language?culture=en&returnUrl=%2F");
        var english = Lines(await organizer.GetByteArrayAsync(ResultsKit.ResultsUrl(c) + "/ranking.csv"));
        Assert.Equal(1 + Entries, english.Length);
        Assert.StartsWith("Category,Place,", english[0]);
        Assert.Contains(",100.00,", english[1]);
    }
}
