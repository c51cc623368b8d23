using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Judging;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Judging;

/// <summary>What is left for a judge: the read behind the queue page and the previous/next links of the scoring page.</summary>
public sealed class JudgeQueue(AppDbContext db, JudgingQueries data)
{
    /// <summary>The judge's entries that are still theirs to score: eligible, free of conflicts; not started and drafts first.</summary>
    public async Task<List<QueueItem>> ItemsAsync(CompetitionJudge judge, CancellationToken ct = default)
    {
        var rows = await db.JudgeAssignments.AsNoTracking()
            .Where(a => a.CompetitionJudgeId == judge.Id)
            .Select(a => new
            {
                a.EntryId,
                a.CategoryId,
                Status = a.Scorecard == null ? (ScoreStatus?)null : a.Scorecard.Status,
                UpdatedAt = a.Scorecard == null ? (DateTime?)null : a.Scorecard.UpdatedAt,
            })
            .ToListAsync(ct);
        var facts = (await data.SubmittedEntriesAsync(judge.CompetitionId, rows.Select(r => r.EntryId).ToList(), ct)).ToDictionary(e => e.Id);
        var categories = await db.Categories.AsNoTracking().Where(c => c.CompetitionId == judge.CompetitionId).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var profile = new ConflictProfile(judge.Conflicts);
        return rows
            .Where(r => facts.TryGetValue(r.EntryId, out var e) && e.Eligible && !profile.ConflictsWith(e.Id, e.Members))
            .Select(r => new QueueItem(facts[r.EntryId].PublicCode, facts[r.EntryId].Title, categories.GetValueOrDefault(r.CategoryId, ""), r.Status, r.UpdatedAt))
            .OrderBy(i => i.Status switch { ScoreStatus.Draft => 0, null => 1, _ => 2 })
            .ThenBy(i => i.Category).ThenBy(i => i.Code)
            .ToList();
    }
}
