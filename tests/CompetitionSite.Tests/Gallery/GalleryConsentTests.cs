using System.Net;
using CompetitionSite.Tests.Judging;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Features.Participants;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Gallery;

/// <summary>
/// Publication needs consent (issue 18): the guardian's wording has a publication clause ticked on its own, adults tick
/// their own, an entry without it is judged but not shown, and the student's entry page says why and how to give it.
/// </summary>
public sealed class GalleryConsentTests(GallerySite site) : IClassFixture<GallerySite>
{
    [Fact]
    public async Task A_guardian_who_ticks_the_publication_clause_puts_the_entry_in_the_gallery()
    {
        var c = await site.SeedGalleryAsync(GalleryMode.DuringEntries);
        var entry = await site.SeedEntryAsync(c.Categories[0].Id, title: "Kucingku Si Belang", minorWithoutConsent: true);
        var token = await PendingRequestAsync(entry.Id);
        var visitor = site.CreateBrowser();
        Assert.Empty(await visitor.TitlesAsync(GalleryKit.GalleryUrl(c))); // cached while empty
        var guardian = site.CreateBrowser();

        var (_, page) = await guardian.GetPageAsync("/consent?token=" + token);
        Assert.NotNull(page.QuerySelector("input#publication[type=checkbox]"));
        Assert.Contains(ConsentWording.Version, page.MainText());
        Assert.Contains("galeri", page.QuerySelector(".consent-text")!.TextContent);
        var decided = await guardian.SubmitFormAsync("/consent?token=" + token,
            new Dictionary<string, string> { ["decision"] = "give", ["publication"] = "true" }, "/consent");

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal(["Kucingku Si Belang"], await visitor.TitlesAsync(GalleryKit.GalleryUrl(c)));
        var consent = (await site.LeadAsync(entry.Id)).Consents.Single(x => x.Status == ConsentStatus.Given);
        Assert.True(consent.AllowsPublication);
        Assert.Equal(ConsentWording.Version, consent.WordingVersion);
        Assert.True(await site.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == "consent.given" && a.Details.Contains("publication: yes"))));
    }

    [Fact]
    public async Task Without_the_tick_the_entry_is_judged_but_not_shown_and_the_students_page_says_why()
    {
        var c = await site.SeedGalleryAsync(GalleryMode.DuringEntries);
        var email = Support.Accounts.NewEmail("siswa");
        var student = await site.LoggedInAsAsync(email, Roles.Student);
        var entry = await site.SeedEntryAsync(c.Categories[0].Id, new Student("Dimas Pratama", "SMP Negeri 1 Serang", null, "Banten", "Kota Serang", email),
            "Rumahku Istanaku", minorWithoutConsent: true);
        var token = await PendingRequestAsync(entry.Id);

        await site.CreateBrowser().SubmitFormAsync("/consent?token=" + token, new Dictionary<string, string> { ["decision"] = "give" }, "/consent");

        var p = await site.LeadAsync(entry.Id);
        Assert.True(ConsentRules.AllowsJudging(p, ParticipantAge.Today(site.Clock)));
        Assert.False(PublicationConsentRules.IsGiven(p, ParticipantAge.Today(site.Clock)));
        Assert.Empty(await site.CreateBrowser().TitlesAsync(GalleryKit.GalleryUrl(c)));
        var (_, own) = await student.GetPageAsync($"/entries/{entry.Id}");
        var notice = own.QuerySelector("#gallery-consent")!;
        Assert.Contains("Dimas Pratama", notice.TextContent);
        Assert.NotNull(notice.QuerySelector("a[href='/participant/profile#consent']"));
        var (_, profile) = await student.GetPageAsync("/participant/profile");
        Assert.NotNull(profile.QuerySelector("form[action='/participant/consent-request']"));
    }

    [Fact]
    public async Task A_guardian_who_agreed_under_the_old_wording_is_asked_for_publication_only()
    {
        var c = await site.SeedGalleryAsync(GalleryMode.DuringEntries);
        var email = Support.Accounts.NewEmail("siswa");
        var student = await site.LoggedInAsAsync(email, Roles.Student);
        var entry = await site.SeedEntryAsync(c.Categories[0].Id, new Student("Putri Ayu", "SMP Negeri 2 Lebak", null, "Banten", "Kabupaten Lebak", email),
            "Sawah di Pagi Hari", minorWithoutConsent: true);
        await site.AddGuardianConsentAsync(entry.Id, GalleryKit.OldWording, publication: true);
        Assert.Empty(await site.CreateBrowser().TitlesAsync(GalleryKit.GalleryUrl(c)));
        var guardianEmail = Support.Accounts.NewEmail("ibu");

        var asked = await student.SubmitFormAsync("/participant/profile", new Dictionary<string, string>
        {
            ["ConsentForm.GuardianName"] = "Ibu Sumiati",
            ["ConsentForm.GuardianEmail"] = guardianEmail,
        }, "/participant/consent-request");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var link = Support.Accounts.LinkIn(await site.Smtp.WaitForMessageAsync(guardianEmail), "/consent");
        var guardian = site.CreateBrowser();
        var (_, page) = await guardian.GetPageAsync(link);
        Assert.Null(page.QuerySelector("button[value=refuse]"));

        var declined = await guardian.PostWithTokenAsync(link, "/consent", new Dictionary<string, string>
        {
            ["token"] = page.QuerySelector("input[name=token]")!.GetAttribute("value")!, ["decision"] = "refuse",
        });
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        var p = await site.LeadAsync(entry.Id);
        Assert.Equal(ConsentState.Given, ConsentRules.StateOf(p, ParticipantAge.Today(site.Clock)));
        Assert.Empty(await site.CreateBrowser().TitlesAsync(GalleryKit.GalleryUrl(c)));

        var agreed = await guardian.SubmitFormAsync(link, new Dictionary<string, string> { ["decision"] = "give" }, "/consent");

        Assert.Equal(HttpStatusCode.OK, agreed.StatusCode);
        Assert.Equal(["Sawah di Pagi Hari"], await site.CreateBrowser().TitlesAsync(GalleryKit.GalleryUrl(c)));
    }

    [Fact]
    public async Task An_adult_agrees_to_publication_in_their_profile_and_can_take_it_back()
    {
        var c = await site.SeedGalleryAsync(GalleryMode.DuringEntries);
        var email = Support.Accounts.NewEmail("siswa");
        var student = await site.LoggedInAsAsync(email, Roles.Student);
        var entry = await site.SeedEntryAsync(c.Categories[0].Id, new Student("Rizky Ramadhan", "SMK Negeri 1 Tangerang", null, "Banten", "Kota Tangerang", email),
            "Robot Penyiram Tanaman");
        await site.WithDbAsync(async db =>
        {
            var p = await db.Participants.SingleAsync(x => x.UserId != null && db.Users.Any(u => u.Id == x.UserId && u.Email == email));
            p.DateOfBirth = DateOnly.FromDateTime(DateTime.UtcNow.AddYears(-19));
            await db.SaveChangesAsync();
            return 0;
        });
        var visitor = site.CreateBrowser();
        Assert.Empty(await visitor.TitlesAsync(GalleryKit.GalleryUrl(c)));
        var (_, entryPage) = await student.GetPageAsync($"/entries/{entry.Id}");
        Assert.NotNull(entryPage.QuerySelector("#gallery-consent a[href='/participant/profile#publication']"));

        var saved = await student.SubmitFormAsync("/participant/profile", new Dictionary<string, string> { ["PublicationConsent"] = "true" }, "/participant/profile");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(["Robot Penyiram Tanaman"], await visitor.TitlesAsync(GalleryKit.GalleryUrl(c)));
        var p = await site.LeadAsync(entry.Id);
        Assert.Equal(ConsentWording.Version, p.PublicationConsentWording);
        Assert.True(await site.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == "participant.updated" && a.ObjectId == p.Id.ToString() && a.Details.Contains("PublicationConsent: given"))));

        var (_, profile) = await student.GetPageAsync("/participant/profile");
        var form = Html.FormFields(Html.FindForm(profile, "/participant/profile")!);
        form.RemoveAll(f => f.Key == "PublicationConsent");
        var withdrawn = await student.PostAsync("/participant/profile", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Empty(await visitor.TitlesAsync(GalleryKit.GalleryUrl(c)));
    }

    [Fact]
    public async Task A_minors_own_tick_in_the_profile_does_not_count()
    {
        var c = await site.SeedGalleryAsync(GalleryMode.DuringEntries);
        var email = Support.Accounts.NewEmail("siswa");
        var student = await site.LoggedInAsAsync(email, Roles.Student);
        var entry = await site.SeedEntryAsync(c.Categories[0].Id, new Student("Nadia Safitri", "SMP Negeri 4 Serang", null, "Banten", "Kota Serang", email),
            "Pantai Anyer", minorWithoutConsent: true);
        await site.AddGuardianConsentAsync(entry.Id, ConsentWording.Version, publication: false);
        await site.WithDbAsync(async db =>
        {
            var p = await db.Participants.SingleAsync(x => db.Users.Any(u => u.Id == x.UserId && u.Email == email));
            (p.Level, p.Grade) = (SchoolLevels.SMP, 8);
            await db.SaveChangesAsync();
            return 0;
        });

        await student.SubmitFormAsync("/participant/profile", new Dictionary<string, string> { ["PublicationConsent"] = "true" }, "/participant/profile");

        Assert.Null((await site.LeadAsync(entry.Id)).PublicationConsentAt);
        Assert.Empty(await site.CreateBrowser().TitlesAsync(GalleryKit.GalleryUrl(c)));
    }

    [Fact]
    public async Task A_guardian_account_adds_publication_for_a_pupil_who_already_has_consent()
    {
        var c = await site.SeedGalleryAsync(GalleryMode.DuringEntries);
        var guardianEmail = Support.Accounts.NewEmail("guru");
        var guardian = await site.LoggedInAsAsync(guardianEmail, Roles.Guardian);
        var entry = await site.SeedEntryAsync(c.Categories[0].Id, new Student("Fajar Nugroho", "SD Negeri 1 Rangkasbitung", null, "Banten", "Kabupaten Lebak"),
            "Pohon Mangga", minorWithoutConsent: true);
        await site.AddGuardianConsentAsync(entry.Id, GalleryKit.OldWording, publication: false);
        var pupilId = await site.WithDbAsync(async db =>
        {
            var p = await db.Participants.SingleAsync(x => db.EntryMembers.Any(m => m.EntryId == entry.Id && m.ParticipantId == x.Id));
            p.GuardianUserId = await db.Users.Where(u => u.Email == guardianEmail).Select(u => u.Id).SingleAsync();
            await db.SaveChangesAsync();
            return p.Id;
        });
        var (_, entryPage) = await guardian.GetPageAsync($"/entries/{entry.Id}");
        Assert.NotNull(entryPage.QuerySelector("#gallery-consent a[href='/guardian/consent']"));

        var withoutTick = await guardian.SubmitFormAsync("/guardian/consent", new Dictionary<string, string>
        {
            ["Form.PupilIds"] = pupilId.ToString(), ["Form.Basis"] = "AsParent",
        }, "/guardian/consent");
        Assert.Equal(HttpStatusCode.OK, withoutTick.StatusCode);
        Assert.Single((await site.LeadAsync(entry.Id)).Consents);

        var withTick = await guardian.SubmitFormAsync("/guardian/consent", new Dictionary<string, string>
        {
            ["Form.PupilIds"] = pupilId.ToString(), ["Form.Basis"] = "AsParent", ["Form.Publication"] = "true",
        }, "/guardian/consent");

        Assert.Equal(HttpStatusCode.Redirect, withTick.StatusCode);
        var given = (await site.LeadAsync(entry.Id)).Consents.OrderBy(x => x.Id).Last();
        Assert.True(given.AllowsPublication);
        Assert.Equal(ConsentMethod.GuardianAccountAsParent, given.Method);
        Assert.Equal(["Pohon Mangga"], await site.CreateBrowser().TitlesAsync(GalleryKit.GalleryUrl(c)));
    }

    /// <summary>A consent request waiting for the guardian, as the student's request leaves it; returns the emailed token.</summary>
    private async Task<string> PendingRequestAsync(int entryId)
    {
        var token = GuardianConsents.NewToken();
        await site.WithDbAsync(async db =>
        {
            var p = await db.Participants.SingleAsync(x => db.EntryMembers.Any(m => m.EntryId == entryId && m.ParticipantId == x.Id));
            db.GuardianConsents.Add(new GuardianConsent
            {
                ParticipantId = p.Id,
                GuardianName = "Sri Wahyuni",
                GuardianEmail = Support.Accounts.NewEmail("wali"),
                Status = ConsentStatus.Pending,
                Method = ConsentMethod.EmailLink,
                TokenHash = GuardianConsents.Hash(token),
                RequestedAt = site.Clock.UtcNow,
                WordingVersion = ConsentWording.Version,
            });
            await db.SaveChangesAsync();
            return 0;
        });
        return token;
    }
}
