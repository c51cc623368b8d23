using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Competitions;

namespace CompetitionSite.Tests.Judging;

/// <summary>A competition run in WITA shows a judge's conflict confirmation in WITA, not WIB.</summary>
public sealed class ConflictsTimeZoneTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    [Fact]
    public async Task The_conflicts_page_of_a_WITA_competition_shows_the_confirmation_time_in_WITA()
    {
        var c = await site.SeedInPhaseAsync(Phase.Judging, configure: x => x.TimeZoneId = "Asia/Makassar");
        var (judge, _, _) = await site.JudgeAsync(c, "Made Wirawan");

        await judge.SubmitFormAsync($"/judge/competitions/{c.Id}/conflicts", new Dictionary<string, string>(), $"/judge/competitions/{c.Id}/conflicts/confirm");
        var (_, page) = await judge.GetPageAsync($"/judge/competitions/{c.Id}/conflicts");

        var confirmed = page.QuerySelectorAll("main p").Select(p => p.TextContent).Single(t => t.Contains("Terakhir dikonfirmasi", StringComparison.Ordinal));
        Assert.EndsWith("WITA", confirmed.Trim());
        Assert.DoesNotContain("WIB", confirmed);
    }
}
