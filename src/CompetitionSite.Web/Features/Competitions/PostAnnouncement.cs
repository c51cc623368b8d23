using System.Globalization;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>
/// An organizer posts an announcement: it goes on the competition's page (when chosen) and one email per address goes
/// to the chosen audience through the outbox, each in the reader's language — all in one SaveChanges, audited.
/// </summary>
public sealed class PostAnnouncement(
    AppDbContext db, AnnouncementRecipients recipients, CompetitionEmails emails, IAuditLog audit, TimeProvider clock,
    IStringLocalizer<CompetitionsText> t)
{
    /// <summary>Posts it; the value is how many emails were queued.</summary>
    public async Task<Outcome<int>> PostAsync(int competitionId, AnnouncementForm form, string userId, CancellationToken ct = default)
    {
        var competition = await db.Competitions.SingleOrDefaultAsync(c => c.Id == competitionId, ct);
        if (competition is null)
        {
            return Outcome.Refused(t["The competition does not exist."]);
        }

        if (competition.PhaseAt(clock.GetUtcNow().UtcDateTime) == Phase.Archived)
        {
            return Outcome.Refused(t["An archived competition takes no announcements."]);
        }

        if (!Enum.IsDefined(form.Audience))
        {
            return Outcome.Failed(nameof(form.Audience), t["Choose who receives the announcement."]);
        }

        int? categoryId = null;
        if (form.Audience == AnnouncementAudience.Category)
        {
            if (form.CategoryId is not { } id || !await db.Categories.AnyAsync(c => c.Id == id && c.CompetitionId == competitionId, ct))
            {
                return Outcome.Failed(nameof(form.CategoryId), t["Choose one of the competition's categories."]);
            }

            categoryId = id;
        }

        if (form.Audience == AnnouncementAudience.PageOnly && !form.OnPublicPage)
        {
            return Outcome.Failed(nameof(form.OnPublicPage), t["Show the announcement on the competition page, or choose who receives it by email."]);
        }

        var announcement = new Announcement
        {
            CompetitionId = competitionId,
            Title = form.Title.Trim(),
            Body = form.Body.Trim(),
            OnPublicPage = form.OnPublicPage,
            Audience = form.Audience,
            CategoryId = categoryId,
            PostedAt = clock.GetUtcNow().UtcDateTime,
            PostedByUserId = userId,
        };
        foreach (var person in await recipients.ForAsync(competitionId, form.Audience, categoryId, ct))
        {
            emails.Announcement(person, competition, announcement);
            announcement.EmailsQueued++;
        }

        // The announcement, its emails and the audit event together: the event names the announcement's new id.
        db.Announcements.Add(announcement);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.Record("announcement.posted", "announcement", announcement.Id.ToString(CultureInfo.InvariantCulture),
            $"Title: {announcement.Title}\nOn the public page: {(announcement.OnPublicPage ? "yes" : "no")}\nAudience: {announcement.Audience}"
            + (categoryId is { } c ? $"\nCategory: {c}" : "") + $"\nEmails queued: {announcement.EmailsQueued}",
            competitionId);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Outcome<int>.Ok(announcement.EmailsQueued);
    }
}
