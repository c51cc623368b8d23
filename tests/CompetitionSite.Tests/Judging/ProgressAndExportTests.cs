using System.Net;
using System.Text;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;

namespace CompetitionSite.Tests.Judging;

/// <summary>What organizers watch: progress per category and judge with the spread of totals, reminders, and the CSV export.</summary>
public sealed class ProgressAndExportTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    [Fact]
    public async Task Progress_shows_each_judges_counts_and_the_spread_of_their_totals_as_a_chart()
    {
        var c = await site.SeedInPhaseAsync(Phase.Judging);
        var organizer = await site.LoggedInAsAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);
        var e1 = await site.SeedEntryAsync(c.Categories[0].Id);
        var e2 = await site.SeedEntryAsync(c.Categories[0].Id);
        var (harsh, harshId, _) = await site.JudgeAsync(c, "Juri Ketat");
        var (lenient, lenientId, _) = await site.JudgeAsync(c, "Juri Murah Hati");
        foreach (var e in new[] { e1, e2 })
        {
            await site.AssignAsync(harshId, e);
            await site.AssignAsync(lenientId, e);
        }

        await harsh.ScoreAsync(site, e1, [2, 3], "submit");
        await harsh.ScoreAsync(site, e2, [4, 1], "draft");
        await lenient.ScoreAsync(site, e1, [9, 10], "submit");
        await lenient.ScoreAsync(site, e2, [10, 9], "submit");

        var (response, page) = await organizer.GetPageAsync($"/admin/competitions/{c.Id}/judging/progress");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = page.MainText();
        Assert.Contains("4 ditugaskan · 3 terkirim · 1 draf · 0 belum dimulai", text);
        Assert.Contains("1 dari 2 karya sudah lengkap dinilai", text);
        // The bar measures what its caption says (it used to show scores submitted, 3 of 4, under "1 of 2 entries").
        var bar = page.QuerySelector(".progress-rows progress")!;
        Assert.Equal(("1", "2"), (bar.GetAttribute("value"), bar.GetAttribute("max")));
        Assert.Contains("1 dari 2 karya sudah lengkap dinilai", bar.GetAttribute("aria-label"));
        var bars = page.QuerySelectorAll("svg.spread-bar").Select(s => s.GetAttribute("aria-label")!).ToList();
        Assert.Equal(2, bars.Count);
        Assert.Contains(bars, l => l.StartsWith("Juri Ketat: rata-rata 26,0", StringComparison.Ordinal)); // 40%·0.2 + 60%·0.3 = 26
        Assert.Contains(bars, l => l.StartsWith("Juri Murah Hati: rata-rata 95,0, simpangan baku 1,0", StringComparison.Ordinal)); // 96 and 94
        Assert.Contains(page.QuerySelectorAll("svg.spread-bar rect"), r => r.GetAttribute("x") == "25.4"); // mean mark at 26 − 0.6, invariant culture
        Assert.Contains(e2.Code, text); // still missing a submitted score
    }

    [Fact]
    public async Task Reminders_go_to_the_chosen_judges_who_are_behind()
    {
        var c = await site.SeedInPhaseAsync(Phase.Judging);
        var organizer = await site.LoggedInAsAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);
        var entry = await site.SeedEntryAsync(c.Categories[0].Id);
        var (_, behindId, behindEmail) = await site.JudgeAsync(c, "Belum Selesai", login: false);
        var (done, doneId, doneEmail) = await site.JudgeAsync(c, "Sudah Selesai");
        await site.AssignAsync(behindId, entry);
        await site.AssignAsync(doneId, entry);
        await done.ScoreAsync(site, entry, [5, 5], "submit");

        var response = await organizer.SubmitFormAsync($"/admin/competitions/{c.Id}/judging/progress", new Dictionary<string, string>(),
            $"/admin/competitions/{c.Id}/judging/remind");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mail = await site.Smtp.WaitForMessageAsync(behindEmail, m => (m.Subject ?? "").StartsWith("Pengingat", StringComparison.Ordinal));
        Assert.Contains("1 dari 1 karya Anda belum dikirim nilainya", mail.TextBody);
        Assert.DoesNotContain(site.Smtp.MessagesTo(doneEmail), m => (m.Subject ?? "").StartsWith("Pengingat", StringComparison.Ordinal));
        Assert.Single(await site.AuditAsync(c.Id, "judging.reminded"));
    }

    [Fact]
    public async Task The_export_has_one_row_per_judge_entry_and_criterion_in_utf8_with_a_bom()
    {
        var c = await site.SeedInPhaseAsync(Phase.Judging);
        var organizer = await site.LoggedInAsAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);
        var e1 = await site.SeedEntryAsync(c.Categories[0].Id, title: "=HYPERLINK(\"http://x\")");
        var e2 = await site.SeedEntryAsync(c.Categories[0].Id, title: "Sekolahku, \"rumah\" keduaku");
        var (judge, judgeId, judgeEmail) = await site.JudgeAsync(c, "Ratna Sari");
        await site.AssignAsync(judgeId, e1);
        await site.AssignAsync(judgeId, e2);
        await judge.ScoreAsync(site, e1, [8, 5], "submit");

        var response = await organizer.GetAsync($"/admin/competitions/{c.Id}/judging/scores.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.StartsWith("Lomba;Kategori;Kode karya;Judul karya;Juri;Email juri;Status;No. kriteria;Kriteria;Bobot;Poin maksimal;Poin;Total berbobot;Dikirim pada;Diubah pada", lines[0]);
        Assert.Equal(1 + 2 * 2, lines.Count); // 2 entries × 2 criteria for one judge
        Assert.Contains(lines, l => l.Contains($"{e1.Code};\"'=HYPERLINK(\"\"http://x\"\")\";Ratna Sari;{judgeEmail};Terkirim;1;Ide;40;10;8;62;", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"{e2.Code};\"Sekolahku, \"\"rumah\"\" keduaku\";Ratna Sari;{judgeEmail};Belum dimulai;2;Teknik;60;10;;;", StringComparison.Ordinal));
    }
}
