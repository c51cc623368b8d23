using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Features.Competitions;

namespace CompetitionSite.Tests.Competitions;

[Trait("Category", "Unit")]
public sealed class RubricAndCategoryRulesTests
{
    [Fact]
    public void Weights_are_shown_as_percentages_of_their_total() =>
        Assert.Equal([30m, 25m, 25m, 20m], RubricRules.WeightPercentages([30, 25, 25, 20]));

    [Fact]
    public void Percentages_add_up_to_exactly_one_hundred()
    {
        var thirds = RubricRules.WeightPercentages([1, 1, 1]);

        Assert.Equal([33.4m, 33.3m, 33.3m], thirds);
        Assert.Equal(100m, thirds.Sum());
        Assert.Equal([33.3m, 66.7m], RubricRules.WeightPercentages([1, 2]));
        Assert.Equal(100m, RubricRules.WeightPercentages([3, 7, 11, 13]).Sum());
    }

    [Fact]
    public void A_single_criterion_is_the_whole_score() =>
        Assert.Equal([100m], RubricRules.WeightPercentages([7]));

    [Fact]
    public void Non_positive_weights_count_for_nothing() =>
        Assert.Equal([0m, 100m], RubricRules.WeightPercentages([0, 5]));

    [Theory]
    [InlineData(0, 10, "The weight must be greater than zero.")]
    [InlineData(-3, 10, "The weight must be greater than zero.")]
    [InlineData(1001, 10, "The weight can be at most 1000.")]
    [InlineData(1, 0, "The maximum points must be between 1 and 100.")]
    [InlineData(1, 101, "The maximum points must be between 1 and 100.")]
    public void Bad_weights_and_points_are_refused(int weight, int maxPoints, string message)
    {
        var problems = RubricRules.Problems([("Ide", 2, 10), ("Teknik", weight, maxPoints)]).ToList();

        var problem = Assert.Single(problems);
        Assert.Equal(1, problem.Index);
        Assert.Equal(message, problem.Message);
    }

    [Fact]
    public void A_rubric_needs_criteria_with_distinct_names()
    {
        Assert.Equal("A rubric needs at least one criterion.", Assert.Single(RubricRules.Problems([])).Message);
        Assert.Equal("Two criteria have the same name.", Assert.Single(RubricRules.Problems([("Ide", 1, 10), ("ide", 1, 10)])).Message);
    }

    [Fact]
    public void A_rubric_with_one_to_a_hundred_points_and_positive_weights_is_valid() =>
        Assert.Empty(RubricRules.Problems([("Ide", 1, 1), ("Teknik", 1000, 100)]));

    [Fact]
    public void Unknown_and_misplaced_file_types_are_refused()
    {
        Assert.Contains("unknown:.exe", FileTypes.Problems(EntryKind.Image, [".png", ".exe"]));
        Assert.Contains("wrong-kind:.mp4", FileTypes.Problems(EntryKind.Image, [".png", ".mp4"]));
        Assert.Contains("none", FileTypes.Problems(EntryKind.Document, []));
        Assert.Contains("link-has-files", FileTypes.Problems(EntryKind.Link, [".pdf"]));
        Assert.Empty(FileTypes.Problems(EntryKind.Link, []));
        Assert.Empty(FileTypes.Problems(EntryKind.Video, ["MP4", ".webm"]));
    }

    [Fact]
    public void A_grade_range_must_reach_every_chosen_level()
    {
        Assert.Equal([SchoolLevels.SD], SchoolGrades.LevelsOutsideRange(SchoolLevels.SD | SchoolLevels.SMA, 10, 12));
        Assert.Empty(SchoolGrades.LevelsOutsideRange(SchoolLevels.All, 1, 12));
        Assert.Empty(SchoolGrades.LevelsOutsideRange(SchoolLevels.SMP, 7, 7));
    }

    [Fact]
    public void New_categories_get_juara_and_harapan_one_of_each() =>
        Assert.Equal(["Juara 1", "Juara 2", "Juara 3", "Harapan 1", "Harapan 2", "Harapan 3"],
            AwardTierDefaults.Create().Select(t => $"{t.Name}".Trim()).ToArray());

    [Theory]
    [InlineData("Lomba Poster Hari Guru 2026!", "lomba-poster-hari-guru-2026")]
    [InlineData("  Cerpen — Persahabatan  ", "cerpen-persahabatan")]
    [InlineData("Fotografi Café Ñusantara", "fotografi-cafe-nusantara")]
    [InlineData("!!!", "lomba")]
    public void Slugs_are_made_from_titles(string title, string slug) =>
        Assert.Equal(slug, CompetitionEditor.Slugify(title));

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0 }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0, 0, 0, 0, 0, 0 }, "image/jpeg")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50 }, "image/webp")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0, 0, 0, 0, 0, 0 }, null)]
    [InlineData(new byte[] { 0x3C, 0x73, 0x76, 0x67 }, null)]
    public void Banners_are_recognised_by_their_first_bytes(byte[] header, string? contentType) =>
        Assert.Equal(contentType, Web.Infrastructure.Imaging.ImageTypes.Sniff(header)?.ContentType);

    [Fact]
    public void Markdown_keeps_formatting_and_drops_anything_that_could_run()
    {
        var html = new MarkdownRenderer().Render(
            "**tebal** dan [situs](https://example.org)\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[klik](javascript:alert(3))\n\n<a href=\"#\" onclick=\"alert(4)\">x</a>")
            .ToString()!;
        var doc = Support.Html.Parse(html);

        Assert.Contains("<strong>tebal</strong>", html);
        Assert.Equal("https://example.org", doc.QuerySelector("a")!.GetAttribute("href"));
        Assert.Empty(doc.QuerySelectorAll("script"));
        Assert.Empty(doc.QuerySelectorAll("[onerror], [onclick]"));
        Assert.DoesNotContain(doc.QuerySelectorAll("a"), a => (a.GetAttribute("href") ?? "").Contains("javascript", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
    }
}
