using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Admin;

/// <summary>Reads of the organizers' outbox page.</summary>
public sealed class OutboxQueries(AppDbContext db, TimeProvider clock, IOptions<EmailOptions> email)
{
    public const int PageSize = 50;

    /// <summary>One page of the outbox (newest first), only <paramref name="filter"/>'s status when given, with the counts per status and the schedule.</summary>
    public async Task<OutboxPage> PageAsync(OutboxStatus? filter, int page, CancellationToken ct = default)
    {
        var query = db.OutboxMessages.AsNoTracking();
        if (filter is { } only)
        {
            query = query.Where(m => m.Status == only);
        }

        var counts = (await db.OutboxMessages.AsNoTracking()
                .GroupBy(m => m.Status)
                .Select(g => new { Status = g.Key, Count = g.Count() })
                .ToListAsync(ct))
            .ToDictionary(c => c.Status, c => c.Count);
        var total = filter is { } s ? counts.GetValueOrDefault(s) : counts.Values.Sum();

        var rows = await query
            .OrderByDescending(m => m.CreatedAt)
            .ThenBy(m => m.Id)
            .Select(m => new OutboxRow(
                m.Id, m.CreatedAt, m.ToAddress, m.ToName, m.Subject, m.Kind, m.Status, m.Attempts, m.NextAttemptAt, m.LastError, m.SentAt,
                m.HandedOverAt, m.Repeats))
            .ToPageAsync(page, PageSize, total, ct);

        // Sends after an unconfirmed hand-over (a sender died, or the connection dropped, between the end of the data
        // and the server's reply): the recipient may have two copies, with the same Message-ID.
        var repeats = await db.OutboxMessages.AsNoTracking().Where(m => m.Repeats > 0).SumAsync(m => m.Repeats, ct);

        var options = email.Value;
        var schedule = await ScheduleAsync(options, counts.GetValueOrDefault(OutboxStatus.Pending), ct);
        return new OutboxPage(rows, filter, counts, options.UsesPickupDirectory ? options.PickupDirectory : null, schedule, repeats);
    }

    private async Task<OutboxSchedule> ScheduleAsync(EmailOptions options, int waiting, CancellationToken ct)
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
            .ToListAsync(ct);
        var dayAgo = now - OutboxPacing.Day;
        var recent = options.IsPaced
            ? await db.OutboxMessages.AsNoTracking()
                .Where(m => m.SentAt > dayAgo)
                .OrderBy(m => m.SentAt)
                .Select(m => m.SentAt!.Value)
                .ToListAsync(ct)
            : [];
        var last = OutboxPacing.LastDeparture(now, due, recent, options.MaxPerMinute, options.MaxPerDay);
        return new OutboxSchedule(due.Count, options.MaxPerMinute, options.MaxPerDay, last, now);
    }
}
