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
    EntryListQueries list,
    EntryChanges changes,
    IStringLocalizer<EntriesText> t) : Controller
{
    public static readonly string[] StatusFilters = ["draft", "submitted", "ready", "waiting-consent", "withdrawn", "disqualified"];

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

        var entries = await list.PageAsync(new EntryListFilter(competition.Value, category, school, regency, status, q), page, cancellationToken);
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

        var entries = await list.AllAsync(new EntryListFilter(competition, category, school, regency, status, q), cancellationToken);
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

        TempData.Report(await changes.DisqualifyAsync(entry, reason, cancellationToken), t["The entry was disqualified and the participant was told by email."]);

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
}
