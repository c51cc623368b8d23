using System.Globalization;
using System.Text;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Judging;

public sealed record ShortEntry(EntryFacts Entry, Shortfall Shortfall);

public sealed record CategoryRun(int CategoryId, string Name, int Added, int MaxLoad, IReadOnlyList<ShortEntry> Short);

public sealed record AutoAssignResult(string? Error, IReadOnlyList<CategoryRun> Runs, int Removed)
{
    public bool Succeeded => Error is null;
}

public enum RemoveOutcome
{
    Removed = 0,
    NeedsConfirmation = 1,
    NotFound = 2,
    Refused = 3,
}

/// <summary>
/// Assigning judges: automatically per category (<see cref="AssignmentPlanner"/>), or by hand. Every change is audited
/// and judges are told about new assignments by email. Removing a scored assignment needs a confirmation and keeps the
/// score in the audit log.
/// </summary>
public sealed class AssignJudges(AppDbContext db, JudgingQueries data, JudgingEmails emails, IAuditLog audit, IStringLocalizer<JudgingText> t)
{
    /// <summary>
    /// Assigns the competition's eligible entries (one category, or all). Existing assignments stay; unscored ones that
    /// no longer hold (entry withdrawn or without consent, a conflict declared since, the judge moved off the category)
    /// are removed first. Scored assignments are never touched.
    /// </summary>
    public async Task<AutoAssignResult> RunAsync(int competitionId, int? categoryId, CancellationToken ct = default)
    {
        var c = await db.Competitions.AsNoTracking().Include(x => x.Categories).SingleOrDefaultAsync(x => x.Id == competitionId, ct);
        if (c is null)
        {
            return new AutoAssignResult(t["The competition does not exist."], [], 0);
        }

        if (!JudgingEligibility.AllowsAssignment(data.PhaseOf(c)))
        {
            return new AutoAssignResult(t["Judges can be assigned while the competition is open for entries or being judged."], [], 0);
        }

        var categories = c.Categories.OrderBy(x => x.SortOrder).ThenBy(x => x.Id).Where(x => categoryId is null || x.Id == categoryId).ToList();
        if (categories.Count == 0)
        {
            return new AutoAssignResult(t["The category does not exist."], [], 0);
        }

        // Plans from the loads it reads: no other assignment change of this competition may slip in before the commit.
        await using var transaction = await db.Writes.BeginExclusiveAsync(ExclusiveScopes.JudgeAssignments(competitionId), ct);
        var entries = await data.SubmittedEntriesAsync(competitionId, ct: ct);
        var byId = entries.ToDictionary(e => e.Id);
        var judges = await data.JudgesAsync(competitionId, ct);
        var judgeById = judges.ToDictionary(j => j.Id);
        var assignments = await data.AssignmentsAsync(competitionId, ct);

        // Unscored assignments that no longer hold.
        var stale = assignments.Where(a => !a.HasScore && categories.Any(x => x.Id == a.CategoryId) && !StillHolds(a, byId, judgeById)).ToList();
        if (stale.Count > 0)
        {
            var staleIds = stale.Select(a => a.Id).ToList();
            await db.JudgeAssignments.Where(a => staleIds.Contains(a.Id)).ExecuteDeleteAsync(ct);
        }

        var live = assignments.Except(stale).ToList();
        var liveByEntry = live.ToLookup(a => a.EntryId, a => a.JudgeId);
        var load = judges.ToDictionary(j => j.Id, j => live.Count(a => a.JudgeId == j.Id));
        var now = data.Now;
        var runs = new List<CategoryRun>();
        var newPerJudge = new Dictionary<int, int>();
        foreach (var category in categories)
        {
            var inCategory = judges.Where(j => j.Judges(category.Id)).ToList();
            var eligible = entries.Where(e => e.CategoryId == category.Id && e.Eligible).ToList();
            var plannerEntries = eligible.Select(e => new PlannerEntry(
                e.Id,
                liveByEntry[e.Id].ToList(),
                inCategory.Where(j => j.Profile.ConflictsWith(e.Id, e.Members)).Select(j => j.Id).ToList())).ToList();
            var plan = AssignmentPlanner.Plan(
                inCategory.Select(j => new PlannerJudge(j.Id, load[j.Id], j.Cap)).ToList(), plannerEntries, c.JudgesPerEntry);
            foreach (var a in plan.Added)
            {
                db.JudgeAssignments.Add(new JudgeAssignment
                {
                    CompetitionId = competitionId,
                    CategoryId = category.Id,
                    EntryId = a.EntryId,
                    CompetitionJudgeId = a.JudgeId,
                    Source = AssignmentSource.Automatic,
                    AssignedAt = now,
                });
                load[a.JudgeId]++;
                newPerJudge[a.JudgeId] = newPerJudge.GetValueOrDefault(a.JudgeId) + 1;
            }

            runs.Add(new CategoryRun(category.Id, category.Name, plan.Added.Count, plan.MaxLoad,
                plan.Shortfalls.Select(s => new ShortEntry(byId[s.EntryId], s)).ToList()));
        }

        foreach (var (judgeId, added) in newPerJudge)
        {
            var j = judgeById[judgeId];
            emails.NewAssignments(new Recipient(j.Email, j.Name, j.Culture), c, added, load[judgeId]);
        }

        var details = new StringBuilder();
        foreach (var run in runs)
        {
            details.Append(CultureInfo.InvariantCulture, $"{run.Name}: {run.Added} assigned, largest load {run.MaxLoad}, {run.Short.Count} entries short of {c.JudgesPerEntry} judges\n");
        }

        if (stale.Count > 0)
        {
            details.Append(CultureInfo.InvariantCulture, $"Removed {stale.Count} unscored assignments that no longer hold (entry withdrawn or without consent, conflict, judge off the category)\n");
        }

        details.Append(CultureInfo.InvariantCulture, $"Judges told by email: {newPerJudge.Count}");
        audit.Record("judging.auto-assigned", "competition", Id(competitionId), details.ToString(), competitionId);
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another organizer assigned at the same moment (the same judge and entry twice): nothing of this run is kept.
            return new AutoAssignResult(t["The assignments changed while this ran (perhaps another organizer assigned at the same time). Nothing was changed; run it again."], [], 0);
        }

