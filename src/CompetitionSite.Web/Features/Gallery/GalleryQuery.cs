using System.Globalization;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Gallery;

public sealed record GalleryCategory(int Id, string Name);

/// <summary>An entry in the gallery's list: its code (its address), title, category, small picture and, once results are public, authors.</summary>
public sealed record GalleryCard(string Code, string Title, string CategoryName, string? PreviewUrl, PublicAuthorLine? Authors);

public sealed record GalleryPage(
    string Slug, string Title, string OrganizingBody, bool ShowsAuthors, IReadOnlyList<GalleryCategory> Categories,
    int? CategoryId, string? Query, PageOf<GalleryCard> Entries, string? BannerFileName);

/// <summary>One file of a gallery entry, as the public sees it: never its original name, never the original of an image.</summary>
public sealed record GalleryFile(int Id, int Number, PreviewKind Kind, string TypeLabel, long SizeBytes, string? PreviewUrl, string? OpenUrl);

public sealed record GalleryEntryPage(
    string Slug, string CompetitionTitle, string Code, string Title, string Description, string CategoryName, string? LinkUrl,
    PublicAuthorLine? Authors, IReadOnlyList<GalleryFile> Files);

/// <summary>
/// The public gallery of a competition. An entry is shown when the gallery is open (<see cref="GalleryRules"/>), it is
/// submitted (not a draft, withdrawn or disqualified), no organizer hid it, and every accepted member has agreed to
/// publication (<see cref="PublicationConsentRules"/>) — the one place these rules meet.
/// </summary>
public sealed class GalleryQuery(AppDbContext db, TimeProvider clock)
{
    public const int PageSize = 24;

    private sealed record Candidate(int Id, string Code, string Title, string CategoryName, int CategoryOrder, int CategoryId);

    /// <summary>The competition whose gallery is open now, else null.</summary>
    public async Task<Competition?> OpenCompetitionAsync(string slug, CancellationToken ct = default)
    {
        var c = await db.Competitions.AsNoTracking().SingleOrDefaultAsync(x => x.Slug == slug, ct);
        return c is not null && c.IsPublic && GalleryRules.IsOpen(c.Gallery, c.PhaseAt(clock.GetUtcNow().UtcDateTime)) ? c : null;
    }

    public async Task<GalleryPage?> PageAsync(string slug, int? categoryId, string? query, int page, CancellationToken ct = default)
    {
        if (await OpenCompetitionAsync(slug, ct) is not { } c)
        {
            return null;
        }

        var categories = await db.Categories.AsNoTracking().Where(x => x.CompetitionId == c.Id)
            .OrderBy(x => x.SortOrder).ThenBy(x => x.Id)
            .Select(x => new GalleryCategory(x.Id, x.Name)).ToListAsync(ct);
        var category = categories.FirstOrDefault(x => x.Id == categoryId)?.Id;
        var q = string.IsNullOrWhiteSpace(query) ? null : query.Trim()[..Math.Min(query.Trim().Length, 100)];

        var candidates = Shown(c.Id);
        if (category is { } only)
        {
            candidates = candidates.Where(e => e.CategoryId == only);
        }

        if (q is not null)
        {
            var lower = q.ToLower();
            candidates = candidates.Where(e => e.Title.ToLower().Contains(lower));
        }

        var list = await candidates
            .OrderBy(e => e.Category.SortOrder).ThenBy(e => e.CategoryId).ThenBy(e => e.Title).ThenBy(e => e.Id)
            .Select(e => new Candidate(e.Id, e.PublicCode, e.Title, e.Category.Name, e.Category.SortOrder, e.CategoryId))
            .ToListAsync(ct);
        var people = await MembersAsync(list.Select(e => e.Id).ToList(), ct);
        var today = ParticipantAge.Today(clock);
        var consented = list.Where(e => people.TryGetValue(e.Id, out var members) && members.All(p => PublicationConsentRules.IsGiven(p, today))).ToList();

        var shown = consented.ToPage(page, PageSize);
        var ids = shown.Items.Select(e => e.Id).ToList();
        var pictures = await db.EntryFiles.AsNoTracking()
            .Where(f => ids.Contains(f.EntryId) && f.IsCurrent && PreviewContentTypes.Images.Contains(f.ContentType))
            .OrderBy(f => f.Slot)
            .Select(f => new { f.EntryId, f.Id })
            .ToListAsync(ct);
        var showsAuthors = GalleryRules.ShowsAuthors(c.PhaseAt(clock.GetUtcNow().UtcDateTime));
        var cards = shown.Items.Select(e => new GalleryCard(
            e.Code, e.Title, e.CategoryName,
            pictures.FirstOrDefault(p => p.EntryId == e.Id) is { } pic ? GalleryLinks.Preview(c.Slug, e.Code, pic.Id, small: true) : null,
            showsAuthors ? PublicAuthors.Of(people[e.Id], c.HideRegionOfMinors, today) : null)).ToList();
        return new GalleryPage(c.Slug, c.Title, c.OrganizingBody, showsAuthors, categories, category, q, shown.With(cards), c.BannerFileName);
    }

