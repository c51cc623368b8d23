using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Participants;

/// <summary>Who should receive a participant's emails: the student's own account, else the managing guardian's.</summary>
public sealed record ParticipantRecipient(string Email, string Name, string Culture, bool IsGuardian);

/// <summary>
/// Finds participants for other features (entries, judging, results). Profiles come with their consent rows,
/// tracked by the request's <see cref="AppDbContext"/>.
/// </summary>
public sealed class ParticipantDirectory(AppDbContext db, TimeProvider clock)
{
    /// <summary>The profile of a student's own account, or null when they have not filled it in yet.</summary>
    public Task<ParticipantProfile?> ForStudentAsync(string userId) =>
        db.Participants.Include(p => p.Consents).SingleOrDefaultAsync(p => p.UserId == userId);

    /// <summary>The pupils a guardian account manages, by name.</summary>
    public async Task<IReadOnlyList<ParticipantProfile>> ManagedByAsync(string guardianUserId) =>
        await db.Participants.Include(p => p.Consents)
            .Where(p => p.GuardianUserId == guardianUserId)
            .OrderBy(p => p.FullName).ThenBy(p => p.Id)
            .ToListAsync();

    /// <summary>True when the account is the participant's own or the guardian account that manages them.</summary>
    public Task<bool> CanActForAsync(string userId, int participantId) =>
        db.Participants.AnyAsync(p => p.Id == participantId && (p.UserId == userId || p.GuardianUserId == userId));

    /// <summary>The participant's consent state on <paramref name="today"/> (see <see cref="ConsentRules.StateOf"/>).</summary>
    public static ConsentState ConsentStateOf(ParticipantProfile p, DateOnly today) => ConsentRules.StateOf(p, today);

    /// <summary>Today's date in WIB, the day ages are counted on.</summary>
    public DateOnly Today() => ParticipantAge.Today(clock);

    /// <summary>Where emails meant for the participant go: their own account, or the guardian's for a managed pupil.</summary>
    public async Task<ParticipantRecipient?> RecipientForAsync(ParticipantProfile participant)
    {
        var accountId = participant.UserId ?? participant.GuardianUserId;
        if (accountId is null)
        {
            return null;
        }

        var account = await db.Users.Where(u => u.Id == accountId)
            .Select(u => new { u.Email, u.FullName, u.PreferredCulture })
            .SingleOrDefaultAsync();
        return account?.Email is null
            ? null
            : new ParticipantRecipient(account.Email, account.FullName, LocalizationSetup.Normalize(account.PreferredCulture), participant.UserId is null);
    }
}
