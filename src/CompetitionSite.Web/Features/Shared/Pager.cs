namespace CompetitionSite.Web.Features.Shared;

/// <summary>
/// The model of the shared pager partial (<c>Features/Shared/Views/_Pager.cshtml</c>): the page shown, the number of
/// pages, the address of page <c>n</c>, and, where a list reads better with its own words (an audit log's "Newer" and
/// "Older"), the already-localized texts of the two links.
/// </summary>
public sealed record Pager(int Number, int Count, Func<int, string> Url, string? Previous = null, string? Next = null);