    public async Task<GalleryEntryPage?> EntryAsync(string slug, string code, CancellationToken ct = default)
    {
        if (await OpenCompetitionAsync(slug, ct) is not { } c || await VisibleEntryIdAsync(c, code, ct) is not { } id)
        {
            return null;
        }

        var e = await db.Entries.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.PublicCode, x.Title, x.Description, x.LinkUrl, Category = x.Category.Name })
            .SingleAsync(ct);
        var files = await db.EntryFiles.AsNoTracking().Where(f => f.EntryId == id && f.IsCurrent).OrderBy(f => f.Slot)
            .Select(f => new { f.Id, f.ContentType, f.SizeBytes }).ToListAsync(ct);
        var today = ParticipantAge.Today(clock);
        var authors = GalleryRules.ShowsAuthors(c.PhaseAt(clock.GetUtcNow().UtcDateTime))
            ? PublicAuthors.Of((await MembersAsync([id], ct))[id], c.HideRegionOfMinors, today)
            : null;
        return new GalleryEntryPage(c.Slug, c.Title, e.PublicCode, e.Title, e.Description, e.Category, SafeLink(e.LinkUrl), authors,
            files.Select((f, i) =>
            {
                var kind = PreviewContentTypes.KindOf(f.ContentType);
                return new GalleryFile(f.Id, i + 1, kind, TypeLabel(f.ContentType), f.SizeBytes,
                    kind == PreviewKind.Image ? GalleryLinks.Preview(c.Slug, e.PublicCode, f.Id, small: false) : null,
                    kind is PreviewKind.Pdf or PreviewKind.Video ? GalleryLinks.File(c.Slug, e.PublicCode, f.Id) : null);
            }).ToList());
    }

    /// <summary>A current file of an entry shown in the gallery, with what the public may get of it; null for anything else.</summary>
    public async Task<(string StoredName, string ContentType, PreviewKind Kind)?> FileAsync(string slug, string code, int fileId, CancellationToken ct = default)
    {
        if (await OpenCompetitionAsync(slug, ct) is not { } c || await VisibleEntryIdAsync(c, code, ct) is not { } id)
        {
            return null;
        }

        var f = await db.EntryFiles.AsNoTracking().Where(x => x.Id == fileId && x.EntryId == id && x.IsCurrent)
            .Select(x => new { x.StoredName, x.ContentType }).SingleOrDefaultAsync(ct);
        return f is null ? null : (f.StoredName, PreviewContentTypes.Resolve(f.ContentType), PreviewContentTypes.KindOf(f.ContentType));
    }

    /// <summary>The entry with this code when the gallery shows it, else null.</summary>
    private async Task<int?> VisibleEntryIdAsync(Competition c, string code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 16)
        {
            return null;
        }

        var id = await Shown(c.Id).Where(e => e.PublicCode == code).Select(e => (int?)e.Id).SingleOrDefaultAsync(ct);
        if (id is null)
        {
            return null;
        }

        var people = await MembersAsync([id.Value], ct);
        var today = ParticipantAge.Today(clock);
        return people.TryGetValue(id.Value, out var members) && members.All(p => PublicationConsentRules.IsGiven(p, today)) ? id : null;
    }

    /// <summary>Submitted, not hidden entries of the competition (consent is checked on the members, in memory, by the domain rule).</summary>
    private IQueryable<Entry> Shown(int competitionId) => db.Entries.AsNoTracking()
        .Where(e => e.Category.CompetitionId == competitionId && e.Status == EntryStatus.Submitted && e.GalleryHiddenAt == null);

    /// <summary>The accepted members' profiles (with consents) of each entry, lead first; an entry without any is left out.</summary>
    private async Task<Dictionary<int, List<ParticipantProfile>>> MembersAsync(IReadOnlyList<int> entryIds, CancellationToken ct)
    {
        if (entryIds.Count == 0)
        {
            return [];
        }

        var members = await db.EntryMembers.AsNoTracking()
            .Where(m => entryIds.Contains(m.EntryId) && m.InvitationStatus == MemberInvitationStatus.Accepted && m.ParticipantId != null)
            .OrderByDescending(m => m.IsLead).ThenBy(m => m.Id)
            .Select(m => new { m.EntryId, ParticipantId = m.ParticipantId!.Value })
            .ToListAsync(ct);
        var ids = members.Select(m => m.ParticipantId).Distinct().ToList();
        var profiles = await db.Participants.AsNoTracking().Include(p => p.Consents).AsSplitQuery()
            .Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        return members.GroupBy(m => m.EntryId).ToDictionary(g => g.Key, g => g.Select(m => profiles[m.ParticipantId]).ToList());
    }

    /// <summary>An http(s) link as entered, or null: a link entry's address is shown only when it is a web address.</summary>
    private static string? SafeLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) ? u.AbsoluteUri : null;

    private static string TypeLabel(string contentType) => PreviewContentTypes.Resolve(contentType) switch
    {
        "image/png" => "PNG",
        "image/jpeg" => "JPEG",
        "image/webp" => "WebP",
        "application/pdf" => "PDF",
        "video/mp4" => "MP4",
        "video/webm" => "WebM",
        _ => contentType.Split('/').LastOrDefault()?.ToUpperInvariant() is { Length: > 0 and <= 12 } s ? s : "?",
    };
}

public static class GalleryLinks
{
    public static string Page(string slug) => "/lomba/" + Uri.EscapeDataString(slug) + "/galeri";

    public static string Entry(string slug, string code) => Page(slug) + "/" + Uri.EscapeDataString(code);

    public static string Preview(string slug, string code, int fileId, bool small) =>
        Entry(slug, code) + "/pratinjau/" + fileId.ToString(CultureInfo.InvariantCulture) + (small ? "" : "?besar=1");

    public static string File(string slug, string code, int fileId) => Entry(slug, code) + "/berkas/" + fileId.ToString(CultureInfo.InvariantCulture);
}
