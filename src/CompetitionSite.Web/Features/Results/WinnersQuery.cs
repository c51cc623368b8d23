using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Results;

public sealed record WinnerView(string AwardName, bool IsSpecial, int EntryId, string Title, IReadOnlyList<string> Names, string Schools, string Regencies,
    string Citation, string? PreviewUrl);

public sealed record WinnersCategory(string Name, IReadOnlyList<string> TieBreakCriteria, IReadOnlyList<WinnerView> Winners);

public sealed record WinnersPage(string Slug, string Title, string OrganizingBody, string TimeZoneId, DateTime PublishedAt, IReadOnlyList<WinnersCategory> Categories,
    string? BannerFileName = null);

/// <summary>The public winners page, and the one file it may show of each winning entry.</summary>
public sealed class WinnersQuery(AppDbContext db, TimeProvider clock)
{
    /// <summary>Image types a browser shows safely as a picture.</summary>
    public static readonly string[] PreviewTypes = [.. PreviewContentTypes.Images];

    /// <summary>The winners of a competition whose results are public, else null.</summary>
    public async Task<WinnersPage?> PageAsync(string slug, CancellationToken ct = default)
    {
        var c = await db.Competitions.AsNoTracking()
            .Where(x => x.Slug == slug)
            .Select(x => new { x.Id, x.Slug, x.Title, x.OrganizingBody, x.TimeZoneId, x.Stage, x.PublishedAt, x.BannerFileName, x.HideRegionOfMinors })
            .SingleOrDefaultAsync(ct);
        if (c is null || !CertificateRules.ResultsArePublic(c.Stage, c.PublishedAt) || c.PublishedAt is null)
        {
            return null;
        }

        var categories = await db.Categories.AsNoTracking()
            .Where(x => x.CompetitionId == c.Id)
            .OrderBy(x => x.SortOrder).ThenBy(x => x.Id)
            .Select(x => new { x.Id, x.Name, Criteria = x.Rubric == null ? new List<string>() : x.Rubric.Criteria.OrderBy(k => k.Order).Select(k => k.Name).ToList() })
            .ToListAsync(ct);
        var awards = await (from a in db.EntryAwards.AsNoTracking()
                            join e in db.Entries.AsNoTracking() on a.EntryId equals e.Id
                            where a.CompetitionId == c.Id
                            orderby a.IsSpecial, a.AwardOrder, e.Title
                            select new { a.CategoryId, a.AwardName, a.IsSpecial, a.Citation, a.EntryId, e.Title })
            .ToListAsync(ct);
        var entryIds = awards.Select(a => a.EntryId).Distinct().ToList();
        var members = await (from m in db.EntryMembers.AsNoTracking()
                             join p in db.Participants.AsNoTracking() on m.ParticipantId equals p.Id
                             where entryIds.Contains(m.EntryId) && m.InvitationStatus == MemberInvitationStatus.Accepted
                             orderby m.IsLead descending, m.Id
                             select new { m.EntryId, Profile = p })
            .ToListAsync(ct);
        var withPreview = await PreviewableAsync(entryIds, ct);
        var today = ParticipantAge.Today(clock);

        return new WinnersPage(c.Slug, c.Title, c.OrganizingBody, c.TimeZoneId, c.PublishedAt.Value, categories.Select(cat => new WinnersCategory(
            cat.Name,
            cat.Criteria,
            awards.Where(a => a.CategoryId == cat.Id).Select(a =>
            {
                var authors = PublicAuthors.Of(members.Where(m => m.EntryId == a.EntryId).Select(m => m.Profile).ToList(), c.HideRegionOfMinors, today);
                return new WinnerView(
                    a.AwardName, a.IsSpecial, a.EntryId, a.Title, authors.Names, authors.Schools, authors.Regencies,
                    a.Citation,
                    withPreview.Contains(a.EntryId) ? WinnersLinks.Preview(c.Slug, a.EntryId) : null);
            }).ToList())).ToList(), c.BannerFileName);
    }

    /// <summary>
    /// The current image of a winning entry of a published competition, when every member allowed a public preview;
    /// null for anything else (another file, an entry without an award, results not published).
    /// </summary>
    public async Task<(string StoredName, string ContentType)?> PreviewAsync(string slug, int entryId, CancellationToken ct = default)
    {
        var c = await db.Competitions.AsNoTracking().Where(x => x.Slug == slug)
            .Select(x => new { x.Id, x.Stage, x.PublishedAt }).SingleOrDefaultAsync(ct);
        if (c is null || !CertificateRules.ResultsArePublic(c.Stage, c.PublishedAt)
            || !await db.EntryAwards.AnyAsync(a => a.CompetitionId == c.Id && a.EntryId == entryId, ct)
            || !(await PreviewableAsync([entryId], ct)).Contains(entryId))
        {
            return null;
        }

        var file = await db.EntryFiles.AsNoTracking()
            .Where(f => f.EntryId == entryId && f.IsCurrent && PreviewTypes.Contains(f.ContentType))
            .OrderBy(f => f.Slot)
            .Select(f => new { f.StoredName, f.ContentType })
            .FirstOrDefaultAsync(ct);
        return file is null ? null : (file.StoredName, file.ContentType);
    }

    /// <summary>Entries (of those given) with a current image file whose every member allowed a public preview.</summary>
    private async Task<HashSet<int>> PreviewableAsync(IReadOnlyCollection<int> entryIds, CancellationToken ct)
    {
        var rows = await db.Entries.AsNoTracking()
            .Where(e => entryIds.Contains(e.Id) && e.Status == EntryStatus.Submitted)
            .Where(e => e.Files.Any(f => f.IsCurrent && PreviewTypes.Contains(f.ContentType)))
            .Where(e => e.Members.Any(m => m.InvitationStatus == MemberInvitationStatus.Accepted && m.ParticipantId != null))
            .Where(e => !e.Members.Any(m => m.InvitationStatus == MemberInvitationStatus.Accepted
                                            && !db.Participants.Any(p => p.Id == m.ParticipantId && p.AllowPublicPreview)))
            .Select(e => e.Id)
            .ToListAsync(ct);
        return rows.ToHashSet();
    }
}
