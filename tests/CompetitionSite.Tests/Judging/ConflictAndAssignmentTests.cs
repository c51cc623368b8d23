using System.Net;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Judging;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Judging;

/// <summary>Conflicts declared along the way, re-running the assignment, and assigning or removing by hand.</summary>
public sealed class ConflictAndAssignmentTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    private async Task<(HttpClient Organizer, string Email)> OrganizerAsync()
    {
        var email = Support.Accounts.NewEmail("panitia");
        return (await site.LoggedInAsAsync(email, Roles.Organizer), email);
    }

    private Task<List<JudgeAssignment>> AssignmentsAsync(int competitionId) =>
        site.WithDbAsync(db => db.JudgeAssignments.AsNoTracking().Where(a => a.CompetitionId == competitionId).ToListAsync());

    [Fact]
    public async Task I_know_this_student_takes_the_entry_off_the_judge_keeps_the_score_in_the_audit_log_and_tells_the_organizers()
    {
        var (_, organizerEmail) = await OrganizerAsync();
        var c = await site.SeedInPhaseAsync(Phase.Judging);
        var entry = await site.SeedEntryAsync(c.Categories[0].Id, JudgingKit.Ayu);
        var (judge, judgeId, _) = await site.JudgeAsync(c, "Hendra Gunawan");
        await site.AssignAsync(judgeId, entry);
        await judge.ScoreAsync(site, entry, [4, null], "draft", "Bagus.");

        var response = await judge.SubmitFormAsync($"/judge/entries/{entry.Code}", new Dictionary<string, string> { ["note"] = "Murid les saya." },
            $"/judge/entries/{entry.Code}/conflict");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/judge/competitions/{c.Id}", response.RedirectPath());
        Assert.Empty(await AssignmentsAsync(c.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await judge.GetAsync($"/judge/entries/{entry.Code}")).StatusCode);
        var audit = Assert.Single(await site.AuditAsync(c.Id, "judging.entry-conflict"));
        Assert.Contains("Murid les saya.", audit);
        Assert.Contains("Ide: 4/10", audit);
        var mail = await site.Smtp.WaitForMessageAsync(organizerEmail, m => (m.Subject ?? "").Contains(entry.Code, StringComparison.Ordinal));
        Assert.Contains("Hendra Gunawan", mail.TextBody);
        Assert.Contains("Murid les saya.", mail.TextBody);

        // The next automatic run never gives the entry back to this judge.
        var (organizer, _) = await OrganizerAsync();
        await organizer.PostWithTokenAsync($"/admin/competitions/{c.Id}/judging", $"/admin/competitions/{c.Id}/judging/assign");
        Assert.DoesNotContain(await AssignmentsAsync(c.Id), a => a.CompetitionJudgeId == judgeId);
    }

    [Fact]
    public async Task Declaring_a_region_later_removes_the_assignments_it_covers_and_tells_the_organizers()
    {
        var (_, organizerEmail) = await OrganizerAsync();
        var c = await site.SeedInPhaseAsync(Phase.Judging);
        var ayu = await site.SeedEntryAsync(c.Categories[0].Id, JudgingKit.Ayu);
        var rudi = await site.SeedEntryAsync(c.Categories[0].Id);
        var (judge, judgeId, _) = await site.JudgeAsync(c, "Lina Marlina");
        await site.AssignAsync(judgeId, ayu);
        await site.AssignAsync(judgeId, rudi);

        var response = await judge.SubmitFormAsync($"/judge/competitions/{c.Id}/conflicts", new Dictionary<string, string>
        {
            ["Region.Province"] = "sulawesi  tenggara",
            ["Region.Regency"] = "",
        }, $"/judge/competitions/{c.Id}/conflicts/region");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var left = Assert.Single(await AssignmentsAsync(c.Id));
        Assert.Equal(rudi.Id, left.EntryId);
        var mail = await site.Smtp.WaitForMessageAsync(organizerEmail, m => (m.Subject ?? "").Contains(c.Title, StringComparison.Ordinal));
        Assert.Contains("Lina Marlina", mail.TextBody);
    }

    [Fact]
    public async Task A_school_declaration_needs_a_name_or_an_8_digit_npsn()
    {
        var c = await site.SeedInPhaseAsync(Phase.Judging);
        var (judge, judgeId, _) = await site.JudgeAsync(c);

        var response = await judge.SubmitFormAsync($"/judge/competitions/{c.Id}/conflicts", new Dictionary<string, string>
        {
            ["School.SchoolName"] = "",
            ["School.Npsn"] = "12345",
        }, $"/judge/competitions/{c.Id}/conflicts/school");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("NPSN terdiri dari tepat 8 angka.", page.FieldError("School.Npsn"));
        Assert.Equal(0, await site.WithDbAsync(db => db.JudgeConflicts.CountAsync(x => x.CompetitionJudgeId == judgeId)));
    }

    [Fact]
    public async Task Running_the_assignment_again_keeps_scored_work_and_drops_only_unscored_assignments_that_no_longer_hold()
    {
        var (organizer, _) = await OrganizerAsync();
        var c = await site.SeedInPhaseAsync(Phase.Judging, judgesPerEntry: 2);
        var categoryId = c.Categories[0].Id;
        var entries = new List<SeededEntry>();
        for (var i = 0; i < 6; i++)
        {
            entries.Add(await site.SeedEntryAsync(categoryId));
        }

        var (judgeA, a, _) = await site.JudgeAsync(c, "Agus");
        await site.JudgeAsync(c, "Bambang", login: false);
        await site.JudgeAsync(c, "Citra", login: false);
        await organizer.PostWithTokenAsync($"/admin/competitions/{c.Id}/judging", $"/admin/competitions/{c.Id}/judging/assign");
        var first = await AssignmentsAsync(c.Id);
        Assert.Equal(12, first.Count);
        Assert.Equal(4, first.GroupBy(x => x.CompetitionJudgeId).Max(g => g.Count())); // 12 places, 3 judges

        // Agus scores one entry; another of his entries is withdrawn; a late entry arrives.
        var scored = entries.First(e => first.Any(x => x.EntryId == e.Id && x.CompetitionJudgeId == a));
        await judgeA.ScoreAsync(site, scored, [5, 6], "submit");
        var withdrawn = entries.First(e => e != scored && first.Any(x => x.EntryId == e.Id && x.CompetitionJudgeId == a));
        await site.WithDbAsync(async db =>
        {
            (await db.Entries.SingleAsync(e => e.Id == withdrawn.Id)).Status = EntryStatus.Withdrawn;
            return await db.SaveChangesAsync();
        });
        var late = await site.SeedEntryAsync(categoryId);

        var rerun = await organizer.PostWithTokenAsync($"/admin/competitions/{c.Id}/judging", $"/admin/competitions/{c.Id}/judging/assign");
        var (_, overview) = await organizer.GetPageAsync(rerun.RedirectPath());

        var second = await AssignmentsAsync(c.Id);
        Assert.Contains(second, x => x.EntryId == scored.Id && x.CompetitionJudgeId == a);
        Assert.DoesNotContain(second, x => x.EntryId == withdrawn.Id);
        Assert.Equal(2, second.Count(x => x.EntryId == late.Id));
        Assert.All(first.Where(x => x.EntryId != withdrawn.Id), x => Assert.Contains(second, y => y.Id == x.Id)); // nothing else moved
        Assert.Contains("2 penugasan tanpa nilai yang tidak berlaku lagi dihapus", overview.MainText());
    }

    [Fact]
    public async Task Removing_a_scored_assignment_asks_first_and_keeps_the_score_in_the_audit_log()
    {
        var (organizer, _) = await OrganizerAsync();
        var c = await site.SeedInPhaseAsync(Phase.Judging);
        var entry = await site.SeedEntryAsync(c.Categories[0].Id);
        var (judge, judgeId, _) = await site.JudgeAsync(c, "Rina Susanti");
        var assignmentId = await site.AssignAsync(judgeId, entry);
        await judge.ScoreAsync(site, entry, [9, 7], "submit", "Rapi sekali.");
        var entryPage = $"/admin/competitions/{c.Id}/judging/entries/{entry.Id}";
        var removeUrl = $"/admin/competitions/{c.Id}/judging/assignments/{assignmentId}/remove";

        var first = await organizer.SubmitFormAsync(entryPage, new Dictionary<string, string>(), removeUrl);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(removeUrl, first.RedirectPath());
        Assert.Single(await AssignmentsAsync(c.Id));
        var (_, confirm) = await organizer.GetPageAsync(removeUrl);
        Assert.Contains("Rina Susanti sudah menilai karya", confirm.MainText());

        var confirmed = await organizer.SubmitFormAsync(removeUrl, new Dictionary<string, string>(), removeUrl);

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Empty(await AssignmentsAsync(c.Id));
        var audit = Assert.Single(await site.AuditAsync(c.Id, "judging.unassigned"));
        Assert.Contains("Score (Submitted)", audit);
        Assert.Contains("Ide: 9/10", audit);
        Assert.Contains("Rapi sekali.", audit);
    }

    [Fact]
    public async Task An_organizer_assigns_by_hand_but_never_a_judge_with_a_conflict()
    {
        var (organizer, _) = await OrganizerAsync();
        var c = await site.SeedInPhaseAsync(Phase.Judging);
        var entry = await site.SeedEntryAsync(c.Categories[0].Id, JudgingKit.Ayu);
        var (_, free, freeEmail) = await site.JudgeAsync(c, "Yusuf", login: false);
        var (_, conflicted, _) = await site.JudgeAsync(c, "Zahra", login: false);
        await site.DeclareAsync(conflicted, new JudgeConflict { Kind = ConflictKind.School, SchoolNpsn = "40401234" });
        var page = $"/admin/competitions/{c.Id}/judging/entries/{entry.Id}";

        var refused = await organizer.PostWithTokenAsync(page, page + "/assign", new Dictionary<string, string> { ["judgeId"] = conflicted.ToString() });
        var (_, after) = await organizer.GetPageAsync(refused.RedirectPath());
        Assert.Contains("Zahra menyatakan konflik kepentingan dengan karya ini.", after.MainText());
        Assert.Empty(await AssignmentsAsync(c.Id));

        await organizer.PostWithTokenAsync(page, page + "/assign", new Dictionary<string, string> { ["judgeId"] = free.ToString() });
        var assignment = Assert.Single(await AssignmentsAsync(c.Id));
        Assert.Equal((free, AssignmentSource.Manual), (assignment.CompetitionJudgeId, assignment.Source));
        await site.Smtp.WaitForMessageAsync(freeEmail, m => (m.Subject ?? "").Contains("Karya baru", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Entries_waiting_for_guardian_consent_are_not_assigned()
    {
        var (organizer, _) = await OrganizerAsync();
        var c = await site.SeedInPhaseAsync(Phase.Judging, judgesPerEntry: 1);
        var minor = await site.SeedEntryAsync(c.Categories[0].Id, minorWithoutConsent: true);
        var adult = await site.SeedEntryAsync(c.Categories[0].Id);
        await site.JudgeAsync(c, login: false);

        await organizer.PostWithTokenAsync($"/admin/competitions/{c.Id}/judging", $"/admin/competitions/{c.Id}/judging/assign");

        var assigned = (await AssignmentsAsync(c.Id)).Select(a => a.EntryId).ToList();
        Assert.Equal([adult.Id], assigned);
        var (_, overview) = await organizer.GetPageAsync($"/admin/competitions/{c.Id}/judging");
        Assert.Contains("+1 menunggu persetujuan", overview.MainText());
        Assert.DoesNotContain(minor.Code, overview.MainText());
    }

    [Fact]
    public async Task A_judges_cap_is_respected_and_the_shortfall_explained()
    {
        var (organizer, _) = await OrganizerAsync();
        var c = await site.SeedInPhaseAsync(Phase.Judging, judgesPerEntry: 1);
        for (var i = 0; i < 3; i++)
        {
            await site.SeedEntryAsync(c.Categories[0].Id);
        }

        var (_, judgeId, _) = await site.JudgeAsync(c, login: false);
        var settings = await organizer.SubmitFormAsync($"/admin/competitions/{c.Id}/judging/judges", new Dictionary<string, string>
        {
            ["MaxAssignments"] = "2",
            ["CategoryIds"] = c.Categories[0].Id.ToString(),
        }, $"/admin/competitions/{c.Id}/judging/judges/{judgeId}");
        Assert.Equal(HttpStatusCode.Redirect, settings.StatusCode);

        await organizer.PostWithTokenAsync($"/admin/competitions/{c.Id}/judging", $"/admin/competitions/{c.Id}/judging/assign");

        Assert.Equal(2, (await AssignmentsAsync(c.Id)).Count);
        var (_, overview) = await organizer.GetPageAsync($"/admin/competitions/{c.Id}/judging");
        Assert.Contains("Semua juri tanpa konflik sudah mencapai batasnya.", overview.MainText());
    }

    [Fact]
    public async Task Assignment_is_refused_before_entries_open_and_after_judging()
    {
        var (organizer, _) = await OrganizerAsync();
        var c = await site.SeedInPhaseAsync(Phase.Review);
        await site.SeedEntryAsync(c.Categories[0].Id);
        await site.JudgeAsync(c, login: false);

        var response = await organizer.PostWithTokenAsync($"/admin/competitions/{c.Id}/judging", $"/admin/competitions/{c.Id}/judging/assign");
        var (_, page) = await organizer.GetPageAsync(response.RedirectPath());

        Assert.Contains("Juri dapat ditugaskan selama lomba dibuka untuk karya atau sedang dinilai.", page.MainText());
        Assert.Empty(await AssignmentsAsync(c.Id));
    }
}
