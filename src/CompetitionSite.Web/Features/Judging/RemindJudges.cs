using System.Globalization;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Infrastructure.Auditing;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Judging;

/// <summary>Organizers remind the judges they choose (those with entries not yet submitted) by email.</summary>
public sealed class RemindJudges(AppDbContext db, JudgingQueries data, JudgingEmails emails, IAuditLog audit)
{
    /// <summary>Returns how many judges were reminded (judges with nothing left are skipped).</summary>
    public async Task<int> RemindAsync(int competitionId, IReadOnlyCollection<int> judgeIds, CancellationToken ct = default)
    {
        var c = await data.CompetitionAsync(competitionId, ct);
        if (c is null || judgeIds.Count == 0)
        {
            return 0;
        }

        var judges = (await data.JudgesAsync(competitionId, ct)).Where(j => judgeIds.Contains(j.Id)).ToList();
        var counts = await db.JudgeAssignments.AsNoTracking()
            .Where(a => a.CompetitionId == competitionId)
            .GroupBy(a => a.CompetitionJudgeId)
            .Select(g => new { JudgeId = g.Key, Total = g.Count(), Submitted = g.Count(a => a.Scorecard != null && a.Scorecard.Status == ScoreStatus.Submitted) })
            .ToDictionaryAsync(x => x.JudgeId, ct);
        var reminded = new List<string>();
        var ids = new List<int>();
        foreach (var j in judges)
        {
            if (!counts.TryGetValue(j.Id, out var n) || n.Total == n.Submitted)
            {
                continue;
            }

            emails.Reminder(new Recipient(j.Email, j.Name, j.Culture), c, n.Total - n.Submitted, n.Total);
            reminded.Add($"{j.Name} <{j.Email}>: {n.Total - n.Submitted} of {n.Total} left");
            ids.Add(j.Id);
        }

        if (ids.Count == 0)
        {
            return 0;
        }

        var now = data.Now;
        foreach (var judge in await db.CompetitionJudges.Where(j => ids.Contains(j.Id)).ToListAsync(ct))
        {
            judge.LastRemindedAt = now;
        }

        audit.Record("judging.reminded", "competition", competitionId.ToString(CultureInfo.InvariantCulture), string.Join("\n", reminded), competitionId);
        await db.SaveChangesAsync(ct);
        return ids.Count;
    }
}
