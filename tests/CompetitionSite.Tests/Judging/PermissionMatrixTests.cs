using System.Net;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Judging;

/// <summary>
/// Who (role) × which entry (assigned, not assigned, assigned but conflicted) × when (phase): only a judge with the
/// entry assigned, free of conflict, during judging opens and scores it. Everything else is refused and saves nothing.
/// </summary>
[LongRunning]
public sealed class PermissionMatrixTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    public static TheoryData<string, string, Phase> Matrix()
    {
        var data = new TheoryData<string, string, Phase>();
        foreach (var who in new[] { "anonymous", Roles.Student, Roles.Organizer, Roles.Judge })
        {
            foreach (var relation in new[] { "assigned", "unassigned", "conflicted" })
            {
                foreach (var phase in new[] { Phase.Open, Phase.Judging, Phase.Review })
                {
                    data.Add(who, relation, phase);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Only_an_assigned_judge_without_a_conflict_scores_and_only_during_judging(string who, string relation, Phase phase)
    {
        var c = await site.SeedInPhaseAsync(phase);
        var entry = await site.SeedEntryAsync(c.Categories[0].Id, JudgingKit.Ayu);
        var (judgeClient, judgeId, _) = await site.JudgeAsync(c, login: who == Roles.Judge);
        var (_, otherJudgeId, _) = await site.JudgeAsync(c, "Joko Susilo", login: false);
        await site.AssignAsync(relation == "unassigned" ? otherJudgeId : judgeId, entry);
        if (relation == "conflicted")
        {
            await site.DeclareAsync(judgeId, new JudgeConflict { Kind = ConflictKind.School, SchoolName = "SMPN 3 Kolaka" });
        }

        var client = who switch
        {
            "anonymous" => site.CreateBrowser(),
            Roles.Judge => judgeClient,
            _ => await site.LoggedInAsAsync(Support.Accounts.NewEmail(who.ToLowerInvariant()), who),
        };
        var criteria = await site.CriteriaAsync(entry.CategoryId);
        var url = $"/judge/entries/{entry.Code}";

        var page = await client.GetAsync(url);
        // A visitor's home page is cached without a token; the login page has one.
        var save = await client.PostWithTokenAsync(who == "anonymous" ? "/account/login" : "/", url, new Dictionary<string, string>
        {
            [$"Points[{criteria[0].Id}]"] = "8",
            [$"Points[{criteria[1].Id}]"] = "9",
            ["Command"] = "submit",
        });

        var allowed = who == Roles.Judge && relation == "assigned";
        switch (who)
        {
            case "anonymous":
                Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
                Assert.StartsWith("/account/login", page.RedirectPath(), StringComparison.OrdinalIgnoreCase);
                Assert.NotEqual(HttpStatusCode.OK, save.StatusCode);
                break;
            case Roles.Student or Roles.Organizer:
                Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
                Assert.Equal(HttpStatusCode.Forbidden, save.StatusCode);
                break;
            default:
                Assert.Equal(allowed && phase == Phase.Judging ? HttpStatusCode.OK : HttpStatusCode.NotFound, page.StatusCode);
                Assert.Equal(
                    !allowed ? HttpStatusCode.NotFound : phase == Phase.Judging ? HttpStatusCode.Redirect : HttpStatusCode.Conflict,
                    save.StatusCode);
                if (allowed && phase != Phase.Judging)
                {
                    var text = Html.Parse(await save.Content.ReadAsStringAsync()).MainText();
                    Assert.Contains(phase == Phase.Open ? "Penilaian belum dimulai" : "Penilaian berakhir", text);
                    Assert.DoesNotContain(entry.Title, text);
                }

                break;
        }

        var saved = await site.WithDbAsync(db => db.Scorecards.CountAsync(s => db.JudgeAssignments.Any(a => a.Id == s.AssignmentId && a.EntryId == entry.Id)));
        Assert.Equal(allowed && phase == Phase.Judging ? 1 : 0, saved);
    }

    [Theory]
    [InlineData("/judge")]
    [InlineData("/judge/competitions/1")]
    [InlineData("/judge/competitions/1/conflicts")]
    public async Task Students_never_reach_judging_pages(string url)
    {
        var student = await site.LoggedInAsAsync(Support.Accounts.NewEmail("siswa"), Roles.Student);

        Assert.Equal(HttpStatusCode.Forbidden, (await student.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Judges_and_students_cannot_open_the_organizers_judging_pages()
    {
        var c = await site.SeedInPhaseAsync(Phase.Judging);
        var (judge, _, _) = await site.JudgeAsync(c);
        var student = await site.LoggedInAsAsync(Support.Accounts.NewEmail("siswa"), Roles.Student);

        foreach (var client in new[] { judge, student })
        {
            foreach (var path in new[] { "", "/judges", "/progress", "/scores.csv" })
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/admin/competitions/{c.Id}/judging{path}")).StatusCode);
            }

            var assign = await client.PostWithTokenAsync("/", $"/admin/competitions/{c.Id}/judging/assign");
            Assert.Equal(HttpStatusCode.Forbidden, assign.StatusCode);
        }

        Assert.Equal(0, await site.WithDbAsync(db => db.JudgeAssignments.CountAsync(a => a.CompetitionId == c.Id)));
    }

    [Fact]
    public async Task A_judge_of_one_competition_cannot_open_another_competitions_list()
    {
        var mine = await site.SeedInPhaseAsync(Phase.Judging);
        var other = await site.SeedInPhaseAsync(Phase.Judging);
        var (judge, _, _) = await site.JudgeAsync(mine);

        Assert.Equal(HttpStatusCode.OK, (await judge.GetAsync($"/judge/competitions/{mine.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await judge.GetAsync($"/judge/competitions/{other.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await judge.GetAsync($"/judge/competitions/{other.Id}/conflicts")).StatusCode);
    }
}
