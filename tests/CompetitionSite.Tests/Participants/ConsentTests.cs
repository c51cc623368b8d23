using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Features.Participants;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Participants;

public sealed class ConsentTests(ParticipantsSite site) : IClassFixture<ParticipantsSite>
{
    private const string GuardianIp = "203.0.113.7";
    private const string GuardianBrowser = "Mozilla/5.0 (Linux; Android 14) Chrome/131 Mobile";

    [Fact]
    public async Task After_asking_by_email_the_student_can_send_the_same_consent_link_by_WhatsApp_once()
    {
        var (student, _, guardianEmail) = await MinorWithProfileAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await AskConsentAsync(student, "Ibu Sari", guardianEmail)).StatusCode);

        var (_, page) = await student.GetPageAsync("/participant/profile");
        var whatsApp = page.QuerySelector("a.share-whatsapp")?.GetAttribute("href");
        Assert.NotNull(whatsApp);
        Assert.StartsWith("https://wa.me/?text=", whatsApp);
        var text = Uri.UnescapeDataString(whatsApp!["https://wa.me/?text=".Length..]);
        Assert.StartsWith("Halo Ibu Sari, saya Ayu Lestari.", text);
        Assert.Contains("persetujuan Anda sebagai orang tua atau wali", text);

        // The message carries the emailed link, and it opens the guardian's consent page.
        var emailed = Support.Accounts.LinkIn(await site.EmailToAsync(guardianEmail), "/consent");
        var sent = new Uri(text[text.LastIndexOf("http", StringComparison.Ordinal)..]);
        Assert.Equal(emailed, sent.PathAndQuery);
        var (consent, consentPage) = await Guardian().GetPageAsync(sent.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        Assert.Contains("Ayu Lestari", consentPage.MainText());

        // Shown once, right after sending; a reload no longer carries the link.
        var (_, again) = await student.GetPageAsync("/participant/profile");
        Assert.Null(again.QuerySelector("a.share-whatsapp"));
    }

    [Fact]
    public async Task A_student_in_Bali_sees_consent_times_in_WITA_and_so_does_the_guardian()
    {
        var email = Support.Accounts.NewEmail("siswa");
        var student = await site.LoggedInAsAsync(email, Roles.Student);
        var profile = ParticipantsKit.Profile();
        profile["Province"] = "Bali";
        profile["Regency"] = "Kota Denpasar";
        Assert.Equal(HttpStatusCode.Redirect, (await student.SubmitFormAsync("/participant/profile", profile)).StatusCode);
        var guardianEmail = Support.Accounts.NewEmail("ibu");
        Assert.Equal(HttpStatusCode.Redirect, (await AskConsentAsync(student, "Ibu Ketut", guardianEmail)).StatusCode);

        var (_, page) = await student.GetPageAsync("/participant/profile");
        var state = page.QuerySelector(".status-box")!.TextContent;
        Assert.Contains("WITA", state);
        Assert.DoesNotContain("WIB", state);

        var request = await site.EmailToAsync(guardianEmail);
        var expiry = request.TextBody!.Split('\n').Single(l => l.Contains("hanya bisa dipakai sekali", StringComparison.Ordinal));
        Assert.EndsWith("WITA.", expiry.Trim()); // the email too, not only the pages
        var link = Support.Accounts.LinkIn(request, "/consent");
        var (_, decide) = await Guardian().GetPageAsync(link);
        var until = decide.QuerySelectorAll("main p").Select(p => p.TextContent).Single(t => t.Contains("hanya bisa dipakai sekali", StringComparison.Ordinal));
        Assert.Contains("WITA", until);
    }

    [Fact]
    public async Task Minor_asks_guardian_who_consents_and_the_evidence_is_stored()
    {
        var (student, email, guardianEmail) = await MinorWithProfileAsync();

        var asked = await AskConsentAsync(student, "Ibu Sari", guardianEmail);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var (_, waiting) = await student.GetPageAsync("/participant/profile");
        Assert.Contains("Menunggu persetujuan orang tua atau wali", waiting.MainText());

        var mail = await site.EmailToAsync(guardianEmail);
        Assert.Contains("Ayu Lestari", mail.Subject);
        var link = Support.Accounts.LinkIn(mail, "/consent");
        var guardian = Guardian();
        var (page, consentPage) = await guardian.GetPageAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var text = consentPage.MainText();
        Assert.Contains("Ayu Lestari", text);
        Assert.Contains("Juri hanya melihat karyanya", text);
        Assert.Contains("menarik persetujuan", text);
        Assert.Contains(ConsentWording.Version, text);
        Assert.True(page.Headers.CacheControl?.NoStore);

        var decided = await guardian.SubmitFormAsync(link, new Dictionary<string, string> { ["decision"] = "give" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Contains("persetujuan sudah dicatat", await decided.Content.ReadAsStringAsync());

        var consent = (await site.ProfileOfAsync(email))!.Consents.Single();
        Assert.Equal(ConsentStatus.Given, consent.Status);
        Assert.Equal(ConsentMethod.EmailLink, consent.Method);
        Assert.Equal(GuardianIp, consent.DecidedFromIp);
        Assert.Equal(GuardianBrowser, consent.DecidedUserAgent);
        Assert.Equal(ConsentWording.Version, consent.WordingVersion);
        Assert.Equal(("Ibu Sari", guardianEmail), (consent.GuardianName, consent.GuardianEmail));
        Assert.InRange(consent.DecidedAt!.Value, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));

        var (_, given) = await student.GetPageAsync("/participant/profile");
        Assert.Contains("Persetujuan diberikan", given.MainText());
        Assert.Contains("Ibu Sari", given.MainText());
        Assert.Contains("Pendamping Anda sudah memberi persetujuan", (await site.EmailToAsync(email)).Subject);
        var confirmation = await site.EmailToAsync(guardianEmail, m => (m.Subject ?? "").Contains("Anda telah memberi persetujuan"));
        Assert.Contains("/consent/withdraw", Support.Accounts.LinkIn(confirmation, "/consent/withdraw"));
    }

    [Fact]
    public async Task Guardian_refuses_and_the_student_can_ask_again()
    {
        var (student, email, guardianEmail) = await MinorWithProfileAsync();
        await AskConsentAsync(student, "Bapak Joko", guardianEmail);
        var link = Support.Accounts.LinkIn(await site.EmailToAsync(guardianEmail), "/consent");

        var refused = await Guardian().SubmitFormAsync(link, new Dictionary<string, string> { ["decision"] = "refuse" });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Jawaban Anda sudah dicatat", await refused.Content.ReadAsStringAsync());
        var consent = (await site.ProfileOfAsync(email))!.Consents.Single();
        Assert.Equal(ConsentStatus.Refused, consent.Status);
        Assert.Equal(GuardianIp, consent.DecidedFromIp);
        Assert.Null(consent.TokenHash);
        var (_, page) = await student.GetPageAsync("/participant/profile");
        Assert.Contains("Persetujuan ditolak", page.MainText());
        Assert.Contains("Pendamping Anda tidak memberi persetujuan", (await site.EmailToAsync(email)).Subject);

        // Asking again after a refusal makes a new request (the refusal stays as evidence).
        Assert.Equal(HttpStatusCode.Redirect, (await AskConsentAsync(student, "Bapak Joko", guardianEmail)).StatusCode);
        var profile = await site.ProfileOfAsync(email);
        Assert.Equal([ConsentStatus.Refused, ConsentStatus.Pending], profile!.Consents.OrderBy(c => c.Id).Select(c => c.Status));
        Assert.Equal(ConsentState.Pending, ParticipantDirectory.ConsentStateOf(profile, ParticipantAge.Today(TimeProvider.System)));
        var second = Support.Accounts.LinkIn(await site.EmailToAsync(guardianEmail), "/consent");
        Assert.NotEqual(link, second);
        Assert.Equal(HttpStatusCode.OK, (await Guardian().SubmitFormAsync(second, new Dictionary<string, string> { ["decision"] = "give" })).StatusCode);
        Assert.Contains("Persetujuan diberikan", (await student.GetPageAsync("/participant/profile")).Document.MainText());
    }

    [Fact]
    public async Task Withdrawing_consent_withdraws_the_open_entries_and_emails_the_student()
    {
        var (student, email, guardianEmail) = await MinorWithProfileAsync();
        await AskConsentAsync(student, "Ibu Sari", guardianEmail);
        await Guardian().SubmitFormAsync(Support.Accounts.LinkIn(await site.EmailToAsync(guardianEmail), "/consent"),
            new Dictionary<string, string> { ["decision"] = "give" });
        var participant = (await site.ProfileOfAsync(email))!;
        var submitted = await site.AddEntryAsync(participant.Id, status: EntryStatus.Submitted);
        var draft = await site.AddEntryAsync(participant.Id, status: EntryStatus.Draft);
        var disqualified = await site.AddEntryAsync(participant.Id, status: EntryStatus.Disqualified);
        var confirmation = await site.EmailToAsync(guardianEmail, m => (m.Subject ?? "").Contains("Anda telah memberi persetujuan"));
        var withdrawLink = Support.Accounts.LinkIn(confirmation, "/consent/withdraw");

        var guardian = Guardian();
        var (confirmPage, document) = await guardian.GetPageAsync(withdrawLink);
        Assert.Equal(HttpStatusCode.OK, confirmPage.StatusCode);
        Assert.Contains("Ayu Lestari", document.MainText());
        var withdrawn = await guardian.SubmitFormAsync(withdrawLink, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Contains("sudah ditarik", await withdrawn.Content.ReadAsStringAsync());
        var consent = (await site.ProfileOfAsync(email))!.Consents.Single();
        Assert.Equal(ConsentStatus.Withdrawn, consent.Status);
        Assert.NotNull(consent.WithdrawnAt);
        var statuses = await site.DbAsync(db => db.Entries.Where(e => e.Id == submitted || e.Id == draft || e.Id == disqualified)
            .ToDictionaryAsync(e => e.Id, e => (e.Status, e.WithdrawnAt)));
        Assert.Equal(EntryStatus.Withdrawn, statuses[submitted].Status);
        Assert.Equal(EntryStatus.Withdrawn, statuses[draft].Status);
        Assert.NotNull(statuses[submitted].WithdrawnAt);
        Assert.Equal(EntryStatus.Disqualified, statuses[disqualified].Status);
        var audited = await site.DbAsync(db => db.AuditEvents.Where(e => e.Action == "entry.withdrawn" && e.ObjectType == "entry")
            .Select(e => e.ObjectId).ToListAsync());
        Assert.Contains(submitted.ToString(), audited);
        Assert.Contains(draft.ToString(), audited);
        Assert.DoesNotContain(disqualified.ToString(), audited);

        var mail = await site.EmailToAsync(email, m => (m.Subject ?? "").Contains("ditarik"));
        Assert.Contains("Karya yang ditarik: 2", mail.TextBody);
        Assert.Contains("Persetujuan ditarik", (await student.GetPageAsync("/participant/profile")).Document.MainText());

        // The withdrawal link works once.
        Assert.Equal(HttpStatusCode.NotFound, (await Guardian().GetAsync(withdrawLink)).StatusCode);
    }

    [Fact]
    public async Task A_used_forged_or_expired_link_shows_a_clear_page_and_changes_nothing()
    {
        var (student, email, guardianEmail) = await MinorWithProfileAsync();
        await AskConsentAsync(student, "Ibu Sari", guardianEmail);
        var link = Support.Accounts.LinkIn(await site.EmailToAsync(guardianEmail), "/consent");
        var guardian = Guardian();
        var consentPage = await guardian.GetPageAsync(link);

        // Forged token: a clear page, nothing decided.
        var (forged, forgedPage) = await Guardian().GetPageAsync("/consent?token=" + new string('a', 48));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Contains("Tautan tidak berlaku", forgedPage.MainText());
        Assert.Contains("Tidak ada yang diubah", forgedPage.MainText());
        var forgedPost = await guardian.PostWithTokenAsync(link, "/consent", new Dictionary<string, string> { ["token"] = "palsu", ["decision"] = "give" });
        Assert.Equal(HttpStatusCode.NotFound, forgedPost.StatusCode);
        Assert.Equal(ConsentStatus.Pending, (await site.ProfileOfAsync(email))!.Consents.Single().Status);

        // Used once (refused); the same link again cannot turn it into consent.
        await guardian.SubmitFormAsync(link, new Dictionary<string, string> { ["decision"] = "refuse" });
        var (again, againPage) = await guardian.GetPageAsync(link);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("Tautan tidak berlaku", againPage.MainText());
        var token = Html.FindForm(consentPage.Document, "/consent")!.Elements.OfType<AngleSharp.Html.Dom.IHtmlInputElement>().Single(i => i.Name == "token").Value;
        var replay = await guardian.PostWithTokenAsync("/account/login", "/consent", new Dictionary<string, string> { ["token"] = token, ["decision"] = "give" });
        Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
        var consent = (await site.ProfileOfAsync(email))!.Consents.Single();
        Assert.Equal(ConsentStatus.Refused, consent.Status);

        // Expired: a request older than the link lifetime (14 days).
        await AskConsentAsync(student, "Ibu Sari", guardianEmail);
        var fresh = Support.Accounts.LinkIn(await site.EmailToAsync(guardianEmail), "/consent");
        await site.DbAsync(async db =>
        {
            var rows = await db.GuardianConsents.Where(c => c.ParticipantId == consent.ParticipantId).ToListAsync();
            var refused = rows.Single(c => c.Status == ConsentStatus.Refused);
            (refused.RequestedAt, refused.DecidedAt) = (DateTime.UtcNow.AddDays(-20), DateTime.UtcNow.AddDays(-19));
            rows.Single(c => c.Status == ConsentStatus.Pending).RequestedAt = DateTime.UtcNow.AddDays(-15);
            await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.NotFound, (await Guardian().GetAsync(fresh)).StatusCode);
        Assert.Contains("Tautan sudah kedaluwarsa", (await student.GetPageAsync("/participant/profile")).Document.MainText());
        Assert.Equal(ConsentState.Pending, ParticipantDirectory.ConsentStateOf((await site.ProfileOfAsync(email))!, ParticipantAge.Today(TimeProvider.System)));
    }

    [Fact]
    public async Task The_student_cannot_decide_on_their_own_consent_with_the_link()
    {
        var (student, email, guardianEmail) = await MinorWithProfileAsync();
        await AskConsentAsync(student, "Ibu Sari", guardianEmail);
        var link = Support.Accounts.LinkIn(await site.EmailToAsync(guardianEmail), "/consent");

        var (page, document) = await student.GetPageAsync(link);
        var post = await student.PostWithTokenAsync("/participant/profile", "/consent", new Dictionary<string, string>
        {
            ["token"] = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + link).Query)["token"]!,
            ["decision"] = "give",
        });

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("Hanya orang tua/wali Anda", document.MainText());
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(ConsentStatus.Pending, (await site.ProfileOfAsync(email))!.Consents.Single().Status);
        Assert.Equal(HttpStatusCode.OK, (await Guardian().GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task A_new_request_replaces_the_link_of_the_earlier_one_and_is_not_sent_twice_in_a_row()
    {
        var (student, email, guardianEmail) = await MinorWithProfileAsync();
        await AskConsentAsync(student, "Ibu Sari", guardianEmail);
        var first = Support.Accounts.LinkIn(await site.EmailToAsync(guardianEmail), "/consent");

        var tooSoon = await AskConsentAsync(student, "Ibu Sari", guardianEmail);
        Assert.Equal(HttpStatusCode.Redirect, tooSoon.StatusCode);
        Assert.Single(await site.QueuedEmailsToAsync(guardianEmail));
        Assert.Contains("baru saja mengirim permintaan", (await student.GetPageAsync("/participant/profile")).Document.MainText());

        await site.DbAsync(db => db.GuardianConsents.Where(c => c.GuardianEmail == guardianEmail)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RequestedAt, DateTime.UtcNow.AddHours(-1))));
        var otherGuardian = Support.Accounts.NewEmail("ayah");
        Assert.Equal(HttpStatusCode.Redirect, (await AskConsentAsync(student, "Bapak Joko", otherGuardian)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await Guardian().GetAsync(first)).StatusCode);
        var second = Support.Accounts.LinkIn(await site.EmailToAsync(otherGuardian), "/consent");
        Assert.Equal(HttpStatusCode.OK, (await Guardian().GetAsync(second)).StatusCode);
        Assert.Equal(2, (await site.ProfileOfAsync(email))!.Consents.Count);
    }

    [Fact]
    public async Task Consent_request_needs_a_guardian_email_that_is_not_the_students_own()
    {
        var (student, email, _) = await MinorWithProfileAsync();

        var own = await AskConsentAsync(student, "Saya Sendiri", email);
        var missing = await AskConsentAsync(student, "", "bukan-email");

        Assert.Contains("bukan email Anda sendiri", await own.Content.ReadAsStringAsync());
        var missingText = await missing.Content.ReadAsStringAsync();
        Assert.Contains("Isi nama orang tua/wali Anda.", missingText);
        Assert.Contains("Masukkan alamat email yang benar.", missingText);
        Assert.Empty((await site.ProfileOfAsync(email))!.Consents);
        Assert.Empty(await site.QueuedEmailsToAsync(email));
    }

    [Fact]
    public async Task An_adult_needs_no_consent()
    {
        var email = Support.Accounts.NewEmail("siswa");
        var student = await site.LoggedInAsAsync(email, Roles.Student);
        var values = ParticipantsKit.Profile(yearsAgo: 18, daysOffset: 0);
        values["Level"] = "SMA";
        values["Grade"] = "12";
        await student.SubmitFormAsync("/participant/profile", values);

        var (_, page) = await student.GetPageAsync("/participant/profile");
        Assert.Contains("tidak perlu persetujuan orang tua atau wali", page.MainText());
        Assert.Null(page.QuerySelector("form[action='/participant/consent-request']"));
        var profile = await site.ProfileOfAsync(email);
        Assert.Equal(ConsentState.NotNeeded, ParticipantDirectory.ConsentStateOf(profile!, ParticipantAge.Today(TimeProvider.System)));

        await AskConsentAsync(student, "Ibu Sari", Support.Accounts.NewEmail("ibu"), viaPage: false);
        Assert.Empty((await site.ProfileOfAsync(email))!.Consents);
    }

    private HttpClient Guardian()
    {
        var client = site.CreateBrowser();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", GuardianIp);
        client.DefaultRequestHeaders.UserAgent.ParseAdd(GuardianBrowser);
        return client;
    }

    private async Task<(HttpClient Student, string Email, string GuardianEmail)> MinorWithProfileAsync()
    {
        var email = Support.Accounts.NewEmail("siswa");
        var student = await site.LoggedInAsAsync(email, Roles.Student);
        var saved = await student.SubmitFormAsync("/participant/profile", ParticipantsKit.Profile());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        return (student, email, Support.Accounts.NewEmail("ibu"));
    }

    private static Task<HttpResponseMessage> AskConsentAsync(HttpClient student, string name, string email, bool viaPage = true) =>
        viaPage
            ? student.SubmitFormAsync("/participant/profile", new Dictionary<string, string>
            {
                ["ConsentForm.GuardianName"] = name,
                ["ConsentForm.GuardianEmail"] = email,
            }, "/participant/consent-request")
            : student.PostWithTokenAsync("/participant/profile", "/participant/consent-request", new Dictionary<string, string>
            {
                ["ConsentForm.GuardianName"] = name,
                ["ConsentForm.GuardianEmail"] = email,
            });
}
