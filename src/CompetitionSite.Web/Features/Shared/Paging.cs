using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Shared;

/// <summary>Builds a <see cref="PageOf{T}"/> from an ordered query (in the database) or from a list already loaded.</summary>
public static class Paging
{
    public static int PageCount(int total, int size) => Math.Max(1, (total + size - 1) / size);

    /// <summary>The page a visitor asked for, within 1 … the last page.</summary>
    public static int Clamp(int requested, int total, int size) => Math.Clamp(requested, 1, PageCount(total, size));

    /// <summary>Counts <paramref name="ordered"/>, then loads only the asked page's items (clamped).</summary>
    public static async Task<PageOf<T>> ToPageAsync<T>(this IQueryable<T> ordered, int requested, int size, CancellationToken ct = default) =>
        await ordered.ToPageAsync(requested, size, await ordered.CountAsync(ct), ct);

    /// <summary>Loads one page of <paramref name="ordered"/> when its <paramref name="total"/> is already known.</summary>
    public static async Task<PageOf<T>> ToPageAsync<T>(this IQueryable<T> ordered, int requested, int size, int total, CancellationToken ct = default)
    {
        var number = Clamp(requested, total, size);
        var items = await ordered.Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return new PageOf<T>(items, number, size, total);
    }

    /// <summary>One page of a list already in memory (clamped).</summary>
    public static PageOf<T> ToPage<T>(this IReadOnlyList<T> all, int requested, int size)
    {
        var number = Clamp(requested, all.Count, size);
        return new PageOf<T>(all.Skip((number - 1) * size).Take(size).ToList(), number, size, all.Count);
    }
}
