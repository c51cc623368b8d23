using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Participants;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Entries;

/// <summary>Who may enter which category: checked on the server, explained on the page.</summary>
public sealed class EligibilityTests(EntriesSite site) : IClassFixture<EntriesSite>
{
    [Fact]
    public async Task A_student_of_a_level_the_category_does_not_allow_is_told_why_and_cannot_enter()
    {
        var category = await site.OpenCategoryAsync(); // SMP, grades 7–9
        var (student, profile) = await site.StudentAsync(level: SchoolLevels.SD, grade: 5);

        var (_, page) = await student.Client.GetPageAsync($"/entries/new?category={category.Id}");
        Assert.Contains("hanya untuk siswa SMP", page.MainText());
        Assert.Null(Html.FindForm(page, $"/entries/new?category={category.Id}"));

        // Posting anyway (with a token from another form) creates nothing.
        var forced = await student.Client.PostWithTokenAsync($"/entries/new?category={category.Id}", $"/entries/new?category={category.Id}",
            new Dictionary<string, string> { ["participantId"] = profile.Id.ToString(), ["Title"] = "Coba" });
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Empty(await site.DbAsync(db => db.Entries.Where(e => e.CategoryId == category.Id).ToListAsync()));
    }

    [Fact]
    public async Task A_grade_outside_the_range_is_refused()
    {
        var category = await site.OpenCategoryAsync(c => c.MinGrade = 9);
        var (student, _) = await site.StudentAsync(grade: 7);

        var (_, page) = await student.Client.GetPageAsync($"/entries/new?category={category.Id}");

        Assert.Contains("kelas 9 sampai 9", page.MainText());
    }

    [Fact]
    public async Task The_entry_limit_per_participant_is_enforced()
    {
        var category = await site.OpenCategoryAsync(c => c.MaxEntriesPerParticipant = 1);
        var (student, profile) = await site.StudentAsync();
        await student.Client.EnterAsync(category.Id);

        var (_, page) = await student.Client.GetPageAsync($"/entries/new?category={category.Id}");
        Assert.Contains("Batas 1 karya per peserta", page.MainText());
        var forced = await student.Client.PostWithTokenAsync($"/entries/new?category={category.Id}", $"/entries/new?category={category.Id}",
            new Dictionary<string, string> { ["participantId"] = profile.Id.ToString(), ["Title"] = "Kedua" });
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Single(await site.DbAsync(db => db.Entries.Where(e => e.CategoryId == category.Id).ToListAsync()));
    }

    [Fact]
    public async Task Without_a_profile_the_student_is_sent_to_complete_it()
    {
        var category = await site.OpenCategoryAsync();
        var student = await site.PersonAsync(Support.Accounts.NewEmail("siswa"), Roles.Student);

        var (_, page) = await student.Client.GetPageAsync($"/entries/new?category={category.Id}");

        Assert.NotNull(page.QuerySelector("main a[href='/participant/profile']"));
        Assert.Contains("Lengkapi profil peserta", page.MainText());
    }

    [Fact]
    public async Task An_incomplete_profile_is_refused()
    {
        var category = await site.OpenCategoryAsync();
        var student = await site.PersonAsync(Support.Accounts.NewEmail("siswa"), Roles.Student);
        await site.ProfileAsync(p =>
        {
            p.UserId = student.UserId;
            p.SchoolName = "";
        });

        var (_, page) = await student.Client.GetPageAsync($"/entries/new?category={category.Id}");

        Assert.Contains("Profil peserta belum lengkap", page.MainText());
    }

    [Fact]
    public async Task A_guardian_enters_for_one_of_their_pupils_and_gets_the_receipt()
    {
        var category = await site.OpenCategoryAsync();
        var guardian = await site.PersonAsync(Support.Accounts.NewEmail("guru"), Roles.Guardian, "Pak Guru Ahmad");
        var dewi = await site.ProfileAsync(p =>
        {
            p.GuardianUserId = guardian.UserId;
            p.FullName = "Dewi Anggraini";
        }, ConsentStatus.Given);
        var eko = await site.ProfileAsync(p =>
        {
            p.GuardianUserId = guardian.UserId;
            p.FullName = "Eko Prasetyo";
        }, ConsentStatus.Given);

        // Someone else's pupil can't be chosen.
        var other = await site.ProfileAsync(p => p.FullName = "Murid Lain");
        var (_, page) = await guardian.Client.GetPageAsync($"/entries/new?category={category.Id}");
        Assert.Contains("Dewi Anggraini", page.MainText());
        Assert.Contains("Eko Prasetyo", page.MainText());
        Assert.DoesNotContain("Murid Lain", page.MainText());
        var forced = await guardian.Client.SubmitFormAsync($"/entries/new?category={category.Id}",
            new Dictionary<string, string> { ["participantId"] = other.Id.ToString(), ["Title"] = "Bukan murid saya" });
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);

        var entryId = await guardian.Client.EnterAsync(category.Id, "Karya Eko", new Dictionary<string, string> { ["participantId"] = eko.Id.ToString() });
        var lead = await site.DbAsync(db => db.EntryMembers.SingleAsync(m => m.EntryId == entryId));
        Assert.Equal(eko.Id, lead.ParticipantId);
        Assert.NotEqual(dewi.Id, lead.ParticipantId);

        Assert.Equal(HttpStatusCode.OK, (await guardian.Client.UploadAsync(entryId, TestFile.Pdf())).StatusCode);
        await guardian.Client.SubmitFormAsync($"/entries/{entryId}", new Dictionary<string, string> { ["pledge"] = "true" }, $"/entries/{entryId}/submit");
        var receipt = await site.Smtp.WaitForMessageAsync(guardian.Email);
        Assert.Contains("Karya Eko", receipt.TextBody);
        Assert.Contains("Pak Guru Ahmad", receipt.TextBody);

        var (_, mine) = await guardian.Client.GetPageAsync("/entries");
        Assert.Contains("Karya Eko", mine.MainText());
        Assert.Contains("Peserta: Eko Prasetyo", mine.MainText()); // whose entry it is, among several pupils
    }
}
