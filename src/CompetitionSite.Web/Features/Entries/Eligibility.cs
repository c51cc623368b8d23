using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Entries;

public enum IneligibleReason
{
    NotOpen,
    ProfileIncomplete,
    Level,
    Grade,
    LimitReached,
    AlreadyInEntry,
}

/// <summary>May this participant enter (or join a team entry in) this category now? Checked on the server every time.</summary>
public sealed class Eligibility(AppDbContext db, TimeProvider clock)
{
    /// <summary>A profile has what running a competition needs: name, birth date, school, level, grade and region.</summary>
    public static bool IsComplete(ParticipantProfile p) =>
        !string.IsNullOrWhiteSpace(p.FullName)
        && p.DateOfBirth != default
        && !string.IsNullOrWhiteSpace(p.SchoolName)
        && p.Level is SchoolLevels.SD or SchoolLevels.SMP or SchoolLevels.SMA
        && p.Grade is >= 1 and <= 12
        && !string.IsNullOrWhiteSpace(p.Province)
        && !string.IsNullOrWhiteSpace(p.Regency);

    /// <summary>Every reason this participant can't enter the category now (empty: eligible).</summary>
    public async Task<IReadOnlyList<IneligibleReason>> CheckAsync(ParticipantProfile participant, Category category, int? joiningEntryId = null,
        CancellationToken cancellationToken = default)
    {
        var reasons = new List<IneligibleReason>();
        var now = clock.GetUtcNow().UtcDateTime;
        if (CompetitionPhases.Compute(category.Competition, now) != Phase.Open)
        {
            reasons.Add(IneligibleReason.NotOpen);
        }

        if (!IsComplete(participant))
        {
            reasons.Add(IneligibleReason.ProfileIncomplete);
        }
        else
        {
            if (!category.AllowsLevel(participant.Level))
            {
                reasons.Add(IneligibleReason.Level);
            }

            if (!category.AllowsGrade(participant.Grade))
            {
                reasons.Add(IneligibleReason.Grade);
            }
        }

        var memberships = await db.EntryMembers
            .Where(m => m.ParticipantId == participant.Id && m.InvitationStatus == MemberInvitationStatus.Accepted)
            .Join(db.Entries, m => m.EntryId, e => e.Id, (m, e) => new { e.Id, e.CategoryId, e.Status })
            .Where(e => e.CategoryId == category.Id && e.Status != EntryStatus.Withdrawn)
            .Select(e => e.Id)
            .ToListAsync(cancellationToken);
        if (joiningEntryId is { } joining && memberships.Contains(joining))
        {
            reasons.Add(IneligibleReason.AlreadyInEntry);
        }
        else if (memberships.Count >= Math.Max(1, category.MaxEntriesPerParticipant))
        {
            reasons.Add(IneligibleReason.LimitReached);
        }

        return reasons;
    }
}
