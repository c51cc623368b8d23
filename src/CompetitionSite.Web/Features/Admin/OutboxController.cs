using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Email;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
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
    OutboxQueries outbox,
    IStringLocalizer<AdminText> t) : Controller
{
    [HttpGet("/admin/outbox")]
    public async Task<IActionResult> Index(string? status, CancellationToken ct, int page = 1)
    {
        ViewData["Title"] = t["Email outbox"].Value;
        return View(await outbox.PageAsync(ParseStatus(status), page, ct));
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
