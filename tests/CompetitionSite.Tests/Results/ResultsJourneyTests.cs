using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Judging;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Domain.Results;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Results;

/// <summary>
/// The whole path through the pages: review the ranking, be refused while an entry is unscored, excuse it, save the
/// awards, publish, read the emails from the SMTP server, see the winners page, verify a certificate, correct an award.
/// </summary>
[LongRunning]
public sealed class ResultsJourneyTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    private sealed record World(Competition C, ScoredEntry A, ScoredEntry B, ScoredEntry C3, ScoredEntry D, HttpClient Judge, int JudgeId);

    private async Task<World> ArrangeAsync()
    {
        var c = await site.SeedReviewAsync(judgesPerEntry: 2);
        var a = await site.EntryAsync(c, ResultsKit.NewStudent("Ayu Kartika Lestari", "SMP Negeri 3 Serang", "Kota Serang"), "Guruku Cahaya Desa",
            PublicNameDisplay.FullName, allowPreview: true);
        var b = await site.EntryAsync(c, ResultsKit.NewStudent("Rudi Hartono", "SMA Negeri 1 Pandeglang", "Kabupaten Pandeglang"), "Pahlawan Tanpa Tanda Jasa");
        var c3 = await site.EntryAsync(c, ResultsKit.NewStudent("Nur Aini Rahmawati", "SMP Islam Cilegon", "Kota Cilegon"), "Ibu Guru di Ujung Jalan",
            PublicNameDisplay.FullName, allowPreview: true);
        var d = await site.EntryAsync(c, ResultsKit.NewStudent("Fajar Nugroho", "SMK Negeri 2 Lebak", "Kabupaten Lebak"), "Papan Tulis Hijau",
            PublicNameDisplay.FullName, allowPreview: true);
        var (judge, j1, _) = await site.JudgeAsync(c, ResultsKit.JudgeNames[0]);
        var j2 = await site.JudgeIdAsync(c, ResultsKit.JudgeNames[1]);
        await site.ScoreAsync(j1, a, [10, 10], "Komposisi sangat kuat.", "rahasia: mirip karya tahun lalu");
        await site.ScoreAsync(j2, a, [9, 9], "Warna berani dan pesannya jelas.");
        await site.ScoreAsync(j1, b, [8, 8], "Huruf judul perlu lebih besar.");
        await site.ScoreAsync(j2, b, [8, 7], "Ide bagus.");
        await site.ScoreAsync(j1, c3, [6, 6], "Terus berlatih menggambar tangan.");
        await site.ScoreAsync(j2, c3, [5, 5], "");
        await site.ScoreAsync(j1, d, [4, 4], "Coba gunakan kontras warna.");
        return new World(c, a, b, c3, d, judge, j1);
    }

    [Fact]
    public async Task An_organizer_reviews_publishes_and_corrects_and_every_participant_hears_exactly_once()
    {
        var w = await ArrangeAsync();
        var organizer = await site.OrganizerAsync();

        // The review page ranks as the arithmetic says: A (95), B (77), C (55); D has one score of two and is not ranked.
        var (_, page) = await organizer.GetPageAsync(ResultsKit.CategoryUrl(w.C));
        var rows = page.QuerySelectorAll("table.results-table tbody tr").ToList();
        Assert.Equal(4, rows.Count);
        Assert.Equal([w.A.Entry.Title, w.B.Entry.Title, w.C3.Entry.Title, w.D.Entry.Title],
            rows.Select(r => r.QuerySelector("td:nth-child(2) strong")!.TextContent.Trim()));
        var expected = Ranking.Compute(
            JourneyRubric,
            [1, 2, 3, 4],
            [
                new JudgeScore(1, "j1", P(10, 10)), new JudgeScore(1, "j2", P(9, 9)),
                new JudgeScore(2, "j1", P(8, 8)), new JudgeScore(2, "j2", P(8, 7)),
                new JudgeScore(3, "j1", P(6, 6)), new JudgeScore(3, "j2", P(5, 5)),
                new JudgeScore(4, "j1", P(4, 4)),
            ],
            2,
            RankingMode.Raw);
        var id = CultureInfo.GetCultureInfo("id-ID");
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i].Score.ToString("0.00", id), rows[i].QuerySelector("td:nth-child(3)")!.TextContent.Trim());
            Assert.Equal(expected[i].NormalizedScore.ToString("0.00", id), rows[i].QuerySelector("td:nth-child(4)")!.TextContent.Trim());
        }

        Assert.Equal("95,00", rows[0].QuerySelector("td:nth-child(3)")!.TextContent.Trim());
        Assert.Contains("tidak diperingkatkan", rows[3].TextContent);
        Assert.Contains(ResultsKit.JudgeNames[0], page.QuerySelector("table.results-table thead")!.TextContent);

        // Publishing is refused, with the reason, while D is neither fully scored nor excused.
        var refused = await organizer.PublishAsync(w.C);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var error = await organizer.FlashAsync(ResultsKit.ResultsUrl(w.C));
        Assert.Contains("nilai kurang dari yang diperlukan", error);
        Assert.Contains(w.D.Entry.Code, error);
        Assert.Equal(CompetitionStage.Live, (await site.LoadAsync(w.C.Id)).Stage);

        // Excuse D (with a reason, audited), save the prefilled awards, publish.
        var excuse = await organizer.SubmitFormAsync(ResultsKit.CategoryUrl(w.C), new Dictionary<string, string> { ["reason"] = "Juri kedua sakit, tidak ada pengganti." },
            ResultsKit.CategoryUrl(w.C) + "/excuse");
        Assert.Equal(HttpStatusCode.Redirect, excuse.StatusCode);
        Assert.Contains("Juri kedua sakit", Assert.Single(await site.AuditAsync(w.C.Id, "results.entry-excused")));
        Assert.Equal(HttpStatusCode.Redirect, (await organizer.SaveAwardsAsync(w.C)).StatusCode);
        var awards = await site.WithDbAsync(db => db.EntryAwards.Where(x => x.CompetitionId == w.C.Id).ToDictionaryAsync(x => x.EntryId, x => x.AwardName));
        Assert.Equal("Juara 1", awards[w.A.Entry.Id]);
        Assert.Equal("Juara 2", awards[w.B.Entry.Id]);
        Assert.Equal("Juara 3", awards[w.C3.Entry.Id]);
        Assert.False(awards.ContainsKey(w.D.Entry.Id));

        var published = await organizer.PublishAsync(w.C);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Null(await organizer.FlashAsync(ResultsKit.ResultsUrl(w.C)));
        var competition = await site.LoadAsync(w.C.Id);
        Assert.Equal(CompetitionStage.Published, competition.Stage);
        Assert.NotNull(competition.PublishedAt);
        Assert.NotNull(competition.PublishedByUserId);

        // Every participant gets exactly one email with their placement, score and feedback — no judge names, no private notes.
        var mailA = Assert.Single(await site.SettledMessagesToAsync(w.A.Student.Email!, 1));
        Assert.Contains("Juara 1", mailA.Subject);
        Assert.Contains("Juara 1", ResultsKit.Text(mailA));
        Assert.Contains("95,00 / 100", ResultsKit.Text(mailA));
        Assert.Contains("Komposisi sangat kuat.", ResultsKit.Text(mailA));
        Assert.Contains("Warna berani dan pesannya jelas.", ResultsKit.Text(mailA));
        Assert.DoesNotContain("rahasia", ResultsKit.Text(mailA));
        var mailD = Assert.Single(await site.SettledMessagesToAsync(w.D.Student.Email!, 1));
        Assert.Contains("Terima kasih telah berpartisipasi", ResultsKit.Text(mailD));
        Assert.Contains("40,00 / 100", ResultsKit.Text(mailD));
        Assert.Contains("Coba gunakan kontras warna.", ResultsKit.Text(mailD));
        var mailB = Assert.Single(site.Smtp.MessagesTo(w.B.Student.Email!));
        Assert.Contains("Juara 2", mailB.Subject);
        var mailC = Assert.Single(site.Smtp.MessagesTo(w.C3.Student.Email!));
        Assert.Contains("Juara 3", mailC.Subject);
        foreach (var mail in new[] { mailA, mailB, mailC, mailD })
        {
            foreach (var judge in ResultsKit.JudgeNames)
            {
                Assert.DoesNotContain(judge, ResultsKit.Text(mail));
            }
        }

        // Publishing again sends nothing more.
        var again = await organizer.PostWithTokenAsync(ResultsKit.ResultsUrl(w.C), ResultsKit.ResultsUrl(w.C) + "/publish", new Dictionary<string, string> { ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        await Task.Delay(1500);
        foreach (var e in new[] { w.A, w.B, w.C3, w.D })
        {
            Assert.Single(site.Smtp.MessagesTo(e.Student.Email!));
        }

        Assert.Single(await site.AuditAsync(w.C.Id, "results.published"));

        // The certificate number from the email verifies; a well-formed number that was never issued does not.
        var number = ResultsKit.CertificateNumberIn(mailA)!;
        Assert.NotNull(number);

        // The email's buttons are real links, to the certificate's PDF and to the winners page; its HTML prints no bare
        // address (a long link broken over lines on a phone).
        var mailHtml = Html.Parse(mailA.HtmlBody!);
        var links = mailHtml.QuerySelectorAll("a").Select(a => (Text: a.TextContent.Trim(), Href: a.GetAttribute("href") ?? "")).ToList();
        Assert.Contains(links, l => l.Text == "Unduh sertifikat prestasi (PDF)" && l.Href == $"http://localhost/sertifikat/{number}/pdf");
        Assert.Contains(links, l => l.Text == "Lihat pemenang setiap kategori" && l.Href == $"http://localhost/lomba/{w.C.Slug}/pemenang");
        Assert.DoesNotContain("http", mailHtml.Body!.TextContent);
        Assert.Contains($"http://localhost/lomba/{w.C.Slug}/pemenang", mailA.TextBody);
        var (verified, verifyPage) = await site.CreateBrowser().GetPageAsync("/sertifikat/" + number);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Contains("Ayu Kartika Lestari", verifyPage.MainText());
        Assert.Equal($"Sertifikat {number} untuk Ayu Kartika Lestari dalam {w.C.Title}: cek keasliannya di sini.\nhttp://localhost/sertifikat/{number}",
            verifyPage.WhatsAppMessage($"http://localhost/sertifikat/{number}"));
        Assert.Equal(HttpStatusCode.NotFound, await site.CreateBrowser().StatusAsync("/sertifikat/" + CertificateNumbers.New(2026)));

        // The winners page: names as allowed, previews only where allowed, served only for winners.
        var visitor = site.CreateBrowser();
        var winnersUrl = $"/lomba/{w.C.Slug}/pemenang";
        var (winners, winnersPage) = await visitor.GetPageAsync(winnersUrl);
        Assert.Equal(HttpStatusCode.OK, winners.StatusCode);
        Assert.Equal($"Pemenang {w.C.Title} sudah diumumkan:\nhttp://localhost{winnersUrl}", winnersPage.WhatsAppMessage("http://localhost" + winnersUrl));
        var text = winnersPage.MainText();
        Assert.Contains("Ayu Kartika Lestari", text);
        Assert.Contains("Rudi (SMA Negeri 1 Pandeglang)", text);
        Assert.Single(Regex.Matches(text, "SMA Negeri 1 Pandeglang")); // not repeated under the name
        Assert.DoesNotContain("Rudi Hartono", text);
        Assert.DoesNotContain("Fajar Nugroho", text);
        Assert.Contains("Kota Serang", text);
        Assert.Contains(w.A.Entry.Title, text);
        var previews = winnersPage.QuerySelectorAll("img.winner-preview").Select(i => i.GetAttribute("src")).ToList();
        Assert.Contains($"{winnersUrl}/karya/{w.A.Entry.Id}", previews);
        Assert.DoesNotContain($"{winnersUrl}/karya/{w.B.Entry.Id}", previews);
        var image = await visitor.GetAsync($"{winnersUrl}/karya/{w.A.Entry.Id}");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, await visitor.StatusAsync($"{winnersUrl}/karya/{w.B.Entry.Id}"));
        Assert.Equal(HttpStatusCode.NotFound, await visitor.StatusAsync($"{winnersUrl}/karya/{w.D.Entry.Id}"));
        Assert.Contains($"href=\"{winnersUrl}\"", await visitor.GetStringAsync($"/lomba/{w.C.Slug}"));

        // Scores are frozen: the judge's page is gone and a posted score changes nothing.
        Assert.Equal(HttpStatusCode.NotFound, await w.Judge.StatusAsync($"/judge/entries/{w.D.Entry.Code}"));
        var late = await w.Judge.PostWithTokenAsync("/judge", $"/judge/entries/{w.D.Entry.Code}", new Dictionary<string, string> { ["Command"] = "submit" });
        Assert.NotEqual(HttpStatusCode.Redirect, late.StatusCode);
        Assert.Equal(8, (await site.ScorecardAsync(w.JudgeId, w.D.Entry.Id))!.Points.Sum(p => p.Points));

        // A correction: C loses Juara 3, D gets it. Only C and D hear about it; the cached winners page changes.
        var tierC = await organizer.AwardFieldAsync(w.C, w.C3.Entry.Id);
        var tierD = await organizer.AwardFieldAsync(w.C, w.D.Entry.Id);
        var noReason = await organizer.SaveAwardsAsync(w.C, new Dictionary<string, string> { [tierC] = "", [tierD] = "Juara 3" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var corrected = await organizer.SaveAwardsAsync(w.C, new Dictionary<string, string>
        {
            [tierC] = "",
            [tierD] = "Juara 3",
            ["Reason"] = "Nilai karya C salah input; setelah dicek ulang karya D berhak atas Juara 3.",
        });
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        var correctionD = (await site.SettledMessagesToAsync(w.D.Student.Email!, 2)).Last();
        Assert.Equal(2, site.Smtp.MessagesTo(w.D.Student.Email!).Count);
        Assert.Contains("Koreksi", correctionD.Subject);
        Assert.Contains("salah input", ResultsKit.Text(correctionD));
        Assert.Equal(2, site.Smtp.MessagesTo(w.C3.Student.Email!).Count);
        Assert.Single(site.Smtp.MessagesTo(w.A.Student.Email!));
        Assert.Single(site.Smtp.MessagesTo(w.B.Student.Email!));
        var after = (await visitor.GetPageAsync(winnersUrl)).Document.MainText();
        Assert.Contains("Fajar Nugroho", after);
        Assert.DoesNotContain("Nur Aini Rahmawati", after);
        var certificates = await site.WithDbAsync(db => db.Certificates.AsNoTracking()
            .Where(x => x.CompetitionId == w.C.Id && x.Kind == CertificateKind.Achievement).ToListAsync());
        Assert.All(certificates.Where(x => x.EntryId == w.C3.Entry.Id), x => Assert.True(x.IsRevoked));
        Assert.Equal("Juara 3", Assert.Single(certificates, x => x.EntryId == w.D.Entry.Id && !x.IsRevoked).AwardName);
        Assert.Contains("salah input", Assert.Single(await site.AuditAsync(w.C.Id, "results.corrected")));

        // "My entries" shows the result, score, feedback and the certificate downloads.
        var student = site.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await student.LogInAsync(w.A.Student.Email!)).StatusCode);
        var (_, mine) = await student.GetPageAsync("/entries");
        var result = mine.QuerySelector(".entry-result")!;
        Assert.Contains("Juara 1", result.TextContent);
        Assert.Contains("95,00", result.TextContent);
        Assert.Contains("Komposisi sangat kuat.", result.TextContent);
        var pdf = result.QuerySelectorAll("a").Select(x => x.GetAttribute("href")).First(h => h!.EndsWith("/pdf", StringComparison.Ordinal))!;
        var download = await student.GetAsync(pdf);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Before_publication_nothing_about_results_is_visible_to_anyone_but_organizers()
    {
        var w = await ArrangeAsync();
        var organizer = await site.OrganizerAsync();
        await organizer.SubmitFormAsync(ResultsKit.CategoryUrl(w.C), new Dictionary<string, string> { ["reason"] = "Juri kedua berhalangan." },
            ResultsKit.CategoryUrl(w.C) + "/excuse");
        Assert.Equal(HttpStatusCode.Redirect, (await organizer.SaveAwardsAsync(w.C)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, await site.CreateBrowser().StatusAsync($"/lomba/{w.C.Slug}/pemenang"));
        Assert.Equal(HttpStatusCode.NotFound, await organizer.StatusAsync($"/lomba/{w.C.Slug}/pemenang"));
        Assert.Equal(HttpStatusCode.NotFound, await site.CreateBrowser().StatusAsync($"/lomba/{w.C.Slug}/pemenang/karya/{w.A.Entry.Id}"));

        var student = site.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await student.LogInAsync(w.A.Student.Email!)).StatusCode);
        var (mineResponse, mine) = await student.GetPageAsync("/entries");
        Assert.Equal(HttpStatusCode.OK, mineResponse.StatusCode);
        Assert.Contains(w.A.Entry.Title, mine.MainText());
        Assert.Null(mine.QuerySelector(".entry-result"));
        Assert.DoesNotContain("/pdf", mine.Body!.InnerHtml);
        Assert.DoesNotContain("Juara", mine.MainText());
        Assert.Equal(0, await site.WithDbAsync(db => db.Certificates.CountAsync(x => x.CompetitionId == w.C.Id)));
        await Task.Delay(500);
        Assert.Empty(site.Smtp.MessagesTo(w.A.Student.Email!));

        // Judges never see a ranking, nor do students.
        foreach (var url in new[] { ResultsKit.ResultsUrl(w.C), ResultsKit.CategoryUrl(w.C), ResultsKit.ResultsUrl(w.C) + "/ranking.csv", ResultsKit.ResultsUrl(w.C) + "/print" })
        {
            var asJudge = await w.Judge.GetAsync(url);
            Assert.True(asJudge.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Redirect, $"{url}: {(int)asJudge.StatusCode}");
            Assert.DoesNotContain(w.A.Entry.Title, await asJudge.Content.ReadAsStringAsync());
            var asStudent = await student.GetAsync(url);
            Assert.NotEqual(HttpStatusCode.OK, asStudent.StatusCode);
        }

        var publishAsJudge = await w.Judge.PostWithTokenAsync("/judge", ResultsKit.ResultsUrl(w.C) + "/publish", new Dictionary<string, string> { ["confirm"] = "true" });
        Assert.NotEqual(HttpStatusCode.OK, publishAsJudge.StatusCode);
        Assert.Equal(CompetitionStage.Live, (await site.LoadAsync(w.C.Id)).Stage);
    }

    [Fact]
    public async Task Publishing_needs_the_confirmation_box()
    {
        var w = await ArrangeAsync();
        var organizer = await site.OrganizerAsync();
        await organizer.SubmitFormAsync(ResultsKit.CategoryUrl(w.C), new Dictionary<string, string> { ["reason"] = "Juri kedua berhalangan." },
            ResultsKit.CategoryUrl(w.C) + "/excuse");
        await organizer.SaveAwardsAsync(w.C);

        await organizer.PublishAsync(w.C, confirm: false);

        Assert.Contains("Centang kotak", await organizer.FlashAsync(ResultsKit.ResultsUrl(w.C)));
        Assert.Equal(CompetitionStage.Live, (await site.LoadAsync(w.C.Id)).Stage);
    }

    private static readonly Criterion[] JourneyRubric =
    [
        new() { Id = 1, Order = 0, Weight = 40, MaxPoints = 10 },
        new() { Id = 2, Order = 1, Weight = 60, MaxPoints = 10 },
    ];

    private static ScoreTotals P(int idea, int technique) => ScoreRules.Totals(JourneyRubric, new Dictionary<int, int> { [1] = idea, [2] = technique });
}
