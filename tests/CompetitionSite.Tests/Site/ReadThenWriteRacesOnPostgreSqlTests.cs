using System.Net;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Judging;
using CompetitionSite.Tests.Results;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Competitions;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Site;

/// <summary>
/// Use cases that read, decide and write, run twice at the same moment on PostgreSQL (READ COMMITTED: no single
/// writer holds the database while one of them reads). Each race is made deterministic with
/// <see cref="PostgreSqlWriteBarrier"/>: both requests have read (or wait to) before either writes.
/// </summary>
public sealed class ReadThenWriteRacesOnPostgreSqlTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    private string ConnectionString => site.Settings["Database:ConnectionString"]!;

    [OnPostgreSqlFact]
    public async Task Two_automatic_assignment_runs_for_different_categories_at_once_keep_a_judge_within_their_cap()
    {
        var c = await site.SeedInPhaseAsync(Phase.Judging, judgesPerEntry: 1, configure: c => c.Categories.Add(new Category
        {
            Name = "Poster SMP",
            Levels = SchoolLevels.SMP,
            MinGrade = 7,
            MaxGrade = 9,
            Kind = EntryKind.Image,
            AllowedExtensions = ".jpg,.png",
            MaxFileSizeMb = 5,
            Rubric = c.Rubrics.First(),
            AwardTiers = AwardTierDefaults.Create(),
        }));
        foreach (var category in c.Categories)
        {
            for (var i = 0; i < 3; i++)
            {
                await site.SeedEntryAsync(category.Id);
            }
        }

        var (_, judgeId, _) = await site.JudgeAsync(c, "Hendra Gunawan", login: false);
        await site.WithDbAsync(db => db.CompetitionJudges.Where(j => j.Id == judgeId).ExecuteUpdateAsync(s => s.SetProperty(j => j.MaxAssignments, 3)));
        var first = await site.OrganizerAsync();
        var second = await site.OrganizerAsync();
        var page = $"/admin/competitions/{c.Id}/judging";

        await using (var barrier = await PostgreSqlWriteBarrier.HoldAsync(ConnectionString, "JudgeAssignments", "AuditEvents"))
        {
            var runs = c.Categories.Zip([first, second], (category, organizer) => organizer.PostWithTokenAsync(page, page + "/assign",
                new Dictionary<string, string> { ["categoryId"] = category.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ToList();
            await barrier.WaitForWaitersAsync(2, runs);
            await barrier.ReleaseAsync();
            foreach (var response in await Task.WhenAll(runs))
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        // One run after the other gives the judge three entries and leaves the other category short: never six.
        var assigned = await site.WithDbAsync(db => db.JudgeAssignments.CountAsync(a => a.CompetitionJudgeId == judgeId));
        Assert.Equal(3, assigned);
    }

    [OnPostgreSqlFact]
    public async Task Two_organizers_saving_a_categorys_awards_at_once_both_succeed_and_one_decision_stands()
    {
        var c = await site.SeedReviewAsync(judgesPerEntry: 1);
        var judgeId = await site.JudgeIdAsync(c, ResultsKit.JudgeNames[0]);
        await site.SeedScoredEntriesAsync(c, judgeId, 5);
        var first = await site.OrganizerAsync();
        var second = await site.OrganizerAsync();

        await using (var barrier = await PostgreSqlWriteBarrier.HoldAsync(ConnectionString, "EntryAwards", "CategoryAwardDecisions", "AuditEvents"))
        {
            var saves = new[] { first.SaveAwardsAsync(c), second.SaveAwardsAsync(c) };
            await barrier.WaitForWaitersAsync(2, saves);
            await barrier.ReleaseAsync();
            foreach (var response in await Task.WhenAll(saves))
            {
                // Before: the second save inserted the same decision and awards again and failed on their unique indexes (500).
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        var (decisions, awards) = await site.WithDbAsync(async db => (
            await db.CategoryAwardDecisions.CountAsync(d => d.CategoryId == c.Categories[0].Id),
            await db.EntryAwards.Where(a => a.CategoryId == c.Categories[0].Id).OrderBy(a => a.AwardOrder).Select(a => a.AwardName).ToListAsync()));
        Assert.Equal(1, decisions);
        Assert.Equal(["Juara 1", "Juara 2", "Juara 3"], awards);
    }

    [OnPostgreSqlFact]
    public async Task Two_registrations_of_one_address_at_once_give_one_account_and_the_duplicate_address_message()
    {
        var email = Support.Accounts.NewEmail("kembar");
        var browsers = new[] { site.CreateBrowser(), site.CreateBrowser() };

        HttpResponseMessage[] responses;
        await using (var barrier = await PostgreSqlWriteBarrier.HoldAsync(ConnectionString, "AspNetUsers"))
        {
            // Both have looked the address up (not registered yet) before either inserts the account.
            var registrations = browsers.Select(b => b.RegisterAsync(email)).ToList();
            await barrier.WaitForWaitersAsync(2, registrations);
            await barrier.ReleaseAsync();
            responses = await Task.WhenAll(registrations);
        }

        // Before: the second insert hit the unique index on the user name and the visitor got an error page (500).
        var statuses = responses.Select(r => r.StatusCode).Order().ToList();
        Assert.True(statuses.SequenceEqual([HttpStatusCode.OK, HttpStatusCode.Redirect]),
            string.Join(", ", responses.Select(r => (int)r.StatusCode)) + ": " + string.Join("\n", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()))));
        Assert.Equal("/account/check-email", responses.Single(r => r.StatusCode == HttpStatusCode.Redirect).Headers.Location?.OriginalString);
        var form = await responses.Single(r => r.StatusCode == HttpStatusCode.OK).PageAsync();
        Assert.Contains("Alamat email ini tidak dapat digunakan. Jika ini milik Anda, silakan masuk atau atur ulang kata sandi.", form.MainText());

        var (accounts, emails) = await site.WithDbAsync(async db => (
            await db.Users.CountAsync(u => u.Email == email),
            await db.OutboxMessages.CountAsync(m => m.ToAddress == email)));
        Assert.Equal(1, accounts);
        Assert.Equal(1, emails);
    }
}
