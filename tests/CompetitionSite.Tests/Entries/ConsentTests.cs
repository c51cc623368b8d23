using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Entries;

/// <summary>A minor's entry can be prepared and submitted, but goes to judging only once the guardian consented.</summary>
public sealed class ConsentTests(EntriesSite site) : IClassFixture<EntriesSite>
{
    [Fact]
    public async Task Missing_consent_keeps_a_submitted_entry_out_of_ready_for_judging_until_the_guardian_consents()
    {
        var category = await site.OpenCategoryAsync();
        var (student, profile) = await site.StudentAsync(consent: null);
        var entryId = await student.Client.EnterAsync(category.Id, "Menunggu Wali");
        await student.Client.UploadAsync(entryId, TestFile.Pdf());
        var submit = await student.Client.SubmitFormAsync($"/entries/{entryId}", new Dictionary<string, string> { ["pledge"] = "true" }, $"/entries/{entryId}/submit");
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
        Assert.Equal(EntryStatus.Submitted, await site.DbAsync(db => db.Entries.Where(e => e.Id == entryId).Select(e => e.Status).SingleAsync()));

        var (_, mine) = await student.Client.GetPageAsync("/entries");
        Assert.Contains("Menunggu persetujuan wali", mine.MainText());
        Assert.Contains("Wali harus memberi persetujuan", mine.MainText());

        var organizer = await site.PersonAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);
        var ready = $"/admin/entries?competition={category.CompetitionId}&status=ready";
        var waiting = $"/admin/entries?competition={category.CompetitionId}&status=waiting-consent";
        Assert.DoesNotContain("Menunggu Wali", (await organizer.Client.GetPageAsync(ready)).Document.MainText());
        Assert.Contains("Menunggu Wali", (await organizer.Client.GetPageAsync(waiting)).Document.MainText());

        // A pending request is still not consent; a refusal neither.
        await AddConsentAsync(profile.Id, ConsentStatus.Refused);
        Assert.DoesNotContain("Menunggu Wali", (await organizer.Client.GetPageAsync(ready)).Document.MainText());

        await AddConsentAsync(profile.Id, ConsentStatus.Given);
        Assert.Contains("Menunggu Wali", (await organizer.Client.GetPageAsync(ready)).Document.MainText());
        var (_, after) = await student.Client.GetPageAsync("/entries");
        Assert.DoesNotContain("Menunggu persetujuan wali", after.MainText());
    }

    [Fact]
    public async Task An_adult_needs_no_consent()
    {
        var category = await site.OpenCategoryAsync(c => c.MaxGrade = 12);
        var (student, _) = await site.StudentAsync(consent: null, adult: true);
        var entryId = await student.Client.EnterAsync(category.Id, "Sudah Dewasa");

        var (_, page) = await student.Client.GetPageAsync($"/entries/{entryId}");

        Assert.DoesNotContain("Menunggu persetujuan wali", page.MainText());
    }

    private Task AddConsentAsync(int participantId, ConsentStatus status) =>
        site.DbAsync(async db =>
        {
            db.GuardianConsents.Add(new GuardianConsent
            {
                ParticipantId = participantId,
                GuardianName = "Ibu Ayu",
                GuardianEmail = Support.Accounts.NewEmail("wali"),
                Status = status,
                Method = ConsentMethod.EmailLink,
                RequestedAt = DateTime.UtcNow,
                DecidedAt = DateTime.UtcNow.AddSeconds(await db.GuardianConsents.CountAsync()),
                WordingVersion = "2026-11-v1",
            });
            await db.SaveChangesAsync();
        });
}
