using System.Globalization;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Entries;

/// <summary>Organizers: every entry of a competition by category, filters, duplicate files, all file versions, disqualification, CSV export.</summary>
[Route("admin/entries")]
[Authorize(Policy = Roles.Organizer)]
public sealed class AdminEntriesController(
    AppDbContext db,
    EntryQueries queries,
    EntryChanges changes,
    IStringLocalizer<EntriesText> t) : Controller
{
    public static readonly string[] StatusFilters = ["draft", "submitted", "ready", "waiting-consent", "withdrawn", "disqualified"];

    /// <summary>Entries on one page of the list.</summary>
    public const int PageSize = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index(int? competition, int? category, string? school, string? regency, string? status, string? q, CancellationToken cancellationToken, int page = 1)
    {
        var competitions = await db.Competitions.OrderByDescending(c => c.SubmissionClosesAt).Select(c => new { c.Id, c.Title }).ToListAsync(cancellationToken);
        if (competition is null || competitions.All(c => c.Id != competition))
        {
            if (competition is not null)
            {
                return NotFound();
            }

            return View(new AdminEntriesPage { Competitions = competitions.Select(c => (c.Id, c.Title)).ToList() });
        }

        var (entries, total, pageCount) = await PageAsync(competition.Value, category, school, regency, status, q, page, cancellationToken);
        var regencies = await db.EntryMembers
            .Where(m => m.ParticipantId != null && db.Entries.Any(e => e.Id == m.EntryId && e.Category.CompetitionId == competition))
            .Join(db.Participants, m => m.ParticipantId, p => p.Id, (m, p) => p.Regency)
            .Distinct().OrderBy(r => r).ToListAsync(cancellationToken);
        return View(new AdminEntriesPage
        {
            CompetitionId = competition,
            CompetitionTitle = competitions.Single(c => c.Id == competition).Title,
            Competitions = competitions.Select(c => (c.Id, c.Title)).ToList(),
            Categories = await db.Categories.Where(c => c.CompetitionId == competition).OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(cancellationToken),
            Regencies = regencies,
            Category = category,
            School = school,
            Regency = regency,
            Status = status,
            Query = string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
            Entries = entries,
            Total = total,
            Page = Math.Clamp(page, 1, pageCount),
            PageCount = pageCount,
            ExportUrl = "/admin/entries/export" + Request.QueryString,
        });
    }

    [HttpGet("export")]
    public async Task<IActionResult> Export(int competition, int? category, string? school, string? regency, string? status, string? q, CancellationToken cancellationToken)
    {
        var found = await db.Competitions.Where(c => c.Id == competition).Select(c => new { c.Slug, c.TimeZoneId }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return NotFound();
        }

        var entries = await FilteredAsync(competition, category, school, regency, status, q, cancellationToken);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = $"entries-{found.Slug}.csv" }.ToString();
        Response.Headers.CacheControl = "private, no-store";
        await using var csv = new CsvWriter(Response.Body, CultureInfo.CurrentUICulture);
        await csv.RowAsync([
            t["Entry code"], t["Category"], t["Title"], t["Status"], t["Ready for judging"], t["Participants"], t["School"],
            t["Regency/city"], t["Submitted at"], t["Files"], t["SHA-256"], t["Same file as"], t["Link"], t["Reason for disqualification"],
        ], cancellationToken);
        foreach (var e in entries)
        {
            var accepted = e.Members.Where(m => m.Invitation == MemberInvitationStatus.Accepted).ToList();
            await csv.RowAsync([
                e.PublicCode,
                e.Category.Name,
                e.Title,
                StatusText(e.Status),
                e.ReadyForJudging ? t["yes"] : t["no"],
                string.Join("; ", accepted.Select(m => m.Name)),
                string.Join("; ", accepted.Select(m => m.School).Distinct()),
                string.Join("; ", accepted.Select(m => m.Regency).Distinct()),
                e.SubmittedAt is { } at ? TimeDisplay.Format(at, e.TimeZoneId) : "",
                string.Join("; ", e.CurrentFiles.Select(f => $"{f.FileName} ({f.SizeBytes.ToString(CultureInfo.InvariantCulture)} bytes)")),
                string.Join("; ", e.CurrentFiles.Select(f => f.Sha256)),
                string.Join("; ", e.DuplicateOf),
                e.LinkUrl,
                e.DisqualificationReason,
            ], cancellationToken);
        }

        return new EmptyResult();
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id, CancellationToken cancellationToken)
    {
        var entry = (await queries.LoadAsync(db.Entries.Where(e => e.Id == id), withPreviews: true, withEarlierFiles: true, cancellationToken)).SingleOrDefault();
        if (entry is null)
        {
            return NotFound();
        }

        entry.Relation = EntryRelation.Organizer;
        await queries.FlagDuplicatesAsync([entry], cancellationToken);
        return View(entry);
    }

    [HttpPost("{id:int}/disqualify")]
    public async Task<IActionResult> Disqualify(int id, string? reason, CancellationToken cancellationToken)
    {
        var entry = await changes.LoadAsync(id, cancellationToken);
        if (entry is null)
        {
            return NotFound();
        }

        var problems = await changes.DisqualifyAsync(entry, reason, cancellationToken);
        if (problems.Count > 0)
        {
            TempData["Error"] = string.Join(" ", problems);
        }
        else
        {
            TempData["Message"] = t["The entry was disqualified and the participant was told by email."].Value;
        }

        return Redirect($"/admin/entries/{id}");
    }

    public string StatusText(EntryStatus status) => status switch
    {
        EntryStatus.Draft => t["Draft"],
        EntryStatus.Submitted => t["Submitted"],
        EntryStatus.Withdrawn => t["Withdrawn"],
        EntryStatus.Disqualified => t["Disqualified"],
        _ => status.ToString(),
    };

    /// <summary>
    /// One page of the filtered list, in the list's order (category, then entry code). Filters the database can
    /// answer are paged there, so only the page's entries are loaded; "ready" and "waiting for consent" depend on
    /// the members' consents and are paged after loading.
    /// </summary>
    private async Task<(List<EntryView> Entries, int Total, int PageCount)> PageAsync(int competition, int? category, string? school, string? regency,
        string? status, string? q, int page, CancellationToken cancellationToken)
    {
        if (status is "ready" or "waiting-consent")
        {
            var all = await FilteredAsync(competition, category, school, regency, status, q, cancellationToken, flagDuplicates: false);
            var count = Math.Max(1, (all.Count + PageSize - 1) / PageSize);
            var slice = all.Skip((Math.Clamp(page, 1, count) - 1) * PageSize).Take(PageSize).ToList();
            await queries.FlagDuplicatesAsync(slice, cancellationToken);
            return (slice, all.Count, count);
        }

        var query = Filter(competition, category, school, regency, status, q);
        var total = await query.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var ids = await query
            .OrderBy(e => e.Category.SortOrder).ThenBy(e => e.Category.Name).ThenBy(e => e.PublicCode)
            .Select(e => e.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .ToListAsync(cancellationToken);
        var position = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var entries = (await queries.LoadAsync(db.Entries.Where(e => ids.Contains(e.Id)), withPreviews: false, withEarlierFiles: true, cancellationToken))
            .OrderBy(e => position[e.Id]).ToList();
        await queries.FlagDuplicatesAsync(entries, cancellationToken);
        return (entries, total, pageCount);
    }

    private async Task<List<EntryView>> FilteredAsync(int competition, int? category, string? school, string? regency, string? status, string? q,
        CancellationToken cancellationToken, bool flagDuplicates = true)
    {
        var entries = await queries.LoadAsync(Filter(competition, category, school, regency, status, q), withPreviews: false, withEarlierFiles: true, cancellationToken);
        entries = status switch
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
    private IQueryable<Entry> Filter(int competition, int? category, string? school, string? regency, string? status, string? q)
    {
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
