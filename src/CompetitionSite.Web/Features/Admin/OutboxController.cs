using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Infrastructure.Email;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Admin;

public sealed record OutboxRow(
    Guid Id,
    DateTime CreatedAt,
    string ToAddress,
    string ToName,
    string Subject,
    string Kind,
    OutboxStatus Status,
    int Attempts,
    DateTime NextAttemptAt,
    string? LastError,
    DateTime? SentAt,
    DateTime? HandedOverAt,
    int Repeats)
{
    /// <summary>Handed to the server and not confirmed: still waiting, and sent again (same Message-ID) unless its sender records the reply.</summary>
    public bool Unconfirmed => Status == OutboxStatus.Pending && HandedOverAt is not null;
}

public sealed record OutboxPage(
    IReadOnlyList<OutboxRow> Rows,
    OutboxStatus? Status,
    int Page,
    int PageCount,
    int Total,
    IReadOnlyDictionary<OutboxStatus, int> Counts,
    string? PickupDirectory,
    OutboxSchedule Schedule,
    int Repeats)
{
    public int AllCount => Counts.Values.Sum();

    public int CountOf(OutboxStatus status) => Counts.GetValueOrDefault(status);
}

/// <summary>
/// What waits and when the last of it may leave: <see cref="LastDeparture"/> is null when nothing waits; with no limits
/// set, everything due goes as fast as the server takes it.
/// </summary>
public sealed record OutboxSchedule(int Waiting, int? PerMinute, int? PerDay, DateTime? LastDeparture, DateTime Now);

/// <summary>The organizers' view of the email outbox: what was sent, what waits, what failed and why.</summary>
[Authorize(Policy = Roles.Organizer)]
public sealed class OutboxController(
    AppDbContext db,
    TimeProvider clock,
    IOptions<EmailOptions> email,
    IStringLocalizer<AdminText> t) : Controller
{
    public const int PageSize = 50;

    [HttpGet("/admin/outbox")]
    public async Task<IActionResult> Index(string? status, int page = 1)
    {
        var filter = ParseStatus(status);
        var query = db.OutboxMessages.AsNoTracking();
        if (filter is { } only)
        {
            query = query.Where(m => m.Status == only);
        }

        var counts = (await db.OutboxMessages.AsNoTracking()
                .GroupBy(m => m.Status)
                .Select(g => new { Status = g.Key, Count = g.Count() })
                .ToListAsync())
            .ToDictionary(c => c.Status, c => c.Count);
        var total = filter is { } s ? counts.GetValueOrDefault(s) : counts.Values.Sum();
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);

        var rows = await query
            .OrderByDescending(m => m.CreatedAt)
            .ThenBy(m => m.Id)
            .Skip((page - 1) * PageSize)
            .Take(PageSize)
            .Select(m => new OutboxRow(
                m.Id, m.CreatedAt, m.ToAddress, m.ToName, m.Subject, m.Kind, m.Status, m.Attempts, m.NextAttemptAt, m.LastError, m.SentAt,
                m.HandedOverAt, m.Repeats))
            .ToListAsync();

        // Sends after an unconfirmed hand-over (a sender died, or the connection dropped, between the end of the data
        // and the server's reply): the recipient may have two copies, with the same Message-ID.
        var repeats = await db.OutboxMessages.AsNoTracking().Where(m => m.Repeats > 0).SumAsync(m => m.Repeats);

        ViewData["Title"] = t["Email outbox"].Value;
        var options = email.Value;
        var schedule = await ScheduleAsync(options, counts.GetValueOrDefault(OutboxStatus.Pending));
        return View(new OutboxPage(rows, filter, page, pageCount, total, counts, options.UsesPickupDirectory ? options.PickupDirectory : null, schedule, repeats));
    }

    private async Task<OutboxSchedule> ScheduleAsync(EmailOptions options, int waiting)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (waiting == 0)
        {
            return new OutboxSchedule(0, options.MaxPerMinute, options.MaxPerDay, null, now);
        }

        var due = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending)
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.NextAttemptAt)
            .ToListAsync();
        var dayAgo = now - OutboxPacing.Day;
        var recent = options.IsPaced
            ? await db.OutboxMessages.AsNoTracking()
                .Where(m => m.SentAt > dayAgo)
                .OrderBy(m => m.SentAt)
                .Select(m => m.SentAt!.Value)
                .ToListAsync()
            : [];
        var last = OutboxPacing.LastDeparture(now, due, recent, options.MaxPerMinute, options.MaxPerDay);
        return new OutboxSchedule(due.Count, options.MaxPerMinute, options.MaxPerDay, last, now);
    }

    /// <summary>Sends a waiting or failed email again on the dispatcher's next round.</summary>
    [HttpPost("/admin/outbox/{id:guid}/retry")]
    public async Task<IActionResult> Retry(Guid id, [FromServices] RetryEmail retry, string? status, int page = 1)
    {
        switch (await retry.RunAsync(id, HttpContext.RequestAborted))
        {
            case RetryEmailResult.NotFound:
                return NotFound();
            case RetryEmailResult.AlreadySent:
                TempData["Message"] = t["This email was already sent."].Value;
                break;
            default:
                TempData["Message"] = t["The email will be sent again in a moment."].Value;
                break;
        }

        return RedirectToIndex(status, page);
    }

    /// <summary>Sends every failed email again, e.g. after the mail server was down for longer than the retries last.</summary>
    [HttpPost("/admin/outbox/retry-failed")]
    public async Task<IActionResult> RetryFailed([FromServices] RetryFailedEmails retry)
    {
        var changed = await retry.RunAsync(HttpContext.RequestAborted);
        TempData["Message"] = t["{0} failed emails will be sent again in a moment.", changed].Value;
        return RedirectToIndex(nameof(OutboxStatus.Pending), 1);
    }

    private RedirectResult RedirectToIndex(string? status, int page)
    {
        var filter = ParseStatus(status);
        var query = new List<string>();
        if (filter is not null)
        {
            query.Add("status=" + filter);
        }

        if (page > 1)
        {
            query.Add("page=" + page);
        }

        return Redirect("/admin/outbox" + (query.Count > 0 ? "?" + string.Join("&", query) : ""));
    }

    private static OutboxStatus? ParseStatus(string? status) =>
        Enum.TryParse<OutboxStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _)
            ? parsed
            : null;
}
