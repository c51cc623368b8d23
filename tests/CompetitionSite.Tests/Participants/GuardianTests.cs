using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Participants;

public sealed class GuardianTests(ParticipantsSite site) : IClassFixture<ParticipantsSite>
{
    [Fact]
    public async Task Guardian_adds_two_pupils_and_consents_for_both_in_one_step()
    {
        var (guardian, guardianId) = await GuardianAsync();
        var ayu = await AddPupilAsync(guardian, "Ayu Lestari");
        var budi = await AddPupilAsync(guardian, "Budi Santoso", yearsAgo: 9, level: "SD", grade: "4");

        var (_, list) = await guardian.GetPageAsync("/guardian/pupils");
        Assert.Contains("Ayu Lestari", list.MainText());
        Assert.Contains("Budi Santoso", list.MainText());
        Assert.Contains("Perlu persetujuan orang tua atau wali", list.MainText());

        var (_, consentPage) = await guardian.GetPageAsync("/guardian/consent");
        Assert.NotNull(consentPage.QuerySelector($"input[type=checkbox][name='Form.PupilIds'][value='{ayu}']"));
        Assert.NotNull(consentPage.QuerySelector($"input[type=checkbox][name='Form.PupilIds'][value='{budi}']"));
        Assert.Contains("Juri hanya melihat karyanya", consentPage.MainText());
        var consented = await guardian.PostWithTokenAsync("/guardian/consent", "/guardian/consent", new Dictionary<string, string>
        {
            ["Form.PupilIds"] = ayu.ToString(),
            ["Form.Basis"] = "CollectedFromParents",
        }.Append(new("Form.PupilIds", budi.ToString())));

        Assert.Equal(HttpStatusCode.Redirect, consented.StatusCode);
        var consents = await site.DbAsync(db => db.GuardianConsents.AsNoTracking().Where(c => c.ParticipantId == ayu || c.ParticipantId == budi).ToListAsync());
        Assert.Equal(2, consents.Count);
        Assert.All(consents, c =>
        {
            Assert.Equal(ConsentStatus.Given, c.Status);
            Assert.Equal(ConsentMethod.GuardianAccountCollectedFromParents, c.Method);
            Assert.Equal(guardianId, c.GuardianUserId);
            Assert.Equal(Web.Features.Participants.ConsentWording.Version, c.WordingVersion);
            Assert.NotNull(c.DecidedAt);
            Assert.Equal("Mozilla/5.0 (test guardian)", c.DecidedUserAgent);
        });
        var (_, after) = await guardian.GetPageAsync("/guardian/pupils");
        Assert.Equal(2, after.QuerySelectorAll(".badge-open").Length);
    }

    [Fact]
    public async Task Guardian_consent_needs_a_basis_and_at_least_one_pupil()
    {
        var (guardian, _) = await GuardianAsync();
        var ayu = await AddPupilAsync(guardian, "Ayu Lestari");

        var noBasis = await guardian.SubmitFormAsync("/guardian/consent", new Dictionary<string, string> { ["Form.PupilIds"] = ayu.ToString() });
        var noPupil = await guardian.SubmitFormAsync("/guardian/consent", new Dictionary<string, string> { ["Form.Basis"] = "AsParent" });

        Assert.Contains("Pilih atas dasar apa Anda memberi persetujuan.", await noBasis.Content.ReadAsStringAsync());
        Assert.Contains("Pilih paling sedikit satu murid.", await noPupil.Content.ReadAsStringAsync());
        Assert.Empty(await site.DbAsync(db => db.GuardianConsents.Where(c => c.ParticipantId == ayu).ToListAsync()));

        var asParent = await guardian.SubmitFormAsync("/guardian/consent", new Dictionary<string, string> { ["Form.PupilIds"] = ayu.ToString(), ["Form.Basis"] = "AsParent" });
        Assert.Equal(HttpStatusCode.Redirect, asParent.StatusCode);
        Assert.Equal(ConsentMethod.GuardianAccountAsParent, (await site.DbAsync(db => db.GuardianConsents.SingleAsync(c => c.ParticipantId == ayu))).Method);
    }

