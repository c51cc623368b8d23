using CompetitionSite.Web.Data;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Gallery;

/// <summary>
/// An organizer hides an entry from the public gallery (with a reason) or shows it again. Only the gallery fields
/// change: the entry's status, its judging and its version (a student editing it meanwhile is not disturbed) stay as
/// they are. Each change is audited in the same SaveChanges, which also evicts the cached gallery pages.
/// </summary>
public sealed class GalleryVisibility(AppDbContext db, IAuditLog audit, TimeProvider clock, IStringLocalizer<GalleryText> t)
{
    public const int MaxReasonLength = 500;

    public async Task<Outcome?> HideAsync(int entryId, string? reason, CancellationToken ct = default)
    {
        var entry = await db.Entries.Include(e => e.Category).SingleOrDefaultAsync(e => e.Id == entryId, ct);
        if (entry is null)
        {
            return null;
        }

        var text = (reason ?? "").Trim();
        if (text.Length == 0)
        {
            return Outcome.Refused(t["Give the reason for hiding the entry from the gallery."]);
        }

        if (text.Length > MaxReasonLength)
        {
            return Outcome.Refused(t["The reason is too long (at most {0} characters).", MaxReasonLength]);
        }

        if (entry.GalleryHiddenAt is not null)
        {
            return Outcome.Refused(t["This entry is already hidden from the gallery."]);
        }

        entry.GalleryHiddenAt = clock.GetUtcNow().UtcDateTime;
        entry.GalleryHiddenReason = text;
        audit.Record("entry.gallery-hidden", "entry", entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{entry.PublicCode}: {text}", entry.Category.CompetitionId);
        await db.SaveChangesAsync(ct);
        return Outcome.Ok();
    }

    public async Task<Outcome?> ShowAsync(int entryId, CancellationToken ct = default)
    {
        var entry = await db.Entries.Include(e => e.Category).SingleOrDefaultAsync(e => e.Id == entryId, ct);
        if (entry is null)
        {
            return null;
        }

        if (entry.GalleryHiddenAt is null)
        {
            return Outcome.Refused(t["This entry is not hidden from the gallery."]);
        }

        entry.GalleryHiddenAt = null;
        entry.GalleryHiddenReason = null;
        audit.Record("entry.gallery-shown", "entry", entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.PublicCode, entry.Category.CompetitionId);
        await db.SaveChangesAsync(ct);
        return Outcome.Ok();
    }
}
