using System.Security.Claims;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Entries;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Entries;

/// <summary>What a person may do with an entry. Anyone without a relation to it gets a 404, never a hint that it exists.</summary>
public enum EntryRelation
{
    None = 0,

    /// <summary>An accepted teammate, or the guardian of one: may see the entry and its files.</summary>
    Teammate = 1,

    /// <summary>An organizer: may see everything (changes go through the organizers' pages).</summary>
    Organizer = 2,

    /// <summary>The person who entered: the lead student, the account that created the entry, or the lead's guardian.</summary>
    Owner = 3,
}

/// <summary>Who may see and change an entry (the "which object" part of every permission check).</summary>
public sealed class EntryAccess(AppDbContext db)
{
    public static string UserIdOf(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    public async Task<EntryRelation> RelationAsync(int entryId, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var userId = UserIdOf(user);
        if (userId.Length == 0)
        {
            return EntryRelation.None;
        }

        var entry = await db.Entries.Where(e => e.Id == entryId)
            .Select(e => new
            {
                e.CreatedByUserId,
                Members = e.Members
                    .Where(m => m.ParticipantId != null && m.InvitationStatus == MemberInvitationStatus.Accepted)
                    .Join(db.Participants, m => m.ParticipantId, p => p.Id, (m, p) => new { m.IsLead, p.UserId, p.GuardianUserId })
                    .ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (entry is null)
        {
            return EntryRelation.None;
        }

        if (entry.CreatedByUserId == userId || entry.Members.Any(m => m.IsLead && (m.UserId == userId || m.GuardianUserId == userId)))
        {
            return EntryRelation.Owner;
        }

        if (user.IsInRole(Roles.Organizer))
        {
            return EntryRelation.Organizer;
        }

        return entry.Members.Any(m => m.UserId == userId || m.GuardianUserId == userId) ? EntryRelation.Teammate : EntryRelation.None;
    }

    /// <summary>Ids of the entries a person takes part in, entered, or looks after as a guardian.</summary>
    public IQueryable<int> EntryIdsOf(string userId) =>
        db.Entries.Where(e => e.CreatedByUserId == userId
                              || e.Members.Any(m => m.InvitationStatus == MemberInvitationStatus.Accepted
                                                    && db.Participants.Any(p => p.Id == m.ParticipantId && (p.UserId == userId || p.GuardianUserId == userId))))
            .Select(e => e.Id);
}
