using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Competitions;

public sealed record CompetitionCard(
    int Id, string Slug, string Title, string Summary, string OrganizingBody, string TimeZoneId,
    DateTime OpensAt, DateTime SubmissionClosesAt, DateTime ResultsAnnouncedAt, DateTime? PublishedAt,
    string? BannerFileName, int CategoryCount);

public sealed record HomeListings(
    DateTime NowUtc,
    IReadOnlyList<CompetitionCard> OpenNow,
    IReadOnlyList<CompetitionCard> Upcoming,
    IReadOnlyList<CompetitionCard> BeingJudged,
    IReadOnlyList<CompetitionCard> Past);

public sealed record BannerInfo(CompetitionStage Stage, DateTime? OpenedAt, string ContentType);

public sealed record TierInfo(string Name, int Count, bool IsSpecial);

public sealed record CategoryInfo(
    int Id, string Name, string Description, SchoolLevels Levels, int MinGrade, int MaxGrade, EntryKind Kind,
    string AllowedExtensions, int MaxFileSizeMb, int MaxFilesPerEntry, int MaxEntriesPerParticipant,
    bool IsTeam, int MinTeamSize, int MaxTeamSize, List<TierInfo> Tiers)
{
    public IReadOnlyList<string> Extensions => AllowedExtensions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public sealed record CompetitionPageData(
    int Id, string Slug, string Title, string Summary, string DescriptionMarkdown, string RulesMarkdown,
    string OrganizingBody, string ContactEmail, string? BannerFileName, string TimeZoneId,
    DateTime OpensAt, DateTime SubmissionClosesAt, DateTime JudgingEndsAt, DateTime ResultsAnnouncedAt,
    int GraceMinutes, CompetitionStage Stage, DateTime? OpenedAt, DateTime? PublishedAt, List<CategoryInfo> Categories,
    GalleryMode Gallery = GalleryMode.Off)
{
    public bool IsPublic => CompetitionPhases.IsPublic(Stage, OpenedAt);

    public Phase PhaseAt(DateTime nowUtc) => CompetitionPhases.Compute(
        new Competition { Stage = Stage, OpensAt = OpensAt, SubmissionClosesAt = SubmissionClosesAt, JudgingEndsAt = JudgingEndsAt, ResultsAnnouncedAt = ResultsAnnouncedAt },
        nowUtc);
}

/// <summary>What the public reads: read-only projections, no tracking, one query per list.</summary>
public sealed class CompetitionListings(AppDbContext db, TimeProvider clock)
{
    private const int PastShown = 12;

    public async Task<HomeListings> HomeAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var live = await Cards(db.Competitions
                .Where(c => c.Stage == CompetitionStage.Live)
                .OrderBy(c => c.SubmissionClosesAt))
            .ToListAsync(ct);
        var past = await Cards(db.Competitions
                .Where(c => c.Stage == CompetitionStage.Published || (c.Stage == CompetitionStage.Archived && c.PublishedAt != null))
                .OrderByDescending(c => c.PublishedAt)
                .Take(PastShown))
            .ToListAsync(ct);
        return new HomeListings(
            now,
            live.Where(c => c.OpensAt <= now && now < c.SubmissionClosesAt).ToList(),
            live.Where(c => now < c.OpensAt).OrderBy(c => c.OpensAt).ToList(),
            live.Where(c => c.SubmissionClosesAt <= now).OrderBy(c => c.ResultsAnnouncedAt).ToList(),
            past);
    }

    public Task<CompetitionPageData?> PageAsync(string slug, CancellationToken ct = default) =>
        db.Competitions.AsNoTracking()
            .Where(c => c.Slug == slug)
            .Select(c => new CompetitionPageData(
                c.Id, c.Slug, c.Title, c.Summary, c.DescriptionMarkdown, c.RulesMarkdown, c.OrganizingBody, c.ContactEmail,
                c.BannerFileName, c.TimeZoneId, c.OpensAt, c.SubmissionClosesAt, c.JudgingEndsAt, c.ResultsAnnouncedAt,
                c.GraceMinutes, c.Stage, c.OpenedAt, c.PublishedAt,
                c.Categories.OrderBy(x => x.SortOrder).ThenBy(x => x.Id).Select(x => new CategoryInfo(
                    x.Id, x.Name, x.Description, x.Levels, x.MinGrade, x.MaxGrade, x.Kind, x.AllowedExtensions, x.MaxFileSizeMb,
                    x.MaxFilesPerEntry, x.MaxEntriesPerParticipant, x.IsTeam, x.MinTeamSize, x.MaxTeamSize,
                    x.AwardTiers.OrderBy(a => a.Order).Select(a => new TierInfo(a.Name, a.Count, a.IsSpecial)).ToList())).ToList(),
                c.Gallery))
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);

    /// <summary>The banner of a competition, if <paramref name="fileName"/> is its current one.</summary>
    public Task<BannerInfo?> BannerAsync(string slug, string fileName, CancellationToken ct = default) =>
        db.Competitions.AsNoTracking()
            .Where(c => c.Slug == slug && c.BannerFileName == fileName)
            .Select(c => new BannerInfo(c.Stage, c.OpenedAt, c.BannerContentType ?? "application/octet-stream"))
            .SingleOrDefaultAsync(ct);

    private static IQueryable<CompetitionCard> Cards(IQueryable<Competition> query) =>
        query.AsNoTracking().Select(c => new CompetitionCard(
            c.Id, c.Slug, c.Title, c.Summary, c.OrganizingBody, c.TimeZoneId, c.OpensAt, c.SubmissionClosesAt,
            c.ResultsAnnouncedAt, c.PublishedAt, c.BannerFileName, c.Categories.Count));
}
