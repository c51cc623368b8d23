using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>Reads of announcements: the organizers' page of a competition, and what its public page shows.</summary>
public sealed class AnnouncementQueries(AppDbContext db)
{
    /// <summary>At most this many announcements are on the public page, the newest first.</summary>
    public const int PublicLimit = 20;

    public async Task<AnnouncementsPage?> PageAsync(int competitionId, AnnouncementForm form, CancellationToken ct = default)
    {
        var c = await db.Competitions.AsNoTracking().Where(x => x.Id == competitionId)
            .Select(x => new { x.Id, x.Title, x.Slug, x.TimeZoneId, x.Stage, x.OpenedAt })
            .SingleOrDefaultAsync(ct);
        if (c is null)
        {
            return null;
        }

        var categories = await db.Categories.AsNoTracking().Where(x => x.CompetitionId == competitionId)
            .OrderBy(x => x.SortOrder).ThenBy(x => x.Id).Select(x => new { x.Id, x.Name }).ToListAsync(ct);
        var posted = await (
            from a in db.Announcements.AsNoTracking()
            where a.CompetitionId == competitionId
            join u in db.Users on a.PostedByUserId equals u.Id into posters
            from user in posters.DefaultIfEmpty()
            join k in db.Categories on a.CategoryId equals k.Id into named
            from category in named.DefaultIfEmpty()
            orderby a.PostedAt descending, a.Id descending
            select new AnnouncementRow(a.Id, a.Title, a.Body, a.OnPublicPage, a.RemovedFromPageAt, a.Audience,
                category == null ? null : category.Name, a.PostedAt, user == null ? "" : user.FullName, a.EmailsQueued))
            .ToListAsync(ct);
        return new AnnouncementsPage(c.Id, c.Title, c.Slug, c.TimeZoneId, CompetitionPhases.IsPublic(c.Stage, c.OpenedAt),
            categories.Select(x => (x.Id, x.Name)).ToList(), posted, form);
    }

    public Task<List<PublicAnnouncement>> PublicAsync(int competitionId, CancellationToken ct = default) =>
        db.Announcements.AsNoTracking()
            .Where(a => a.CompetitionId == competitionId && a.OnPublicPage && a.RemovedFromPageAt == null)
            .OrderByDescending(a => a.PostedAt).ThenByDescending(a => a.Id)
            .Take(PublicLimit)
            .Select(a => new PublicAnnouncement(a.Id, a.Title, a.Body, a.PostedAt))
            .ToListAsync(ct);
}
