using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Entries;

/// <summary>
/// Queues a receipt for an entry (in the caller's unit of work): to the account that entered it — the student,
/// or the guardian for a pupil they manage. Reads the entry as it is tracked, so a file added in the same
/// unit of work is on the receipt.
/// </summary>
public sealed class EntryReceipts(AppDbContext db, EntryEmails emails, LinkBuilder links, TimeProvider clock)
{
    public async Task QueueAsync(Entry entry, bool isChange, CancellationToken cancellationToken = default)
    {
        var to = await db.Users.SingleOrDefaultAsync(u => u.Id == entry.CreatedByUserId, cancellationToken);
        if (to?.Email is null)
        {
            return;
        }

        var category = entry.Category;
        var competition = category.Competition;
        var files = entry.Files.Where(f => f.IsCurrent).OrderBy(f => f.Slot)
            .Select(f => new ReceiptFile(f.OriginalFileName, f.SizeBytes, f.Sha256)).ToList();
        emails.Receipt(to, new Receipt(
            competition.Title,
            category.Name,
            entry.Title,
            entry.PublicCode,
            entry.LinkUrl,
            files,
            clock.GetUtcNow().UtcDateTime,
            competition.TimeZoneId,
            isChange), links.Absolute($"/entries/{entry.Id}"));
    }
}
