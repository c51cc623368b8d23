using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Gallery;

/// <summary>Where a member of an entry stands with publication consent, and what the person looking can do about it.</summary>
public sealed record MemberPublication(string Name, bool Consented, bool IsMinor, bool ViewerIsTheMember, bool ViewerIsTheGuardian);

/// <summary>
/// An entry and the gallery, for its entry pages: whether the competition has a gallery and when, whether the entry is
/// (or will be) shown, and if not, why — hidden by an organizer, or a member without publication consent.
/// </summary>
public sealed record GalleryStatusView(
    int EntryId, string Slug, string Code, GalleryMode Mode, bool OpenNow, bool Submitted, DateTime? HiddenAt, string? HiddenReason,
    IReadOnlyList<MemberPublication> Members, bool ForOrganizer, string TimeZoneId)
{
    public bool AllConsented => Members.Count > 0 && Members.All(m => m.Consented);

    /// <summary>Shown in the gallery now (the same rules as <see cref="GalleryQuery"/>).</summary>
    public bool ShownNow => OpenNow && Submitted && HiddenAt is null && AllConsented;
}

/// <summary>The gallery box on an entry's page (the student's, or the organizer's with the hide and show forms).</summary>
public sealed class GalleryStatusViewComponent(AppDbContext db, TimeProvider clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int entryId, bool forOrganizer)
    {
        var e = await db.Entries.AsNoTracking().Where(x => x.Id == entryId)
            .Select(x => new { x.Id, x.PublicCode, x.Status, x.GalleryHiddenAt, x.GalleryHiddenReason, Competition = x.Category.Competition })
            .SingleOrDefaultAsync();
        if (e is null || e.Competition.Gallery == GalleryMode.Off)
        {
            return Content("");
        }

        var viewer = Entries.EntryAccess.UserIdOf(UserClaimsPrincipal);
        var memberIds = await db.EntryMembers.AsNoTracking()
            .Where(m => m.EntryId == entryId && m.InvitationStatus == MemberInvitationStatus.Accepted && m.ParticipantId != null)
            .OrderByDescending(m => m.IsLead).ThenBy(m => m.Id)
            .Select(m => m.ParticipantId!.Value).ToListAsync();
        var profiles = await db.Participants.AsNoTracking().Include(p => p.Consents).Where(p => memberIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id);
        var today = ParticipantAge.Today(clock);
        var members = memberIds.Select(id => profiles[id]).Select(p => new MemberPublication(
            p.FullName, PublicationConsentRules.IsGiven(p, today), p.IsMinorOn(today),
            p.UserId is not null && p.UserId == viewer, p.GuardianUserId is not null && p.GuardianUserId == viewer)).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        return View("/Features/Gallery/Views/_GalleryStatus.cshtml", new GalleryStatusView(
            e.Id, e.Competition.Slug, e.PublicCode, e.Competition.Gallery,
            e.Competition.IsPublic && GalleryRules.IsOpen(e.Competition.Gallery, e.Competition.PhaseAt(now)),
            e.Status == EntryStatus.Submitted, e.GalleryHiddenAt, e.GalleryHiddenReason, members, forOrganizer, e.Competition.TimeZoneId));
    }
}
