using System.Net;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Judging;
using CompetitionSite.Tests.Results;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Participants;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Trust;

/// <summary>Issue 14, item 10: an entrant whose entry waited for guardian consent is told at publication, and so is the guardian.</summary>
public sealed class ConsentNeverCameTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    [Fact]
    public async Task The_entrant_and_the_guardian_get_a_localized_notice_that_the_entry_could_not_be_judged()
    {
        var c = await site.SeedReviewAsync(judgesPerEntry: 1);
        var judge = await site.JudgeIdAsync(c, ResultsKit.JudgeNames[0]);
        var judged = await site.EntryAsync(c, ResultsKit.NewStudent("Eka Saputra", "SMA Negeri 2 Serang", "Kota Serang"), "Karya yang dinilai");
        await site.ScoreAsync(judge, judged, [8, 9], "Rapi dan jelas.");

        // Asked, never answered: the guardian named on the request is told too.
        var waiting = ResultsKit.NewStudent("Rina Wulandari", "SMP Negeri 5 Cilegon", "Kota Cilegon");
        var asked = await site.SeedEntryAsync(c.Categories[0].Id, waiting, "Karya menunggu izin", minorWithoutConsent: true);
        var guardian = Support.Accounts.NewEmail("wali");
        await site.WithDbAsync(async db =>
        {
            var participantId = await db.EntryMembers.Where(m => m.EntryId == asked.Id).Select(m => m.ParticipantId!.Value).SingleAsync();
            db.GuardianConsents.Add(new GuardianConsent
            {
                ParticipantId = participantId,
                GuardianName = "Ibu Wulandari",
                GuardianEmail = guardian,
                Status = ConsentStatus.Pending,
                Method = ConsentMethod.EmailLink,
                RequestedAt = DateTime.UtcNow.AddDays(-20),
                WordingVersion = "2026-11-v1",
            });
            return await db.SaveChangesAsync();
        });

        // Never asked, and the student reads English.
        var neverAsked = ResultsKit.NewStudent("Putri Ayu", "SMP Negeri 1 Lebak", "Kabupaten Lebak");
        await site.SeedEntryAsync(c.Categories[0].Id, neverAsked, "Karya tanpa izin", minorWithoutConsent: true);
        await site.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == neverAsked.Email);
            user.PreferredCulture = "en";
            return await db.SaveChangesAsync();
        });

        var organizer = await site.OrganizerAsync();
        await organizer.SaveAwardsAsync(c, new Dictionary<string, string> { ["TiesSettled"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, (await organizer.PublishAsync(c)).StatusCode);

        var toStudent = await site.Smtp.WaitForMessageAsync(waiting.Email!);
        Assert.StartsWith("Karya Anda tidak dapat dinilai", toStudent.Subject);
        Assert.Contains("izin orang tua atau wali tidak pernah diberikan", ResultsKit.Text(toStudent));
        Assert.Contains("Karya menunggu izin", ResultsKit.Text(toStudent));

        var toGuardian = await site.Smtp.WaitForMessageAsync(guardian);
        Assert.StartsWith("Karya Anda tidak dapat dinilai", toGuardian.Subject);
        Assert.Contains("Rina Wulandari", ResultsKit.Text(toGuardian));

        var english = await site.Smtp.WaitForMessageAsync(neverAsked.Email!);
        Assert.StartsWith("Your entry could not be judged", english.Subject);
        Assert.Contains("consent of a parent or guardian never came", ResultsKit.Text(english));

        // The judged entrant gets the result, not this notice.
        var result = await site.Smtp.WaitForMessageAsync(judged.Student.Email!);
        Assert.DoesNotContain("tidak dapat dinilai", result.Subject);
    }
}
