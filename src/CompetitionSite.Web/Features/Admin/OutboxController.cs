using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Auditing;
using CompetitionSite.Web.Infrastructure.Email;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

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
    PageOf<OutboxRow> Rows,
    OutboxStatus? Status,
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
    OutboxQueries outbox,
    IOutboxSignal signal,
    IAuditLog audit,
    TimeProvider clock,
    IStringLocalizer<Text> t) : Controller
{
    [HttpGet("/admin/outbox")]
    public async Task<IActionResult> Index(string? status, CancellationToken ct, int page = 1)
    {
        ViewData["Title"] = t["Email outbox"].Value;
        return View(await outbox.PageAsync(ParseStatus(status), page, ct));
    }

    /// <summary>Sends a waiting or failed email again on the dispatcher's next round.</summary>
    [HttpPost("/admin/outbox/{id:guid}/retry")]
    public async Task<IActionResult> Retry(Guid id, string? status, int page = 1)
    {
        var message = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Id == id)
            .Select(m => new { m.Status, m.ToAddress, m.Kind })
            .SingleOrDefaultAsync();
        if (message is null)
        {
            return NotFound();
        }

        if (message.Status == OutboxStatus.Sent)
        {
            TempData["Message"] = t["This email was already sent."].Value;
            return RedirectToIndex(status, page);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var changed = await db.OutboxMessages
                .Where(m => m.Id == id && m.Status != OutboxStatus.Sent)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, OutboxStatus.Pending)
                    .SetProperty(m => m.NextAttemptAt, now));
            if (changed == 1)
            {
                audit.Record("email.retried", nameof(OutboxMessage), id.ToString(), $"{message.Kind} to {message.ToAddress} (was {message.Status})");
                await db.SaveChangesAsync();
            }

            await transaction.CommitAsync();
        }

        signal.Wake();
        TempData["Message"] = t["The email will be sent again in a moment."].Value;
        return RedirectToIndex(status, page);
    }

    /// <summary>Sends every failed email again, e.g. after the mail server was down for longer than the retries last.</summary>
    [HttpPost("/admin/outbox/retry-failed")]
    public async Task<IActionResult> RetryFailed()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        int changed;
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            changed = await db.OutboxMessages
                .Where(m => m.Status == OutboxStatus.Failed)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, OutboxStatus.Pending)
                    .SetProperty(m => m.NextAttemptAt, now));
            if (changed > 0)
            {
                audit.Record("email.retried-failed", nameof(OutboxMessage), "*", $"{changed} failed email(s) queued again");
                await db.SaveChangesAsync();
            }

            await transaction.CommitAsync();
        }

        signal.Wake();
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