    [Fact]
    public async Task Guardian_edits_a_pupil_and_bad_input_changes_nothing()
    {
        var (guardian, _) = await GuardianAsync();
        var ayu = await AddPupilAsync(guardian, "Ayu Lestari");

        var bad = await guardian.SubmitFormAsync($"/guardian/pupils/{ayu}", new Dictionary<string, string> { ["Grade"] = "3" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Kelas 3 tidak ada di jenjang SMP", await bad.Content.ReadAsStringAsync());
        Assert.Equal(8, (await site.DbAsync(db => db.Participants.SingleAsync(p => p.Id == ayu))).Grade);

        var good = await guardian.SubmitFormAsync($"/guardian/pupils/{ayu}", new Dictionary<string, string> { ["Grade"] = "9", ["FullName"] = "Ayu Lestari Putri" });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var pupil = await site.DbAsync(db => db.Participants.SingleAsync(p => p.Id == ayu));
        Assert.Equal((9, "Ayu Lestari Putri"), (pupil.Grade, pupil.FullName));
        Assert.Null(pupil.UserId);
    }

    [Fact]
    public async Task Guardian_cannot_see_or_act_for_someone_elses_pupil()
    {
        var (owner, _) = await GuardianAsync();
        var theirs = await AddPupilAsync(owner, "Citra Dewi");
        await owner.SubmitFormAsync("/guardian/consent", new Dictionary<string, string> { ["Form.PupilIds"] = theirs.ToString(), ["Form.Basis"] = "AsParent" });
        var (intruder, _) = await GuardianAsync();
        var mine = await AddPupilAsync(intruder, "Dodi Pratama");

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/guardian/pupils/{theirs}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/guardian/pupils/{theirs}/withdraw")).StatusCode);
        var edit = await intruder.PostWithTokenAsync("/guardian/pupils/new", $"/guardian/pupils/{theirs}", ParticipantsKit.Profile(fullName: "Diubah Orang Lain"));
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        var withdraw = await intruder.PostWithTokenAsync("/guardian/pupils/new", $"/guardian/pupils/{theirs}/withdraw");
        Assert.Equal(HttpStatusCode.NotFound, withdraw.StatusCode);
        var consent = await intruder.PostWithTokenAsync("/guardian/pupils/new", "/guardian/consent", new Dictionary<string, string>
        {
            ["Form.PupilIds"] = theirs.ToString(),
            ["Form.Basis"] = "AsParent",
        }.Append(new("Form.PupilIds", mine.ToString())));
        Assert.Equal(HttpStatusCode.NotFound, consent.StatusCode);

        var pupil = await site.DbAsync(db => db.Participants.Include(p => p.Consents).AsNoTracking().SingleAsync(p => p.Id == theirs));
        Assert.Equal("Citra Dewi", pupil.FullName);
        Assert.Equal(ConsentStatus.Given, pupil.Consents.Single().Status);
        Assert.Empty(await site.DbAsync(db => db.GuardianConsents.Where(c => c.ParticipantId == mine).ToListAsync()));
        Assert.DoesNotContain("Citra Dewi", (await intruder.GetPageAsync("/guardian/pupils")).Document.MainText());
    }

    [Fact]
    public async Task Guardian_withdraws_consent_from_the_account_and_receives_the_pupils_email()
    {
        var (guardian, guardianId) = await GuardianAsync();
        var ayu = await AddPupilAsync(guardian, "Ayu Lestari");
        await guardian.SubmitFormAsync("/guardian/consent", new Dictionary<string, string> { ["Form.PupilIds"] = ayu.ToString(), ["Form.Basis"] = "AsParent" });
        var entry = await site.AddEntryAsync(ayu);

        var withdrawn = await guardian.SubmitFormAsync($"/guardian/pupils/{ayu}/withdraw", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal(EntryStatus.Withdrawn, (await site.DbAsync(db => db.Entries.SingleAsync(e => e.Id == entry))).Status);
        Assert.Equal(ConsentStatus.Withdrawn, (await site.DbAsync(db => db.GuardianConsents.SingleAsync(c => c.ParticipantId == ayu))).Status);
        var guardianEmail = await site.DbAsync(db => db.Users.Where(u => u.Id == guardianId).Select(u => u.Email!).SingleAsync());
        var mail = await site.EmailToAsync(guardianEmail, m => (m.Subject ?? "").Contains("ditarik"));
        Assert.Contains("Ayu Lestari", mail.TextBody);
    }

    [Fact]
    public async Task Guardian_with_an_account_can_withdraw_a_consent_given_by_email_link()
    {
        var (guardian, guardianId) = await GuardianAsync();
        var guardianEmail = await site.DbAsync(db => db.Users.Where(u => u.Id == guardianId).Select(u => u.Email!).SingleAsync());
        var studentEmail = Support.Accounts.NewEmail("siswa");
        var student = await site.LoggedInAsAsync(studentEmail, Roles.Student);
        await student.SubmitFormAsync("/participant/profile", ParticipantsKit.Profile(fullName: "Eka Putri"));
        await student.SubmitFormAsync("/participant/profile", new Dictionary<string, string>
        {
            ["ConsentForm.GuardianName"] = "Ibu Guru",
            ["ConsentForm.GuardianEmail"] = guardianEmail.ToUpperInvariant(),
        }, "/participant/consent-request");
        await site.CreateBrowser().SubmitFormAsync(Support.Accounts.LinkIn(await site.EmailToAsync(guardianEmail.ToUpperInvariant()), "/consent"),
            new Dictionary<string, string> { ["decision"] = "give" });
        var participant = (await site.ProfileOfAsync(studentEmail))!;

        var (_, list) = await guardian.GetPageAsync("/guardian/pupils");
        Assert.Contains("Eka Putri", list.MainText());
        var withdrawn = await guardian.SubmitFormAsync($"/guardian/pupils/{participant.Id}/withdraw", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal(ConsentStatus.Withdrawn, (await site.ProfileOfAsync(studentEmail))!.Consents.Single().Status);
        Assert.NotNull(await site.EmailToAsync(studentEmail, m => (m.Subject ?? "").Contains("ditarik")));
        // Withdrawing is not editing: the guardian still cannot edit the student's own profile.
        Assert.Equal(HttpStatusCode.NotFound, (await guardian.GetAsync($"/guardian/pupils/{participant.Id}")).StatusCode);
    }

    private async Task<(HttpClient Client, string UserId)> GuardianAsync()
    {
        var email = Support.Accounts.NewEmail("guru");
        var client = await site.LoggedInAsAsync(email, Roles.Guardian);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (test guardian)");
        var id = await site.DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        return (client, id);
    }

    private async Task<int> AddPupilAsync(HttpClient guardian, string name, int yearsAgo = 13, string level = "SMP", string grade = "8")
    {
        var values = ParticipantsKit.Profile(yearsAgo, name);
        values["Level"] = level;
        values["Grade"] = grade;
        var added = await guardian.SubmitFormAsync("/guardian/pupils/new", values);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        return await site.DbAsync(db => db.Participants.Where(p => p.FullName == name).OrderByDescending(p => p.Id).Select(p => p.Id).FirstAsync());
    }
}

internal static class FormValues
{
    /// <summary>Form values with a repeated field (several checkboxes of one name), for <see cref="Html.PostWithTokenAsync"/>.</summary>
    public static IReadOnlyDictionary<string, string> Append(this Dictionary<string, string> values, KeyValuePair<string, string> more) =>
        new MultiValues(values, more);

    private sealed class MultiValues(Dictionary<string, string> values, KeyValuePair<string, string> more) : IReadOnlyDictionary<string, string>
    {
        public string this[string key] => values[key];
        public IEnumerable<string> Keys => values.Keys;
        public IEnumerable<string> Values => values.Values;
        public int Count => values.Count + 1;
        public bool ContainsKey(string key) => values.ContainsKey(key);
        public bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Enumerable.Append(values, more).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
