using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Entries;

/// <summary>What the organizers' entry list is filtered by: a competition, and optionally a category, a school, a regency, a status and a search text.</summary>
public sealed record EntryListFilter(int Competition, int? Category, string? School, string? Regency, string? Status, string? Q);

/// <summary>Reads of the organizers' entry list and its CSV export.</summary>
public sealed class EntryListQueries(AppDbContext db, EntryQueries queries)
{
    /// <summary>Entries on one page of the list.</summary>
    public const int PageSize = 50;

    /// <summary>
    /// One page of the filtered list, in the list's order (category, then entry code). Filters the database can
    /// answer are paged there, so only the page's entries are loaded; "ready" and "waiting for consent" depend on
    /// the members' consents and are paged after loading.
    /// </summary>
    public async Task<PageOf<EntryView>> PageAsync(EntryListFilter filter, int page, CancellationToken cancellationToken = default)
    {
        if (filter.Status is "ready" or "waiting-consent")
        {
            var slice = (await AllAsync(filter, cancellationToken, flagDuplicates: false)).ToPage(page, PageSize);
            await queries.FlagDuplicatesAsync(slice.Items, cancellationToken);
            return slice;
        }

        var ids = await Filter(filter)
            .OrderBy(e => e.Category.SortOrder).ThenBy(e => e.Category.Name).ThenBy(e => e.PublicCode)
            .Select(e => e.Id)
            .ToPageAsync(page, PageSize, cancellationToken);
        var position = ids.Items.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var entries = (await queries.LoadAsync(db.Entries.Where(e => ids.Items.Contains(e.Id)), withPreviews: false, withEarlierFiles: true, cancellationToken))
            .OrderBy(e => position[e.Id]).ToList();
        await queries.FlagDuplicatesAsync(entries, cancellationToken);
        return ids.With(entries);
    }

    /// <summary>The whole filtered list, in the list's order, with duplicate files flagged (the CSV export).</summary>
    public async Task<List<EntryView>> AllAsync(EntryListFilter filter, CancellationToken cancellationToken = default, bool flagDuplicates = true)
    {
        var entries = await queries.LoadAsync(Filter(filter), withPreviews: false, withEarlierFiles: true, cancellationToken);
        entries = filter.Status switch
        {
            "ready" => entries.Where(e => e.ReadyForJudging).ToList(),
            "waiting-consent" => entries.Where(e => e.WaitingForConsent).ToList(),
            _ => entries,
        };
        entries = entries.OrderBy(e => e.Category.SortOrder).ThenBy(e => e.Category.Name).ThenBy(e => e.PublicCode, StringComparer.Ordinal).ToList();
        if (flagDuplicates)
        {
            await queries.FlagDuplicatesAsync(entries, cancellationToken);
        }

        return entries;
    }

    /// <summary>The filters and search the database answers; "ready" and "waiting for consent" are narrowed after loading.</summary>
    private IQueryable<Entry> Filter(EntryListFilter filter)
    {
        var (competition, category, school, regency, status, q) = filter;
        var query = db.Entries.Where(e => e.Category.CompetitionId == competition);
        if (category is { } c)
        {
            query = query.Where(e => e.CategoryId == c);
        }

        query = status switch
        {
            "draft" => query.Where(e => e.Status == EntryStatus.Draft),
            "submitted" or "ready" => query.Where(e => e.Status == EntryStatus.Submitted),
            "withdrawn" => query.Where(e => e.Status == EntryStatus.Withdrawn),
            "disqualified" => query.Where(e => e.Status == EntryStatus.Disqualified),
            "waiting-consent" => query.Where(e => e.Status == EntryStatus.Draft || e.Status == EntryStatus.Submitted),
            _ => query,
        };

        if (!string.IsNullOrWhiteSpace(school))
        {
            var s = school.Trim().ToUpperInvariant();
            query = query.Where(e => e.Members.Any(m => db.Participants.Any(p => p.Id == m.ParticipantId && p.SchoolName.ToUpper().Contains(s))));
        }

        if (!string.IsNullOrWhiteSpace(regency))
        {
            query = query.Where(e => e.Members.Any(m => db.Participants.Any(p => p.Id == m.ParticipantId && p.Regency == regency)));
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            // A participant's name, an entry code ("K-7F3A2C", or part of it) or a title; upper-cased on both sides
            // so the search ignores case on SQLite and PostgreSQL alike.
            var s = q.Trim().ToUpperInvariant();
            query = query.Where(e => e.PublicCode.ToUpper().Contains(s)
                || e.Title.ToUpper().Contains(s)
                || e.Members.Any(m => db.Participants.Any(p => p.Id == m.ParticipantId && p.FullName.ToUpper().Contains(s))));
        }

        return query;
    }
}
