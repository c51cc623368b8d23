using CompetitionSite.Web.Data;
using CompetitionSite.Web.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Results;

/// <summary>
/// Who receives a participant's result: the student's own account, or the guardian's account for a pupil without one
/// (the same rule as <see cref="Participants.ParticipantDirectory.RecipientForAsync"/>, for many participants in one query).
/// </summary>
public sealed class ResultRecipients(AppDbContext db)
{
    public async Task<Dictionary<int, ResultRecipient>> ForAsync(IEnumerable<MemberInfo> members, CancellationToken ct = default)
    {
        var list = members.DistinctBy(m => m.ParticipantId).ToList();
        var accountIds = list.Select(m => m.UserId ?? m.GuardianUserId).OfType<string>().Distinct().ToList();
        var accounts = new Dictionary<string, ResultRecipient>(StringComparer.Ordinal);
        foreach (var chunk in accountIds.Chunk(500))
        {
            var rows = await db.Users.AsNoTracking()
                .Where(u => chunk.Contains(u.Id) && u.Email != null)
                .Select(u => new { u.Id, u.Email, u.FullName, u.PreferredCulture })
                .ToListAsync(ct);
            foreach (var u in rows)
            {
                accounts[u.Id] = new ResultRecipient(u.Email!, u.FullName, LocalizationSetup.Normalize(u.PreferredCulture));
            }
        }

        var result = new Dictionary<int, ResultRecipient>();
        foreach (var m in list)
        {
            if ((m.UserId ?? m.GuardianUserId) is { } id && accounts.TryGetValue(id, out var person))
            {
                result[m.ParticipantId] = person;
            }
        }

        return result;
    }
}
