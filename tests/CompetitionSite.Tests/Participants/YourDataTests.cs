using System.Net;
using System.Text.Json;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Participants;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Participants;

[LongRunning]
public sealed class YourDataTests(ParticipantsSite site) : IClassFixture<ParticipantsSite>
{
    [Fact]
    public async Task Export_contains_the_persons_data_and_not_another_persons()
    {
        var email = Support.Accounts.NewEmail("siswa");
        var student = await site.LoggedInAsAsync(email, Roles.Student);
        await student.SubmitFormAsync("/participant/profile", ParticipantsKit.Profile(fullName: "Ayu Lestari"));
        var guardianEmail = Support.Accounts.NewEmail("ibu");
        await student.SubmitFormAsync("/participant/profile", new Dictionary<string, string>
        {
            ["ConsentForm.GuardianName"] = "Ibu Sari",
            ["ConsentForm.GuardianEmail"] = guardianEmail,
        }, "/participant/consent-request");
        var me = (await site.ProfileOfAsync(email))!;
        var entry = await site.AddEntryAsync(me.Id, title: "Poster Hemat Air", files: 2);

        var otherEmail = Support.Accounts.NewEmail("lain");
        var other = await site.LoggedInAsAsync(otherEmail, Roles.Student);
        await other.SubmitFormAsync("/participant/profile", ParticipantsKit.Profile(fullName: "Budi Orang Lain"));
        await site.AddEntryAsync((await site.ProfileOfAsync(otherEmail))!.Id, title: "Karya Budi");

        var response = await student.GetAsync("/participant/data/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var json = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(email, root.GetProperty("account").GetProperty("email").GetString());
        var participant = root.GetProperty("participants").EnumerateArray().Single();
        Assert.Equal("Ayu Lestari", participant.GetProperty("fullName").GetString());
        Assert.Equal("20601234", participant.GetProperty("schoolNpsn").GetString());
        Assert.Equal("Ibu Sari", participant.GetProperty("consents").EnumerateArray().Single().GetProperty("guardianName").GetString());
        var exported = participant.GetProperty("entries").EnumerateArray().Single();
        Assert.Equal(entry, exported.GetProperty("id").GetInt32());
        Assert.Equal("Poster Hemat Air", exported.GetProperty("title").GetString());
        var files = exported.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(2, files.Count);
        Assert.Equal("poster-0.png", files[0].GetProperty("fileName").GetString());
        Assert.Equal(5, files[0].GetProperty("sizeBytes").GetInt64());
        Assert.Matches("^[0-9a-f]{64}$", files[0].GetProperty("sha256").GetString());
        Assert.Contains(root.GetProperty("auditEvents").EnumerateArray(), e => e.GetProperty("action").GetString() == "participant.created");

        Assert.DoesNotContain("Budi Orang Lain", json);
        Assert.DoesNotContain("Karya Budi", json);
        Assert.DoesNotContain(otherEmail, json);
        Assert.DoesNotContain("storedName", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("passwordHash", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Guardian_export_includes_the_pupils()
    {
        var email = Support.Accounts.NewEmail("guru");
        var guardian = await site.LoggedInAsAsync(email, Roles.Guardian);
        await guardian.SubmitFormAsync("/guardian/pupils/new", ParticipantsKit.Profile(fullName: "Murid Satu"));
        await guardian.SubmitFormAsync("/guardian/pupils/new", ParticipantsKit.Profile(fullName: "Murid Dua"));

        var json = await guardian.GetStringAsync("/participant/data/export");

        using var document = JsonDocument.Parse(json);
        var names = document.RootElement.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("fullName").GetString()).ToList();
        Assert.Equal(["Murid Satu", "Murid Dua"], names);
    }

    [Fact]
    public async Task Deleting_needs_the_password_and_the_typed_word()
    {
        var email = Support.Accounts.NewEmail("siswa");
        var student = await site.LoggedInAsAsync(email, Roles.Student);
        await student.SubmitFormAsync("/participant/profile", ParticipantsKit.Profile());

        var wrongPassword = await student.SubmitFormAsync("/participant/data", new Dictionary<string, string>
        {
            ["Form.Password"] = "bukan kata sandinya",
            ["Form.Confirmation"] = "HAPUS",
        }, "/participant/data/delete");
        var wrongWord = await student.SubmitFormAsync("/participant/data", new Dictionary<string, string>
        {
            ["Form.Password"] = Support.Accounts.GoodPassword,
            ["Form.Confirmation"] = "ya",
        }, "/participant/data/delete");

        Assert.Contains("Kata sandi tidak benar.", await wrongPassword.Content.ReadAsStringAsync());
        Assert.Contains("Ketik HAPUS untuk mengonfirmasi.", await wrongWord.Content.ReadAsStringAsync());
        Assert.NotNull(await site.ProfileOfAsync(email));
        Assert.Equal(HttpStatusCode.OK, (await student.GetAsync("/participant/profile")).StatusCode);
    }

    [Fact]
    public async Task Deleting_removes_personal_data_and_files_but_keeps_anonymous_entries_of_published_competitions()
    {
        var email = Support.Accounts.NewEmail("siswa");
        var student = await site.LoggedInAsAsync(email, Roles.Student);
        await student.SubmitFormAsync("/participant/profile", ParticipantsKit.Profile(fullName: "Ayu Lestari"));
        await student.SubmitFormAsync("/participant/profile", new Dictionary<string, string>
        {
            ["ConsentForm.GuardianName"] = "Ibu Sari",
            ["ConsentForm.GuardianEmail"] = Support.Accounts.NewEmail("ibu"),
        }, "/participant/consent-request");
        var me = (await site.ProfileOfAsync(email))!;
        var userId = me.UserId!;
        var open = await site.AddEntryAsync(me.Id, CompetitionStage.Live, title: "Karya Belum Dinilai", files: 2);
        var sentMail = Guid.NewGuid();
        await site.DbAsync(async db =>
        {
            db.OutboxMessages.Add(new Web.Domain.Email.OutboxMessage
            {
                Id = sentMail, MessageId = $"{sentMail:N}@test.local", ToAddress = email, ToName = "Ayu Lestari", Subject = "Hasil",
                HtmlBody = $"<p>Halo Ayu Lestari {sentMail}</p>", TextBody = $"Halo Ayu Lestari {sentMail}", Kind = "test.sent", Status = Web.Domain.Email.OutboxStatus.Sent,
                CreatedAt = DateTime.UtcNow, NextAttemptAt = DateTime.UtcNow, SentAt = DateTime.UtcNow, Attempts = 1,
            });
            return await db.SaveChangesAsync();
        });
        var published = await site.AddEntryAsync(me.Id, CompetitionStage.Published, title: "Karya Juara");
        var storedNames = await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == open || f.EntryId == published).Select(f => f.StoredName).ToListAsync());
        Assert.Equal(3, storedNames.Count);
        Assert.True(await site.ExistsInStoreAsync(storedNames[0]));
        var (_, dataPage) = await student.GetPageAsync("/participant/data");
        Assert.Contains("(1)", dataPage.QuerySelector("#delete")!.TextContent);

        var deleted = await student.SubmitFormAsync("/participant/data", new Dictionary<string, string>
        {
            ["Form.Password"] = Support.Accounts.GoodPassword,
            ["Form.Confirmation"] = "hapus",
        }, "/participant/data/delete");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Contains("Akun Anda sudah dihapus", await deleted.Content.ReadAsStringAsync());
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.Null(await users.FindByEmailAsync(email));
        }

        await site.DbAsync(async db =>
        {
            Assert.False(await db.Participants.AnyAsync(p => p.Id == me.Id));
            Assert.False(await db.GuardianConsents.AnyAsync(c => c.ParticipantId == me.Id));
            Assert.False(await db.Entries.AnyAsync(e => e.Id == open));

            // Sent emails to the address go, bodies and all (they are kept in a table of their own).
            Assert.False(await db.OutboxMessages.AnyAsync(m => m.Id == sentMail));
            Assert.Equal(0, await db.Database.SqlQueryRaw<int>(
                "SELECT COUNT(*) AS \"Value\" FROM \"OutboxMessageBodies\" WHERE \"TextBody\" LIKE {0}", $"%{sentMail}%").SingleAsync());
            var kept = await db.Entries.Include(e => e.Members).Include(e => e.Files).SingleAsync(e => e.Id == published);
            Assert.Equal("—", kept.Title);
            Assert.Equal("", kept.Description);
            Assert.Empty(kept.Files);
            Assert.All(kept.Members, m => Assert.Null(m.ParticipantId));
            Assert.Equal(Web.Domain.Entries.EntryStatus.Submitted, kept.Status);

            var deletion = await db.AuditEvents.SingleAsync(e => e.Action == "account.deleted" && e.Details.Contains("entries anonymized: 1"));
            Assert.Null(deletion.ActorUserId);
            var audit = await db.AuditEvents.ToListAsync();
            Assert.DoesNotContain(audit, e => e.ActorUserId == userId || e.ObjectId == userId);
            Assert.DoesNotContain(audit, e => (e.ActorName + e.Details).Contains(email, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(audit, e => e.Details.Contains("Ayu"));
        });
        foreach (var name in storedNames)
        {
            Assert.False(await site.ExistsInStoreAsync(name), $"{name} is still in the file store.");
        }

        var pendingFiles = await site.DbAsync(db => db.AuditEvents.Where(e => e.Action == "file.delete-pending").Select(e => e.Details).ToListAsync());
        var doneFiles = await site.DbAsync(db => db.AuditEvents.Where(e => e.Action == "file.deleted").Select(e => e.Details).ToListAsync());
        Assert.All(storedNames, n => Assert.Contains(n, pendingFiles));
        Assert.All(storedNames, n => Assert.Contains(n, doneFiles));

        // Signed out; the account cannot log in again.
        Assert.Equal(HttpStatusCode.Redirect, (await student.GetAsync("/participant/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await site.CreateBrowser().LogInAsync(email)).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_guardian_removes_the_pupils_and_keeps_a_teammates_entry()
    {
        var email = Support.Accounts.NewEmail("guru");
        var guardian = await site.LoggedInAsAsync(email, Roles.Guardian);
        await guardian.SubmitFormAsync("/guardian/pupils/new", ParticipantsKit.Profile(fullName: "Murid Dihapus"));
        var pupil = await site.DbAsync(db => db.Participants.Where(p => p.FullName == "Murid Dihapus").OrderByDescending(p => p.Id).Select(p => p.Id).FirstAsync());
        var mateEmail = Support.Accounts.NewEmail("teman");
        var mate = await site.LoggedInAsAsync(mateEmail, Roles.Student);
        await mate.SubmitFormAsync("/participant/profile", ParticipantsKit.Profile(fullName: "Teman Setim"));
        var mateId = (await site.ProfileOfAsync(mateEmail))!.Id;
        var team = await site.AddEntryAsync(pupil, title: "Karya Tim", teammates: [mateId]);
        var solo = await site.AddEntryAsync(pupil, title: "Karya Sendiri");

        var deleted = await guardian.SubmitFormAsync("/participant/data", new Dictionary<string, string>
        {
            ["Form.Password"] = Support.Accounts.GoodPassword,
            ["Form.Confirmation"] = "HAPUS",
        }, "/participant/data/delete");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await site.DbAsync(async db =>
        {
            Assert.False(await db.Participants.AnyAsync(p => p.Id == pupil));
            Assert.False(await db.Entries.AnyAsync(e => e.Id == solo));
            var kept = await db.Entries.Include(e => e.Members).Include(e => e.Files).SingleAsync(e => e.Id == team);
            Assert.Equal("Karya Tim", kept.Title);
            var member = Assert.Single(kept.Members);
            Assert.Equal(mateId, member.ParticipantId);
            Assert.True(member.IsLead);
            Assert.Single(kept.Files);
        });
        Assert.True(await site.ExistsInStoreAsync(await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == team).Select(f => f.StoredName).SingleAsync())));
        Assert.NotNull(await site.ProfileOfAsync(mateEmail));
    }
}
