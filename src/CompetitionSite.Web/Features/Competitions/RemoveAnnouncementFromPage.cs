using System.Globalization;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>An organizer takes an announcement off the competition's page (its emails, once sent, stay sent). Audited.</summary>
public sealed class RemoveAnnouncementFromPage(AppDbContext db, IAuditLog audit, TimeProvider clock, IStringLocalizer<CompetitionsText> t)
{
    public async Task<Outcome> RemoveAsync(int competitionId, int announcementId, CancellationToken ct = default)
    {
        var announcement = await db.Announcements.SingleOrDefaultAsync(a => a.Id == announcementId && a.CompetitionId == competitionId, ct);
        if (announcement is null)
        {
            return Outcome.Refused(t["The announcement does not exist."]);
        }

        if (!announcement.IsOnPublicPage)
        {
            return Outcome.Ok();
        }

        announcement.RemovedFromPageAt = clock.GetUtcNow().UtcDateTime;
        audit.Record("announcement.removed-from-page", "announcement", announcementId.ToString(CultureInfo.InvariantCulture),
            $"Title: {announcement.Title}", competitionId);
        await db.SaveChangesAsync(ct);
        return Outcome.Ok();
    }
}
