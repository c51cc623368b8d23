using CompetitionSite.Web.Data;
using CompetitionSite.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>Reads of a competition's audit log page.</summary>
public sealed class AuditLogQueries(AppDbContext db)
{
    public const int PageSize = 50;

    /// <summary>One page of the competition's audit events, newest first; null when there is no such competition.</summary>
    public async Task<AuditPage?> PageAsync(int competitionId, int page, CancellationToken ct = default)
    {
        var c = await db.Competitions.AsNoTracking().Where(x => x.Id == competitionId).Select(x => new { x.Title, x.TimeZoneId }).SingleOrDefaultAsync(ct);
        if (c is null)
        {
            return null;
        }

        var rows = await db.AuditEvents.AsNoTracking().Where(e => e.CompetitionId == competitionId)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Select(e => new AuditRow(e.At, e.ActorName, e.Action, e.Details))
            .ToPageAsync(page, PageSize, ct);
        return new AuditPage(competitionId, c.Title, c.TimeZoneId, rows);
    }
}