        return new AutoAssignResult(null, runs, stale.Count);
    }

    /// <summary>Gives an entry to one more judge by hand.</summary>
    public async Task<Outcome> AssignAsync(int competitionId, int entryId, int judgeId, CancellationToken ct = default)
    {
        var c = await data.CompetitionAsync(competitionId, ct);
        if (c is null)
        {
            return Outcome.Refused(t["The competition does not exist."]);
        }

        if (!JudgingEligibility.AllowsAssignment(data.PhaseOf(c)))
        {
            return Outcome.Refused(t["Judges can be assigned while the competition is open for entries or being judged."]);
        }

        await using var transaction = await db.Writes.BeginExclusiveAsync(ExclusiveScopes.JudgeAssignments(competitionId), ct);
        var entry = (await data.SubmittedEntriesAsync(competitionId, [entryId], ct)).SingleOrDefault();
        if (entry is not { Eligible: true })
        {
            return Outcome.Refused(t["Only a submitted entry whose members may go to judging can be assigned."]);
        }

        var judge = (await data.JudgesAsync(competitionId, ct)).SingleOrDefault(j => j.Id == judgeId);
        if (judge is null)
        {
            return Outcome.Refused(t["Choose a judge of this competition."]);
        }

        if (!judge.Judges(entry.CategoryId))
        {
            return Outcome.Refused(t["{0} does not judge this category.", judge.Name]);
        }

        if (judge.Profile.ConflictsWith(entry.Id, entry.Members))
        {
            return Outcome.Refused(t["{0} declared a conflict of interest with this entry.", judge.Name]);
        }

        if (await db.JudgeAssignments.AnyAsync(a => a.EntryId == entryId && a.CompetitionJudgeId == judgeId, ct))
        {
            return Outcome.Refused(t["{0} already has this entry.", judge.Name]);
        }

        db.JudgeAssignments.Add(new JudgeAssignment
        {
            CompetitionId = competitionId,
            CategoryId = entry.CategoryId,
            EntryId = entryId,
            CompetitionJudgeId = judgeId,
            Source = AssignmentSource.Manual,
            AssignedAt = data.Now,
        });
        var total = await db.JudgeAssignments.CountAsync(a => a.CompetitionJudgeId == judgeId, ct) + 1;
        emails.NewAssignments(new Recipient(judge.Email, judge.Name, judge.Culture), c, 1, total);
        audit.Record("judging.assigned", "entry", Id(entryId), $"Entry {entry.PublicCode} assigned by hand to {judge.Name} <{judge.Email}>", competitionId);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Outcome.Ok();
    }

    /// <summary>Takes an entry off a judge. A started or submitted score is removed only when <paramref name="confirmed"/>; its content goes to the audit log.</summary>
    public async Task<(RemoveOutcome Outcome, string? Error)> RemoveAsync(int competitionId, int assignmentId, bool confirmed, CancellationToken ct = default)
    {
        var c = await data.CompetitionAsync(competitionId, ct);
        await using var transaction = await db.Writes.BeginExclusiveAsync(ExclusiveScopes.JudgeAssignments(competitionId), ct);
        var assignment = await db.JudgeAssignments
            .Include(a => a.Scorecard!).ThenInclude(s => s.Points)
            .Include(a => a.Entry)
            .Include(a => a.Judge)
            .SingleOrDefaultAsync(a => a.Id == assignmentId && a.CompetitionId == competitionId, ct);
        if (c is null || assignment is null)
        {
            return (RemoveOutcome.NotFound, null);
        }

        if (data.PhaseOf(c) is Phase.Published or Phase.Archived)
        {
            return (RemoveOutcome.Refused, t["The results are published: assignments can no longer change."]);
        }

        if (assignment.Scorecard is not null && !confirmed)
        {
            return (RemoveOutcome.NeedsConfirmation, null);
        }

        var judge = await db.Users.AsNoTracking().Where(u => u.Id == assignment.Judge.UserId).Select(u => new { u.FullName, u.Email }).SingleAsync(ct);
        var details = $"Entry {assignment.Entry.PublicCode} taken off {judge.FullName} <{judge.Email}> by an organizer"
            + await ScoreAudit.DescribeAsync(db, assignment.Scorecard, assignment.CategoryId, ct);
        db.JudgeAssignments.Remove(assignment);
        audit.Record("judging.unassigned", "entry", Id(assignment.EntryId), details, competitionId);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (RemoveOutcome.Removed, null);
    }

    private static bool StillHolds(AssignmentRow a, Dictionary<int, EntryFacts> entries, Dictionary<int, JudgeRow> judges) =>
        entries.TryGetValue(a.EntryId, out var entry)
        && entry.Eligible
        && judges.TryGetValue(a.JudgeId, out var judge)
        && judge.Judges(a.CategoryId)
        && !judge.Profile.ConflictsWith(entry.Id, entry.Members);

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
