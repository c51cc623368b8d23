using System.Net;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;

namespace CompetitionSite.Tests.Judging;

/// <summary>A judge moves through their queue: previous/next in a fixed order, and "submit and next" to the next entry still to score.</summary>
public sealed class QueueNavigationTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    private async Task<(HttpClient Judge, int JudgeId, List<SeededEntry> Entries)> ArrangeAsync(int count)
    {
        var c = await site.SeedInPhaseAsync(Phase.Judging);
        var (judge, judgeId, _) = await site.JudgeAsync(c);
        var entries = new List<SeededEntry>();
        for (var i = 0; i < count; i++)
        {
            var entry = await site.SeedEntryAsync(c.Categories[0].Id);
            await site.AssignAsync(judgeId, entry);
            entries.Add(entry);
        }

        // The queue's fixed order: category, then code.
        return (judge, judgeId, entries.OrderBy(e => e.Code, StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task The_scoring_page_shows_the_place_in_the_list_with_previous_and_next()
    {
        var (judge, _, entries) = await ArrangeAsync(3);

        var (_, middle) = await judge.GetPageAsync($"/judge/entries/{entries[1].Code}");
        var nav = middle.QuerySelector("nav.queue-nav")!;
        Assert.Contains("2 dari 3 di daftar Anda · 3 tersisa", nav.TextContent);
        Assert.Equal($"/judge/entries/{entries[0].Code}", nav.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
        Assert.Equal($"/judge/entries/{entries[2].Code}", nav.QuerySelector("a[rel=next]")!.GetAttribute("href"));

        var (_, first) = await judge.GetPageAsync($"/judge/entries/{entries[0].Code}");
        Assert.Null(first.QuerySelector("nav.queue-nav a[rel=prev]"));
        Assert.NotNull(first.QuerySelector("button[value=submit-next]"));
    }

    [Fact]
    public async Task Submit_and_next_saves_the_score_and_opens_the_next_entry_still_to_score_wrapping_round()
    {
        var (judge, judgeId, entries) = await ArrangeAsync(3);

        // The second is done already: from the first, "next to score" skips it.
        Assert.Equal(HttpStatusCode.Redirect, (await judge.ScoreAsync(site, entries[1], [5, 5], "submit")).StatusCode);
        var fromFirst = await judge.ScoreAsync(site, entries[0], [7, 8], ScoreFormCommands.SubmitAndNext);
        Assert.Equal(HttpStatusCode.Redirect, fromFirst.StatusCode);
        Assert.Equal($"/judge/entries/{entries[2].Code}", fromFirst.Headers.Location!.OriginalString);
        Assert.Equal(ScoreStatus.Submitted, (await site.ScorecardAsync(judgeId, entries[0].Id))!.Status);

        // The last one left: nothing after it to score, so the judge lands on the list with a thank-you.
        var (_, last) = await judge.GetPageAsync($"/judge/entries/{entries[2].Code}");
        Assert.Null(last.QuerySelector("button[value=submit-next]"));
        var posted = await judge.ScoreAsync(site, entries[2], [6, 6], ScoreFormCommands.SubmitAndNext);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Matches(@"^/judge/competitions/\d+$", posted.Headers.Location!.OriginalString);
        var (_, queue) = await judge.GetPageAsync(posted.Headers.Location!.OriginalString);
        Assert.Contains("Semua karya di daftar Anda sudah dinilai. Terima kasih!", queue.Body!.TextContent);
    }

    [Fact]
    public async Task Submit_and_next_with_a_criterion_missing_saves_nothing_and_stays_on_the_entry()
    {
        var (judge, judgeId, entries) = await ArrangeAsync(2);

        var response = await judge.ScoreAsync(site, entries[0], [7, null], ScoreFormCommands.SubmitAndNext);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await site.ScorecardAsync(judgeId, entries[0].Id));
    }

    private static class ScoreFormCommands
    {
        public const string SubmitAndNext = CompetitionSite.Web.Features.Judging.ScoreForm.SubmitAndNext;
    }
}
