using System.Net;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Judging;

/// <summary>The rubric form: bad input gets a clear message and saves nothing; judges see only their own scores; two tabs never overwrite silently.</summary>
public sealed class ScoringTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    private async Task<(HttpClient Judge, int JudgeId, SeededEntry Entry, Competition C)> ArrangeAsync()
    {
        var c = await site.SeedInPhaseAsync(Phase.Judging);
        var entry = await site.SeedEntryAsync(c.Categories[0].Id);
        var (judge, judgeId, _) = await site.JudgeAsync(c);
        await site.AssignAsync(judgeId, entry);
        return (judge, judgeId, entry, c);
    }

    [Theory]
    [InlineData("11", "Beri Ide nilai bilangan bulat dari 0 sampai 10.")]
    [InlineData("-1", "Beri Ide nilai bilangan bulat dari 0 sampai 10.")]
    [InlineData("7.5", "Beri Ide nilai bilangan bulat dari 0 sampai 10.")]
    [InlineData("tujuh", "Beri Ide nilai bilangan bulat dari 0 sampai 10.")]
    public async Task Points_outside_the_criterions_range_are_refused_and_nothing_is_saved(string points, string message)
    {
        var (judge, judgeId, entry, _) = await ArrangeAsync();
        var criteria = await site.CriteriaAsync(entry.CategoryId);

        var response = await judge.SubmitFormAsync($"/judge/entries/{entry.Code}", new Dictionary<string, string>
        {
            [$"Points[{criteria[0].Id}]"] = points,
            [$"Points[{criteria[1].Id}]"] = "5",
            ["Command"] = "draft",
        }, $"/judge/entries/{entry.Code}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, page.GetElementById($"points-{criteria[0].Id}-error")?.TextContent);
        Assert.Equal("true", page.GetElementById($"points-{criteria[0].Id}")?.GetAttribute("aria-invalid"));
        Assert.Equal(points, page.GetElementById($"points-{criteria[0].Id}")?.GetAttribute("value"));
        Assert.Null(await site.ScorecardAsync(judgeId, entry.Id));
    }

    [Fact]
    public async Task Submitting_with_a_criterion_left_empty_is_refused_but_a_draft_may_be_partial()
    {
        var (judge, judgeId, entry, _) = await ArrangeAsync();
        var criteria = await site.CriteriaAsync(entry.CategoryId);

        var submit = await judge.ScoreAsync(site, entry, [6, null], "submit");

        Assert.Equal(HttpStatusCode.BadRequest, submit.StatusCode);
        var page = Html.Parse(await submit.Content.ReadAsStringAsync());
        Assert.Contains("Beri Teknik nilai dari 0 sampai 10 sebelum mengirim.", page.GetElementById($"points-{criteria[1].Id}-error")?.TextContent);
        Assert.Null(await site.ScorecardAsync(judgeId, entry.Id));

        var draft = await judge.ScoreAsync(site, entry, [6, null], "draft");
        Assert.Equal(HttpStatusCode.Redirect, draft.StatusCode);
        var card = await site.ScorecardAsync(judgeId, entry.Id);
        Assert.Equal(ScoreStatus.Draft, card!.Status);
        Assert.Equal(6, Assert.Single(card.Points).Points);
    }

    [Fact]
    public async Task Points_for_a_criterion_of_another_rubric_are_refused()
    {
        var (judge, judgeId, entry, _) = await ArrangeAsync();
        var other = await site.SeedInPhaseAsync(Phase.Judging);
        var foreign = (await site.CriteriaAsync(other.Categories[0].Id))[0];
        var criteria = await site.CriteriaAsync(entry.CategoryId);

        var response = await judge.SubmitFormAsync($"/judge/entries/{entry.Code}", new Dictionary<string, string>
        {
            [$"Points[{criteria[0].Id}]"] = "5",
            [$"Points[{criteria[1].Id}]"] = "5",
            [$"Points[{foreign.Id}]"] = "10",
            ["Command"] = "submit",
        }, $"/judge/entries/{entry.Code}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("bukan bagian dari rubrik karya ini", Html.Parse(await response.Content.ReadAsStringAsync()).MainText());
        Assert.Null(await site.ScorecardAsync(judgeId, entry.Id));
    }

    [Fact]
    public async Task After_judging_ends_a_score_can_no_longer_be_changed()
    {
        var (judge, judgeId, entry, c) = await ArrangeAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await judge.ScoreAsync(site, entry, [5, 5], "submit")).StatusCode);
        var (_, form) = await judge.GetPageAsync($"/judge/entries/{entry.Code}");
        var fields = Html.FormFields(Html.FindForm(form, $"/judge/entries/{entry.Code}")!);

        // Judging ends while the page is open; the judge presses save.
        await site.WithDbAsync(async db =>
        {
            var competition = await db.Competitions.SingleAsync(x => x.Id == c.Id);
            competition.JudgingEndsAt = site.Clock.UtcNow.AddMinutes(-1);
            return await db.SaveChangesAsync();
        });
        fields.RemoveAll(f => f.Key.StartsWith("Points[", StringComparison.Ordinal) || f.Key == "Command");
        var criteria = await site.CriteriaAsync(entry.CategoryId);
        fields.Add(new($"Points[{criteria[0].Id}]", "10"));
        fields.Add(new($"Points[{criteria[1].Id}]", "10"));
        fields.Add(new("Command", "submit"));
        var response = await judge.PostAsync($"/judge/entries/{entry.Code}", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("nilai tidak dapat disimpan atau diubah lagi", Html.Parse(await response.Content.ReadAsStringAsync()).MainText());
        Assert.All((await site.ScorecardAsync(judgeId, entry.Id))!.Points, p => Assert.Equal(5, p.Points));
        Assert.Equal(HttpStatusCode.NotFound, (await judge.GetAsync($"/judge/entries/{entry.Code}")).StatusCode);
    }

    [Fact]
    public async Task Judges_see_only_their_own_scores()
    {
        var (first, firstId, entry, c) = await ArrangeAsync();
        var (second, secondId, _) = await site.JudgeAsync(c, "Joko Susilo");
        await site.AssignAsync(secondId, entry);
        await second.ScoreAsync(site, entry, [3, 4], "submit", "UMPAN-BALIK-JURI-KEDUA", "CATATAN-JURI-KEDUA");

        var (_, page) = await first.GetPageAsync($"/judge/entries/{entry.Code}");
        var (_, queue) = await first.GetPageAsync($"/judge/competitions/{c.Id}");
        var criteria = await site.CriteriaAsync(entry.CategoryId);

        var html = page.DocumentElement.OuterHtml + queue.DocumentElement.OuterHtml;
        Assert.DoesNotContain("UMPAN-BALIK-JURI-KEDUA", html);
        Assert.DoesNotContain("CATATAN-JURI-KEDUA", html);
        Assert.DoesNotContain("Joko Susilo", html);
        Assert.Equal("", page.GetElementById($"points-{criteria[0].Id}")?.GetAttribute("value") ?? "");
        Assert.Contains("Belum dimulai", page.MainText());
        Assert.NotNull(await site.ScorecardAsync(secondId, entry.Id));
        Assert.Null(await site.ScorecardAsync(firstId, entry.Id));
    }

    [Fact]
    public async Task Two_tabs_saving_the_same_version_the_second_gets_a_clear_message_and_the_first_is_kept()
    {
        var (judge, judgeId, entry, _) = await ArrangeAsync();
        await judge.ScoreAsync(site, entry, [5, 5], "draft");
        var criteria = await site.CriteriaAsync(entry.CategoryId);

        // Both tabs load the page (the same version of the score).
        var tabs = new List<List<KeyValuePair<string, string>>>();
        for (var i = 0; i < 2; i++)
        {
            var (_, tab) = await judge.GetPageAsync($"/judge/entries/{entry.Code}");
            tabs.Add(Html.FormFields(Html.FindForm(tab, $"/judge/entries/{entry.Code}")!));
        }

        List<KeyValuePair<string, string>> With(List<KeyValuePair<string, string>> fields, int a, int b, string feedback)
        {
            var copy = fields.Where(f => !f.Key.StartsWith("Points[", StringComparison.Ordinal) && f.Key is not ("Feedback" or "Command")).ToList();
            copy.Add(new($"Points[{criteria[0].Id}]", a.ToString()));
            copy.Add(new($"Points[{criteria[1].Id}]", b.ToString()));
            copy.Add(new("Feedback", feedback));
            copy.Add(new("Command", "draft"));
            return copy;
        }

        var first = await judge.PostAsync($"/judge/entries/{entry.Code}", new FormUrlEncodedContent(With(tabs[0], 8, 8, "dari tab pertama")));
        var second = await judge.PostAsync($"/judge/entries/{entry.Code}", new FormUrlEncodedContent(With(tabs[1], 2, 2, "dari tab kedua")));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var page = Html.Parse(await second.Content.ReadAsStringAsync());
        Assert.Contains("disimpan di tab atau jendela lain", page.GetElementById("concurrency-notice")?.TextContent);
        Assert.Equal("8", page.GetElementById($"points-{criteria[0].Id}")?.GetAttribute("value")); // shows what was saved
        var card = await site.ScorecardAsync(judgeId, entry.Id);
        Assert.Equal("dari tab pertama", card!.Feedback);
        Assert.All(card.Points, p => Assert.Equal(8, p.Points));
    }

    [Fact]
    public async Task Two_tabs_saving_a_first_score_at_once_keep_the_first()
    {
        var (judge, judgeId, entry, _) = await ArrangeAsync();
        var (_, one) = await judge.GetPageAsync($"/judge/entries/{entry.Code}");
        var (_, two) = await judge.GetPageAsync($"/judge/entries/{entry.Code}");
        var criteria = await site.CriteriaAsync(entry.CategoryId);

        async Task<HttpResponseMessage> Post(AngleSharp.Html.Dom.IHtmlDocument page, string points)
        {
            var fields = Html.FormFields(Html.FindForm(page, $"/judge/entries/{entry.Code}")!)
                .Where(f => !f.Key.StartsWith("Points[", StringComparison.Ordinal)).ToList();
            fields.Add(new($"Points[{criteria[0].Id}]", points));
            fields.Add(new("Command", "draft"));
            return await judge.PostAsync($"/judge/entries/{entry.Code}", new FormUrlEncodedContent(fields));
        }

        Assert.Equal(HttpStatusCode.Redirect, (await Post(one, "4")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Post(two, "9")).StatusCode);
        Assert.Equal(4, Assert.Single((await site.ScorecardAsync(judgeId, entry.Id))!.Points).Points);
    }

    [Fact]
    public async Task The_weighted_total_is_shown_and_the_live_total_has_what_it_needs()
    {
        var (judge, _, entry, _) = await ArrangeAsync();
        await judge.ScoreAsync(site, entry, [8, 5], "draft"); // 40% × 0.8 + 60% × 0.5 = 62

        var (_, page) = await judge.GetPageAsync($"/judge/entries/{entry.Code}");

        Assert.Equal("62,00", page.QuerySelector("output[data-total]")?.TextContent.Trim());
        var inputs = page.QuerySelectorAll("input[data-points]");
        Assert.Equal(["40", "60"], inputs.Select(i => i.GetAttribute("data-weight")));
        Assert.All(inputs, i => Assert.Equal("10", i.GetAttribute("data-max")));
        Assert.NotNull(page.QuerySelector("script[src^='/js/judging.js']"));
    }
}
