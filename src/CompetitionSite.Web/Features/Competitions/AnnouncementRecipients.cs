using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>Who an announcement's emails go to, one per address, each in the language the person reads.</summary>
public sealed class AnnouncementRecipients(AppDbContext db, ICompetitionParticipants participants, TimeProvider clock)
{
    public async Task<IReadOnlyList<ParticipantContact>> ForAsync(int competitionId, AnnouncementAudience audience, int? categoryId, CancellationToken ct = default) =>
        audience switch
        {
            AnnouncementAudience.Everyone => await participants.EnrolledAsync(competitionId, ct),
            AnnouncementAudience.Category when categoryId is { } category => await participants.EnrolledInCategoryAsync(competitionId, category, ct),
            AnnouncementAudience.Judges => await JudgesAsync(competitionId, ct),
            AnnouncementAudience.GuardiansWithPendingConsent => await GuardiansWaitedForAsync(competitionId, ct),
            _ => [],
        };

    private async Task<IReadOnlyList<ParticipantContact>> JudgesAsync(int competitionId, CancellationToken ct)
    {
        var people = await (
            from judge in db.CompetitionJudges
            where judge.CompetitionId == competitionId
            join user in db.Users on judge.UserId equals user.Id
            where user.Email != null
            select new ParticipantContact(user.Email!, user.FullName, user.PreferredCulture))
            .ToListAsync(ct);
        return people.DistinctBy(p => p.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// The parent or guardian asked last for each minor with a draft or submitted entry whose consent is still awaited
    /// (the address the consent request went to), in the child's language.
    /// </summary>
    private async Task<IReadOnlyList<ParticipantContact>> GuardiansWaitedForAsync(int competitionId, CancellationToken ct)
    {
        var enrolled = await db.Entries
            .Where(e => e.Category.CompetitionId == competitionId && (e.Status == EntryStatus.Draft || e.Status == EntryStatus.Submitted))
            .SelectMany(e => e.Members)
            .Where(m => m.ParticipantId != null)
            .Select(m => m.ParticipantId!.Value)
            .Distinct()
            .ToListAsync(ct);
        var minors = await db.Participants.AsNoTracking()
            .Where(p => enrolled.Contains(p.Id) && p.Consents.Any(c => c.Status == ConsentStatus.Pending))
            .Include(p => p.Consents)
            .ToListAsync(ct);
        var accounts = minors.Select(p => p.UserId ?? p.GuardianUserId).OfType<string>().Distinct().ToList();
        var cultures = await db.Users.Where(u => accounts.Contains(u.Id)).Select(u => new { u.Id, u.PreferredCulture }).ToDictionaryAsync(u => u.Id, u => u.PreferredCulture, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var people = new List<ParticipantContact>();
        foreach (var child in minors)
        {
            if (ConsentRules.AwaitedRequest(child, today) is { GuardianEmail.Length: > 0 } request)
            {
                var culture = (child.UserId ?? child.GuardianUserId) is { } id ? cultures.GetValueOrDefault(id) : null;
                people.Add(new ParticipantContact(request.GuardianEmail, request.GuardianName, culture));
            }
        }

        return people.DistinctBy(p => p.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }
}
