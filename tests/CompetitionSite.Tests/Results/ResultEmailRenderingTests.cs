using System.Globalization;
using System.Text.Json;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Features.Certificates;
using CompetitionSite.Web.Features.Results;
using CompetitionSite.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CompetitionSite.Tests.Results;

/// <summary>
/// Result emails say what to send (issue 16): publication writes each entry's published result and queues rows without
/// bodies; the dispatcher renders the bodies when it sends them. What arrives must be, byte for byte, what the rendering
/// at publication produced before (kept below as <see cref="TodaysResultEmail"/>, a frozen copy of that code), in both
/// languages, with feedback, awards and certificate links — and stay so whatever is edited after publication.
/// </summary>
[LongRunning]
public sealed class ResultEmailRenderingTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    private const string BaseUrl = "http://localhost"; // the test server's address: the publish request's links

    [Fact]
    public async Task Result_emails_rendered_when_sent_are_byte_for_byte_what_publication_rendered_before_in_both_languages()
    {
        var c = await site.SeedReviewAsync(judgesPerEntry: 2);
        var a = await site.EntryAsync(c, ResultsKit.NewStudent("Ayu Kartika Lestari", "SMP Negeri 3 Serang", "Kota Serang"), "Guruku Cahaya Desa", PublicNameDisplay.FullName);
        var b = await site.EntryAsync(c, ResultsKit.NewStudent("Rudi Hartono", "SMA Negeri 1 Pandeglang", "Kabupaten Pandeglang"), "Pahlawan \"Tanpa\" Tanda <Jasa> & Guru");
        var c3 = await site.EntryAsync(c, ResultsKit.NewStudent("Nur Aini Rahmawati", "SMP Islam Cilegon", "Kota Cilegon"), "Ibu Guru di Ujung Jalan");
        var d = await site.EntryAsync(c, ResultsKit.NewStudent("Fajar Nugroho", "SMK Negeri 2 Lebak", "Kabupaten Lebak"), "Papan Tulis Hijau");
        // Rudi and Fajar read English; Ayu and Nur the default, Bahasa Indonesia.
        foreach (var english in new[] { b, d })
        {
            await site.WithDbAsync(db => db.Users.Where(u => u.Email == english.Student.Email).ExecuteUpdateAsync(s => s.SetProperty(u => u.PreferredCulture, "en")));
        }

        var j1 = await site.JudgeIdAsync(c, ResultsKit.JudgeNames[0]);
        var j2 = await site.JudgeIdAsync(c, ResultsKit.JudgeNames[1]);
        await site.ScoreAsync(j1, a, [10, 10], "Komposisi sangat kuat.");
        await site.ScoreAsync(j2, a, [9, 8], "Warna berani & pesannya \"jelas\" <sekali>.");
        await site.ScoreAsync(j1, b, [8, 8], "Huruf judul perlu lebih besar.");
        await site.ScoreAsync(j2, b, [8, 7], "");
        await site.ScoreAsync(j1, c3, [6, 6], "Terus berlatih menggambar tangan.");
        await site.ScoreAsync(j2, c3, [5, 5], "Ide bagus.");
        await site.ScoreAsync(j1, d, [4, 3], "");
        await site.ScoreAsync(j2, d, [2, 4], "");
        var organizer = await site.OrganizerAsync();
        // The ranking's tiers (A, B, C3), and B also the special award: two awards in one email.
        var special = await organizer.AwardFieldAsync(c, b.Entry.Id, "special");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await organizer.SaveAwardsAsync(c, new Dictionary<string, string> { [special] = "Juara Favorit" })).StatusCode);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await organizer.PublishAsync(c)).StatusCode);
        Assert.Equal(CompetitionStage.Published, (await site.LoadAsync(c.Id)).Stage);

        // The rows say what to send, without bodies; the outbox page's subject and recipient are there from the start.
        var rows = await site.WithDbAsync(db => (from n in db.ResultNotices
                                                 join o in db.OutboxMessages on n.OutboxMessageId equals o.Id
                                                 where n.CompetitionId == c.Id
                                                 select o).AsNoTracking().ToListAsync());
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(ResultEmails.ResultTemplate, r.Template);
            Assert.Equal("", r.HtmlBody);
            Assert.Equal("", r.TextBody);
            Assert.NotEqual("", r.Subject);
            Assert.NotNull(JsonSerializer.Deserialize<ResultEmailData>(r.TemplateData!));
        });

        var expected = await TodaysEmailsAsync(c.Id);
        Assert.Equal(4, expected.Count);
        foreach (var entry in new[] { a, b, c3, d })
        {
            var address = entry.Student.Email!;
            var sent = Assert.Single(await site.SettledMessagesToAsync(address, 1));
            var want = expected[address.ToLowerInvariant()];
            var row = rows.Single(r => r.ToAddress == address);
            Assert.Equal(want.Subject, sent.Subject);
            Assert.Equal(row.Subject, want.Subject);
            Assert.Equal(want.TextBody, sent.TextBody);
            Assert.Equal(want.HtmlBody, sent.HtmlBody);
            Assert.Equal(want.Culture, sent.Body!.Headers[HeaderId.ContentLanguage]);
            // What legitimately is not part of the rendering: the Message-ID and Date are the row's, fixed when it was queued.
            Assert.Equal(row.MessageId, sent.MessageId);
            Assert.Equal(new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)).ToUnixTimeSeconds(), sent.Date.ToUnixTimeSeconds());
        }

        // The test looked at what it meant to: both languages, awards (two for B), feedback, certificate links.
        var ayu = expected[a.Student.Email!.ToLowerInvariant()];
        Assert.Contains("Juara 1", ayu.Subject);
        Assert.Contains("Warna berani &amp; pesannya &quot;jelas&quot; &lt;sekali&gt;.", ayu.HtmlBody);
        Assert.Contains($"{BaseUrl}/sertifikat/CS-", ayu.TextBody);
        Assert.Contains("Unduh sertifikat prestasi (PDF)", ayu.TextBody);
        var rudi = expected[b.Student.Email!.ToLowerInvariant()];
        Assert.Equal("en", rudi.Culture);
        Assert.Contains("Juara 2, Juara Favorit", rudi.Subject);
        Assert.Contains("Huruf judul perlu lebih besar.", rudi.TextBody);
        var fajar = expected[d.Student.Email!.ToLowerInvariant()];
        Assert.Equal("en", fajar.Culture);
        Assert.DoesNotContain("What the judges wrote", fajar.TextBody);
        Assert.Contains("certificate of participation", fajar.TextBody);
    }

    [Fact]
    public async Task A_result_email_sent_again_renders_what_was_published_whatever_was_edited_since()
    {
        var c = await site.SeedReviewAsync(judgesPerEntry: 1);
        var a = await site.EntryAsync(c, ResultsKit.NewStudent("Sri Wahyuni", "SMA Negeri 2 Serang", "Kota Serang"), "Sawah di Pagi Hari");
        var b = await site.EntryAsync(c, ResultsKit.NewStudent("Agus Salim", "SMA Negeri 4 Serang", "Kota Serang"), "Pasar Terapung");
        var j1 = await site.JudgeIdAsync(c, ResultsKit.JudgeNames[0]);
        await site.ScoreAsync(j1, a, [10, 9], "Cahaya pagi yang indah.");
        await site.ScoreAsync(j1, b, [7, 7], "Warna kurang tajam.");
        var organizer = await site.OrganizerAsync();
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await organizer.SaveAwardsAsync(c)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await organizer.PublishAsync(c)).StatusCode);
        var first = Assert.Single(await site.SettledMessagesToAsync(a.Student.Email!, 1));
        Assert.Contains("Juara 1", first.Subject);

        // After publication: the title is edited, the student renames herself, and a correction takes her award away.
        await site.WithDbAsync(db => db.Competitions.Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Title, "Judul Baru Sesudah Pengumuman")));
        await site.WithDbAsync(db => db.Participants.Where(p => p.Id == a.ParticipantId).ExecuteUpdateAsync(s => s.SetProperty(p => p.FullName, "Nama Lain Sama Sekali")));
        var tierA = await organizer.AwardFieldAsync(c, a.Entry.Id);
        var tierB = await organizer.AwardFieldAsync(c, b.Entry.Id);
        var corrected = await organizer.SaveAwardsAsync(c, new Dictionary<string, string>
        {
            [tierA] = "Juara 2",
            [tierB] = "Juara 1",
            ["Reason"] = "Nilai tertukar saat input.",
        });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, corrected.StatusCode);

        // Rendering the row again, as a repeat after an unconfirmed hand-over does, gives the bytes that were sent.
        var row = await site.WithDbAsync(db => (from n in db.ResultNotices
                                                join o in db.OutboxMessages on n.OutboxMessageId equals o.Id
                                                where n.EntryId == a.Entry.Id && n.Kind == Web.Domain.Results.ResultNoticeKind.Result
                                                select o).AsNoTracking().SingleAsync());
        await using var scope = site.Services.CreateAsyncScope();
        var problems = await scope.ServiceProvider.GetRequiredService<OutboxRenderer>().RenderAsync([row], CancellationToken.None);
        Assert.Empty(problems);
        Assert.Equal(first.TextBody, row.TextBody);
        Assert.Equal(first.HtmlBody, row.HtmlBody);
        Assert.Contains("Sri Wahyuni", row.TextBody);
        Assert.Contains(c.Title, row.TextBody);
        Assert.DoesNotContain("Judul Baru", row.TextBody);
        Assert.DoesNotContain("Nama Lain", row.TextBody);
        Assert.Contains("Juara 1", row.TextBody);

        // The correction is an email of its own, written when it was made.
        var correction = await site.Smtp.WaitForMessageAsync(a.Student.Email!, m => m.MessageId != first.MessageId);
        Assert.Contains("Judul Baru Sesudah Pengumuman", correction.Subject);
    }

    [Fact]
    public async Task A_message_queued_with_its_bodies_before_the_change_is_still_sent_and_one_whose_data_is_gone_fails_with_the_reason()
    {
        var legacy = Web.Infrastructure.Email.LocalizedEmail.Write(Support.Accounts.NewEmail("lama"), "Peserta Lama", "id", "results.result",
            () => ("Hasil Lomba Lama", new EmailTemplate { SiteName = "Situs", Greeting = "Halo Peserta Lama," }.Paragraph("Isi yang sudah ditulis.")));
        var orphan = Support.Accounts.NewEmail("yatim");
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<IEmailOutbox>();
            outbox.Enqueue(legacy);
            outbox.Enqueue(new TemplatedEmail(orphan, "Yatim", "Hasil", "id", "results.result", ResultEmails.ResultTemplate,
                JsonSerializer.Serialize(new ResultEmailData(int.MaxValue, []))));
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
        }

        var sent = await site.Smtp.WaitForMessageAsync(legacy.ToAddress);
        Assert.Equal(legacy.Subject, sent.Subject);
        Assert.Equal(legacy.TextBody, sent.TextBody);
        Assert.Equal(legacy.HtmlBody, sent.HtmlBody);

        var failed = await WaitForAsync(() => site.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .SingleOrDefaultAsync(m => m.ToAddress == orphan && m.Status == OutboxStatus.Failed)));
        Assert.Equal($"The published result of entry {int.MaxValue} is gone.", failed.LastError);
        Assert.Empty(site.Smtp.MessagesTo(orphan));
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> read) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await read() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "The outbox row did not fail within 30 seconds.");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Every result email of the publication as the site wrote it at publication before issue 16, from the same live data
    /// the publication read: results, recipients, valid certificates. By address.
    /// </summary>
    private async Task<Dictionary<string, EmailMessage>> TodaysEmailsAsync(int competitionId)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        var results = (await services.GetRequiredService<ResultsQueries>().LoadAsync(competitionId))!;
        var rows = results.Categories.SelectMany(cat => cat.Rows.Select(r => (Category: cat, Row: r))).ToList();
        var people = await services.GetRequiredService<ResultRecipients>().ForAsync(rows.SelectMany(x => x.Row.Members));
        var valid = (await db.Certificates.AsNoTracking().Where(x => x.CompetitionId == competitionId && x.RevokedAt == null).ToListAsync()).ToLookup(x => x.EntryId);
        var t = services.GetRequiredService<IStringLocalizer<ResultsText>>();
        var siteName = services.GetRequiredService<IOptions<SiteOptions>>().Value.Name;
        var emails = new Dictionary<string, EmailMessage>();
        foreach (var (category, row) in rows)
        {
            var awards = PublishResults.AwardNames(category, row.EntryId);
            foreach (var (person, members) in PublishResults.ByRecipient(row, people))
            {
                var mentions = valid[row.EntryId].Where(x => members.Contains(x.ParticipantId ?? 0))
                    .OrderByDescending(x => x.Kind).ThenBy(x => x.RecipientName)
                    .Select(x => new CertificateMention(x.Number, x.Kind, x.RecipientName)).ToList();
                emails[person.Email.ToLowerInvariant()] = TodaysResultEmail(t, siteName, person, results.Competition, category.Name, row, awards, mentions);
            }
        }

        return emails;
    }

    /// <summary>
    /// A frozen copy of <c>ResultEmails.Result</c> as it was before issue 16 (queued with its bodies), the reference the
    /// rendering at send time is held to. Only <c>links.Absolute(path)</c> is spelled out as the request's address + path.
    /// </summary>
    private static EmailMessage TodaysResultEmail(IStringLocalizer<ResultsText> t, string siteName, ResultRecipient to, Competition c, string categoryName,
        RankingRow row, IReadOnlyList<string> awards, IReadOnlyList<CertificateMention> certificates) =>
        LocalizedEmail.Write(to.Email, to.Name, to.Culture, "results.result", () =>
        {
            var body = new EmailTemplate
            {
                SiteName = siteName,
                Greeting = t["Hello {0},", to.Name],
                Footer = t["Log in and open \"My entries\" to download the certificates as PDF."],
            };
            if (awards.Count > 0)
            {
                body.Paragraph(t["The results of {0} have been announced. The entry \"{1}\" by {2} in the category {3} won: {4}. Congratulations!",
                    c.Title, row.Title, row.Names, categoryName, string.Join(", ", awards)]);
            }
            else
            {
                body.Paragraph(t["The results of {0} have been announced. Thank you for taking part with the entry \"{1}\" by {2} in the category {3}. It did not win an award this time, but every entry was read and scored carefully.",
                    c.Title, row.Title, row.Names, categoryName]);
            }

            body.Fact(t["Result"], awards.Count > 0 ? string.Join(", ", awards) : t["Participant"])
                .Fact(t["Score"], row.ScoreIn(c.RankingMode).ToString("0.00", CultureInfo.CurrentCulture) + " / 100")
                .Fact(t["Entry code"], row.Code);
            if (row.Feedback.Count > 0)
            {
                body.Paragraph(t["What the judges wrote:"]);
                foreach (var f in row.Feedback)
                {
                    body.Paragraph("“" + f.Text + "”");
                }
            }

            foreach (var cert in certificates)
            {
                var label = cert.Kind == CertificateKind.Achievement
                    ? t["Certificate of achievement for {0}", cert.RecipientName]
                    : t["Certificate of participation for {0}", cert.RecipientName];
                body.Fact(label, cert.Number, BaseUrl + CertificateLinks.Verify(cert.Number));
            }

            var named = certificates.Select(x => x.RecipientName).Distinct(StringComparer.Ordinal).Count() > 1;
            foreach (var cert in certificates)
            {
                var achievement = cert.Kind == CertificateKind.Achievement;
                var text = (named, achievement) switch
                {
                    (false, true) => t["Download the certificate of achievement (PDF)"].Value,
                    (false, false) => t["Download the certificate of participation (PDF)"].Value,
                    (true, true) => t["Download the certificate of achievement for {0} (PDF)", cert.RecipientName].Value,
                    (true, false) => t["Download the certificate of participation for {0} (PDF)", cert.RecipientName].Value,
                };
                body.Button(text, BaseUrl + CertificateLinks.Pdf(cert.Number));
            }

            body.Button(t["See the winners of every category"], BaseUrl + WinnersLinks.Page(c.Slug));
            var subject = awards.Count > 0
                ? t["Congratulations: {0} — {1}", string.Join(", ", awards), c.Title]
                : t["Results of {0}", c.Title];
            return (subject, body);
        });
}
