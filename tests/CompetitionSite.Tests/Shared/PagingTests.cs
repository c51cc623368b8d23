using CompetitionSite.Web.Features.Shared;

namespace CompetitionSite.Tests.Shared;

/// <summary>The one paging type: a page past either end shows the nearest page there is.</summary>
[Trait("Category", "Unit")]
public sealed class PagingTests
{
    private static readonly int[] Hundred = Enumerable.Range(1, 100).ToArray();

    [Theory]
    [InlineData(1, 1, 1, 30)]
    [InlineData(2, 2, 31, 60)]
    [InlineData(4, 4, 91, 100)]
    [InlineData(99, 4, 91, 100)]
    [InlineData(0, 1, 1, 30)]
    [InlineData(-5, 1, 1, 30)]
    public void A_page_holds_its_slice_and_a_page_out_of_range_is_the_nearest_one(int asked, int number, int first, int last)
    {
        var page = Hundred.ToPage(asked, 30);

        Assert.Equal(number, page.Number);
        Assert.Equal(Enumerable.Range(first, last - first + 1), page.Items);
        Assert.Equal((4, 100, 30), (page.Count, page.Total, page.Size));
        Assert.Equal((number > 1, number < 4), (page.HasPrevious, page.HasNext));
    }

    [Fact]
    public void An_empty_list_has_one_empty_page()
    {
        var page = Array.Empty<string>().ToPage(3, 50);

        Assert.Equal((1, 1, 0), (page.Number, page.Count, page.Total));
        Assert.Empty(page.Items);
        Assert.False(page.HasPrevious || page.HasNext);
    }

    [Fact]
    public void The_pager_links_to_the_neighbouring_pages()
    {
        var pager = Hundred.ToPage(2, 30).With(new[] { "b" }).Links(n => "/list?page=" + n, "Newer", "Older");

        Assert.Equal((2, 4), (pager.Number, pager.Count));
        Assert.Equal("/list?page=3", pager.Url(pager.Number + 1));
        Assert.Equal(("Newer", "Older"), (pager.Previous, pager.Next));
    }
}
