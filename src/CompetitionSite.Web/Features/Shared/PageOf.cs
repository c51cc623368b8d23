namespace CompetitionSite.Web.Features.Shared;

/// <summary>
/// One page of a list: its items, its number (1 = first), the page size and how many items the whole list has.
/// Built by <see cref="Paging"/>, which clamps the number a visitor asked for to the pages there are, so a page past
/// the end shows the last page and an empty list has one (empty) page.
/// </summary>
public sealed record PageOf<T>(IReadOnlyList<T> Items, int Number, int Size, int Total)
{
    /// <summary>How many pages the list has; at least one.</summary>
    public int Count => Paging.PageCount(Total, Size);

    public bool HasPrevious => Number > 1;

    public bool HasNext => Number < Count;

    /// <summary>The same page with other items (the page's rows mapped or loaded in the page's order).</summary>
    public PageOf<TOther> With<TOther>(IReadOnlyList<TOther> items) => new(items, Number, Size, Total);

    /// <summary>What the shared pager (<c>_Pager</c>) needs: where page <c>n</c> is.</summary>
    public Pager Links(Func<int, string> url, string? previous = null, string? next = null) => new(Number, Count, url, previous, next);
}
