using System.Net;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Judging;

/// <summary>
/// The whole story through HTTP with real antiforgery tokens, SQLite and SMTP: an organizer invites two judges, one
/// creates an account from the email link and one attaches the role to her existing account, they declare conflicts,
/// the organizer assigns, and a judge scores, submits and revises — every revision in the audit log.
/// </summary>
public sealed class JudgingJourneyTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    [Fact]
    public async Task Invite_accept_declare_conflicts_assign_score_and_revise()
    {
        // A competition still open for entries, two judges per entry.
        var c = await site.SeedInPhaseAsync(Phase.Open, judgesPerEntry: 2);
        var categoryId = c.Categories[0].Id;
        var organizer = await site.LoggedInAsAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);
        var dewi = Support.Accounts.NewEmail("dewi");
        var sari = Support.Accounts.NewEmail("sari");
        await site.CreateUserAsync(sari, [], "Sari Wulandari"); // already has an account (no role yet)

        // 1. Invite both from a pasted list.
        var invite = await organizer.SubmitFormAsync($"/admin/competitions/{c.Id}/judging/judges", new Dictionary<string, string>
        {
            ["Invite.Addresses"] = $"Dewi Anggraini, {dewi}\nSari Wulandari <{sari}>",
            ["Invite.CategoryIds"] = categoryId.ToString(),
        }, $"/admin/competitions/{c.Id}/judging/invite");
        Assert.Equal(HttpStatusCode.Redirect, invite.StatusCode);
        var (_, judgesPage) = await organizer.GetPageAsync(invite.RedirectPath());
        Assert.Contains("Undangan terkirim: 2 baru", judgesPage.MainText());
        Assert.Contains(dewi, judgesPage.MainText());

        // 2. Dewi creates her judge account from the link in the email.
        var dewiMail = await site.Smtp.WaitForMessageAsync(dewi);
        Assert.Contains(c.Title, dewiMail.Subject);
        var dewiLink = Support.Accounts.LinkIn(dewiMail, "/judge/invitations/");
        var dewiBrowser = site.CreateBrowser();
        var created = await dewiBrowser.SubmitFormAsync(dewiLink, new Dictionary<string, string>
        {
            ["Account.FullName"] = "Dewi Anggraini",
            ["Account.Password"] = Support.Accounts.GoodPassword,
            ["Account.ConfirmPassword"] = Support.Accounts.GoodPassword,
            ["Account.AcceptPrivacy"] = "true",
        }, dewiLink + "/create-account");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal($"/judge/competitions/{c.Id}/conflicts", created.RedirectPath());
        Assert.Equal(HttpStatusCode.Gone, (await site.CreateBrowser().GetAsync(dewiLink)).StatusCode); // works once

        // 3. Sari logs in with her existing account and accepts: the judge role is attached.
        var sariMail = await site.Smtp.WaitForMessageAsync(sari);
        var sariLink = Support.Accounts.LinkIn(sariMail, "/judge/invitations/");
        var sariBrowser = site.CreateBrowser();
        await sariBrowser.LogInAsync(sari);
        Assert.Equal(HttpStatusCode.Forbidden, (await sariBrowser.GetAsync("/judge")).StatusCode);
        var accepted = await sariBrowser.SubmitFormAsync(sariLink, new Dictionary<string, string>(), sariLink + "/accept");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sariBrowser.GetAsync("/judge")).StatusCode);

        // 4. Conflicts: Dewi teaches at SMP Negeri 3 Kolaka (by NPSN); Sari has none.
        var school = await dewiBrowser.SubmitFormAsync($"/judge/competitions/{c.Id}/conflicts", new Dictionary<string, string>
        {
            ["School.SchoolName"] = "SMPN 3 Kolaka",
            ["School.Npsn"] = "40401234",
        }, $"/judge/competitions/{c.Id}/conflicts/school");
        Assert.Equal(HttpStatusCode.Redirect, school.StatusCode);
        await dewiBrowser.SubmitFormAsync($"/judge/competitions/{c.Id}/conflicts", new Dictionary<string, string>(), $"/judge/competitions/{c.Id}/conflicts/confirm");
        await sariBrowser.SubmitFormAsync($"/judge/competitions/{c.Id}/conflicts", new Dictionary<string, string>(), $"/judge/competitions/{c.Id}/conflicts/confirm");

        // 5. Entries arrive; the organizer assigns. Ayu's entry is from Dewi's school.
        var ayu = await site.SeedEntryAsync(categoryId, JudgingKit.Ayu);
        var others = new List<SeededEntry>();
        for (var i = 0; i < 3; i++)
        {
            others.Add(await site.SeedEntryAsync(categoryId));
        }

        var assign = await organizer.PostWithTokenAsync($"/admin/competitions/{c.Id}/judging", $"/admin/competitions/{c.Id}/judging/assign");
        Assert.Equal(HttpStatusCode.Redirect, assign.StatusCode);
        var (_, overview) = await organizer.GetPageAsync($"/admin/competitions/{c.Id}/judging");
        Assert.Contains(ayu.Code, overview.MainText()); // short of judges, with the reason
        Assert.Contains("menyatakan konflik dengan karya ini", overview.MainText());

        var judges = await site.WithDbAsync(db => db.CompetitionJudges.Where(j => j.CompetitionId == c.Id)
            .Join(db.Users, j => j.UserId, u => u.Id, (j, u) => new { j.Id, u.Email }).ToDictionaryAsync(x => x.Email!, x => x.Id));
        var assignments = await site.WithDbAsync(db => db.JudgeAssignments.Where(a => a.CompetitionId == c.Id).ToListAsync());
        Assert.DoesNotContain(assignments, a => a.CompetitionJudgeId == judges[dewi] && a.EntryId == ayu.Id);
        Assert.Single(assignments, a => a.EntryId == ayu.Id);
        Assert.All(others, e => Assert.Equal(2, assignments.Count(a => a.EntryId == e.Id)));
        var assignedMail = await site.Smtp.WaitForMessageAsync(dewi, m => (m.Subject ?? "").Contains("Karya baru untuk dinilai", StringComparison.Ordinal));
        Assert.Contains("3 karya baru", assignedMail.TextBody);

        // 6. The deadline passes: judging. Dewi's queue says "3 of 3 left".
        site.Clock.Advance(TimeSpan.FromDays(3));
        var (_, queue) = await dewiBrowser.GetPageAsync($"/judge/competitions/{c.Id}");
        Assert.Contains("3 dari 3 tersisa", queue.MainText());
        Assert.DoesNotContain(ayu.Code, queue.MainText());
        Assert.Equal(HttpStatusCode.NotFound, (await dewiBrowser.GetAsync($"/judge/entries/{ayu.Code}")).StatusCode);

        // 7. A draft, then the submitted score, then a revision.
        var entry = others[0];
        var draft = await dewiBrowser.ScoreAsync(site, entry, [7, null], "draft");
        Assert.Equal(HttpStatusCode.Redirect, draft.StatusCode);
        Assert.Equal(ScoreStatus.Draft, (await site.ScorecardAsync(judges[dewi], entry.Id))!.Status);

        var submit = await dewiBrowser.ScoreAsync(site, entry, [7, 8], "submit", "Warna berani, pesan jelas.", "Mirip poster tahun lalu?");
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
        var (_, afterSubmit) = await dewiBrowser.GetPageAsync(submit.RedirectPath());
        Assert.Contains("2 dari 3 tersisa", afterSubmit.MainText());
        var card = await site.ScorecardAsync(judges[dewi], entry.Id);
        Assert.Equal(ScoreStatus.Submitted, card!.Status);
        Assert.Equal([7, 8], card.Points.OrderBy(p => p.CriterionId).Select(p => p.Points));

        var revise = await dewiBrowser.ScoreAsync(site, entry, [9, 8], "submit", "Warna berani, pesan jelas. Huruf bisa lebih besar.");
        Assert.Equal(HttpStatusCode.Redirect, revise.StatusCode);
        card = await site.ScorecardAsync(judges[dewi], entry.Id);
        Assert.Equal(1, card!.Revisions);
        Assert.Equal(9, card.Points.OrderBy(p => p.CriterionId).First().Points);

        var revisions = await site.AuditAsync(c.Id, "score.revised");
        var revision = Assert.Single(revisions);
        Assert.Contains("Before:", revision);
        Assert.Contains("Ide: 7/10", revision);
        Assert.Contains("Ide: 9/10", revision);
        Assert.Contains("Huruf bisa lebih besar", revision);
        Assert.Single(await site.AuditAsync(c.Id, "score.submitted"));
        Assert.Single(await site.AuditAsync(c.Id, "score.draft-saved"));

        // 8. The organizer sees the progress and can export the scores.
        var (progressResponse, progress) = await organizer.GetPageAsync($"/admin/competitions/{c.Id}/judging/progress");
        Assert.Equal(HttpStatusCode.OK, progressResponse.StatusCode);
        Assert.Contains("Dewi Anggraini", progress.MainText());
        Assert.NotNull(progress.QuerySelector("svg.spread-bar"));
        var csv = await organizer.GetStringAsync($"/admin/competitions/{c.Id}/judging/scores.csv");
        Assert.Contains($"{entry.Code};", csv);
    }
}
