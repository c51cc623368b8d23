using System.Globalization;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Judging;

/// <summary>What organizers read about judging: the overview with shortfalls, the assignments, progress and the scores export.</summary>
public sealed class JudgingProgress(AppDbContext db, JudgingQueries data, IStringLocalizer<JudgingText> t)
{
    private const int ListLimit = 50;

    private sealed record ScoreRow(int AssignmentId, int JudgeId, int EntryId, int CategoryId, AssignmentSource Source, ScoreStatus? Status,
        Dictionary<int, int> Points, double? Total, DateTime? SubmittedAt, DateTime? UpdatedAt);

    public async Task<JudgingOverview?> OverviewAsync(int competitionId, CancellationToken ct = default)
    {
        var c = await db.Competitions.AsNoTracking().Include(x => x.Categories).ThenInclude(x => x.Rubric).AsSplitQuery()
            .SingleOrDefaultAsync(x => x.Id == competitionId, ct);
        if (c is null)
        {
            return null;
        }

        var entries = await data.SubmittedEntriesAsync(competitionId, ct: ct);
        var judges = await data.JudgesAsync(competitionId, ct);
        var assignments = await data.AssignmentsAsync(competitionId, ct);
        var assignedByEntry = assignments.ToLookup(a => a.EntryId);
        var load = assignments.GroupBy(a => a.JudgeId).ToDictionary(g => g.Key, g => g.Count());
        var n = c.JudgesPerEntry;

        var categories = new List<CategoryOverview>();
        var shortfalls = new List<ShortfallRow>();
        foreach (var cat in c.Categories.OrderBy(x => x.SortOrder).ThenBy(x => x.Id))
        {
            var inCategory = judges.Where(j => j.Judges(cat.Id)).ToList();
            var eligible = entries.Where(e => e.CategoryId == cat.Id && e.Eligible).ToList();
            var shortHere = 0;
            foreach (var e in eligible)
            {
                var has = assignedByEntry[e.Id].Count();
                if (has >= n)
                {
                    continue;
                }

                shortHere++;
                var assignedJudges = assignedByEntry[e.Id].Select(a => a.JudgeId).ToHashSet();
                var conflicted = inCategory.Count(j => j.Profile.ConflictsWith(e.Id, e.Members));
                var open = inCategory.Where(j => !assignedJudges.Contains(j.Id) && !j.Profile.ConflictsWith(e.Id, e.Members)).ToList();
                ShortfallReason? reason = inCategory.Count == 0 ? ShortfallReason.NoJudges
                    : inCategory.Count < n ? ShortfallReason.TooFewJudges
                    : inCategory.Count - conflicted < n ? ShortfallReason.Conflicts
                    : open.All(j => j.Cap is { } cap && load.GetValueOrDefault(j.Id) >= cap) ? ShortfallReason.JudgesFull
                    : null; // judges are free: the automatic assignment has not run since the entry came in
                shortfalls.Add(new ShortfallRow(e.Id, e.PublicCode, e.Title, cat.Name, has, n, reason, inCategory.Count, conflicted));
            }

            var inCat = assignments.Where(a => a.CategoryId == cat.Id).ToList();
            categories.Add(new CategoryOverview(cat.Id, cat.Name, cat.Rubric is not null, eligible.Count,
                entries.Count(e => e.CategoryId == cat.Id && !e.Eligible), inCategory.Count, inCat.Count,
                inCat.Count(a => a.Status == ScoreStatus.Submitted), shortHere));
        }

        var pending = await db.JudgeInvitations.CountAsync(i => i.CompetitionId == competitionId && i.Status == InvitationStatus.Pending && i.ExpiresAt > data.Now, ct);
        var phase = data.PhaseOf(c);
        return new JudgingOverview(c, phase, categories, shortfalls.Take(ListLimit).ToList(), shortfalls.Count, judges.Count, pending,
            JudgingEligibility.AllowsAssignment(phase));
    }

    public async Task<CategoryPage?> CategoryAsync(int competitionId, int categoryId, bool onlyShort, int page, CancellationToken ct = default)
    {
        var c = await data.CompetitionAsync(competitionId, ct);
        var category = await db.Categories.AsNoTracking().SingleOrDefaultAsync(x => x.Id == categoryId && x.CompetitionId == competitionId, ct);
        if (c is null || category is null)
        {
            return null;
        }

        const int pageSize = 100;
        var entries = (await data.SubmittedEntriesAsync(competitionId, ct: ct)).Where(e => e.CategoryId == categoryId && e.Eligible).ToList();
        var scores = await ScoresAsync(competitionId, ct);
        var judges = (await data.JudgesAsync(competitionId, ct)).ToDictionary(j => j.Id);
        var byEntry = scores.ToLookup(s => s.EntryId);
        var rows = entries
            .Select(e => new EntryAssignmentRow(e.Id, e.PublicCode, e.Title,
                byEntry[e.Id].Select(s => Assigned(s, judges)).ToList(), c.JudgesPerEntry))
            .Where(r => !onlyShort || r.Judges.Count < r.Wanted)
            .ToList();
        return new CategoryPage(competitionId, c.Title, categoryId, category.Name, rows.ToPage(page, pageSize), onlyShort);
    }

    public async Task<EntryAssignPage?> EntryAsync(int competitionId, int entryId, CancellationToken ct = default)
    {
        var c = await data.CompetitionAsync(competitionId, ct);
        var entry = c is null ? null : (await data.SubmittedEntriesAsync(competitionId, [entryId], ct)).SingleOrDefault();
        if (c is null || entry is null)
        {
            return null;
        }

        var category = await db.Categories.AsNoTracking().SingleAsync(x => x.Id == entry.CategoryId, ct);
        var judges = await data.JudgesAsync(competitionId, ct);
        var byId = judges.ToDictionary(j => j.Id);
        var scores = await ScoresAsync(competitionId, ct);
        var assigned = scores.Where(s => s.EntryId == entryId).Select(s => Assigned(s, byId)).ToList();
        var taken = scores.Where(s => s.EntryId == entryId).Select(s => s.JudgeId).ToHashSet();
        var load = scores.GroupBy(s => s.JudgeId).ToDictionary(g => g.Key, g => g.Count());
        var candidates = judges.Where(j => !taken.Contains(j.Id))
            .Select(j => new CandidateJudge(j.Id, j.Name, load.GetValueOrDefault(j.Id), j.Profile.ConflictsWith(entry.Id, entry.Members), j.Judges(entry.CategoryId)))
            .OrderBy(j => j.Conflict || !j.InCategory).ThenBy(j => j.Load).ThenBy(j => j.Name)
            .ToList();
        return new EntryAssignPage(competitionId, c.Title, entryId, entry.PublicCode, entry.Title, category.Id, category.Name, entry.Eligible,
            c.JudgesPerEntry, assigned, candidates, JudgingEligibility.AllowsAssignment(data.PhaseOf(c)));
    }

    public async Task<RemoveAssignmentPage?> RemovalAsync(int competitionId, int assignmentId, CancellationToken ct = default)
    {
        var a = await db.JudgeAssignments.AsNoTracking()
            .Include(x => x.Scorecard)
            .Include(x => x.Entry)
            .Include(x => x.Judge)
            .SingleOrDefaultAsync(x => x.Id == assignmentId && x.CompetitionId == competitionId, ct);
        if (a?.Scorecard is null)
        {
            return null;
        }

        var name = await db.Users.Where(u => u.Id == a.Judge.UserId).Select(u => u.FullName).SingleAsync(ct);
        return new RemoveAssignmentPage(competitionId, a.Id, a.EntryId, a.Entry.PublicCode, name, a.Scorecard.Status,
            ScoreRules.Rounded(a.Scorecard.WeightedTotal));
    }

    public async Task<ProgressPage?> ProgressAsync(int competitionId, CancellationToken ct = default)
    {
        var c = await db.Competitions.AsNoTracking().Include(x => x.Categories).SingleOrDefaultAsync(x => x.Id == competitionId, ct);
        if (c is null)
        {
            return null;
        }

        var entries = (await data.SubmittedEntriesAsync(competitionId, ct: ct)).Where(e => e.Eligible).ToList();
        var judges = await data.JudgesAsync(competitionId, ct);
        var scores = await ScoresAsync(competitionId, ct);
        var rubrics = await RubricsAsync(competitionId, ct);
        var byEntry = scores.ToLookup(s => s.EntryId);
        var n = c.JudgesPerEntry;

        var categories = c.Categories.OrderBy(x => x.SortOrder).ThenBy(x => x.Id).Select(cat =>
        {
            var es = entries.Where(e => e.CategoryId == cat.Id).ToList();
            var ss = scores.Where(s => s.CategoryId == cat.Id).ToList();
            var complete = es.Count(e => byEntry[e.Id].Count(s => s.Status == ScoreStatus.Submitted) >= n);
            return new CategoryProgress(cat.Id, cat.Name, es.Count, ss.Count, ss.Count(s => s.Status is null), ss.Count(s => s.Status == ScoreStatus.Draft),
                ss.Count(s => s.Status == ScoreStatus.Submitted), complete, es.Count - complete);
        }).ToList();

        var allTotals = new List<decimal>();
        var judgeRows = judges.Select(j =>
        {
            var mine = scores.Where(s => s.JudgeId == j.Id).ToList();
            var totals = mine.Where(s => s.Status == ScoreStatus.Submitted)
                .Select(s => ScoreRules.Rounded(s.Total ?? 0)).ToList();
            allTotals.AddRange(totals);
            var (mean, sd) = ScoreRules.Spread(totals);
            return new JudgeProgress(j.Id, j.Name, j.Email, mine.Count, mine.Count(s => s.Status == ScoreStatus.Draft),
                mine.Count(s => s.Status == ScoreStatus.Submitted), totals.Count > 0 ? mean : null, totals.Count > 0 ? sd : null, j.LastRemindedAt);
        }).ToList();

        var categoryNames = c.Categories.ToDictionary(x => x.Id, x => x.Name);
        var missing = entries
            .Select(e => new MissingScoreRow(e.Id, e.PublicCode, e.Title, categoryNames[e.CategoryId],
                byEntry[e.Id].Count(s => s.Status == ScoreStatus.Submitted), byEntry[e.Id].Count(), n))
            .Where(r => r.Submitted < n)
            .OrderBy(r => r.Submitted).ThenBy(r => r.Category).ThenBy(r => r.Code)
            .ToList();
        return new ProgressPage(competitionId, c.Title, data.PhaseOf(c), c.TimeZoneId, n, categories, judgeRows, missing.Take(ListLimit).ToList(), missing.Count,
            allTotals.Count > 0 ? ScoreRules.Spread(allTotals).Mean : null);
    }

    /// <summary>
    /// Every score as CSV (<see cref="CsvWriter"/>, in the current UI culture; times in the competition's zone): one row
    /// per judge × entry × criterion, assignments not started included.
    /// </summary>
    public async Task<bool> WriteCsvAsync(int competitionId, Stream output, CancellationToken ct = default)
    {
        var c = await db.Competitions.AsNoTracking().Include(x => x.Categories).SingleOrDefaultAsync(x => x.Id == competitionId, ct);
        if (c is null)
        {
            return false;
        }

        var scores = await ScoresAsync(competitionId, ct);
        var rubrics = await RubricsAsync(competitionId, ct);
        var judges = (await data.JudgesAsync(competitionId, ct)).ToDictionary(j => j.Id);
        var entryIds = scores.Select(s => s.EntryId).Distinct().ToList();
        var entries = await db.Entries.AsNoTracking().Where(e => entryIds.Contains(e.Id))
            .Select(e => new { e.Id, e.PublicCode, e.Title }).ToDictionaryAsync(e => e.Id, ct);
        var categories = c.Categories.ToDictionary(x => x.Id, x => x.Name);

        await using var csv = new CsvWriter(output, CultureInfo.CurrentUICulture);
        await csv.RowAsync([
            t["Competition"], t["Category"], t["Entry code"], t["Entry title"], t["Judge"], t["Judge email"], t["Status"], t["Criterion no."],
            t["Criterion"], t["Weight"], t["Max points"], t["Points"], t["Weighted total"], t["Submitted at"], t["Updated at"],
        ], ct);
        foreach (var s in scores.OrderBy(s => categories.GetValueOrDefault(s.CategoryId)).ThenBy(s => entries[s.EntryId].PublicCode).ThenBy(s => judges.GetValueOrDefault(s.JudgeId)?.Name))
        {
            var criteria = rubrics.GetValueOrDefault(s.CategoryId) ?? [];
            var judge = judges.GetValueOrDefault(s.JudgeId);
            var total = s.Total is { } value ? csv.Number((double)ScoreRules.Rounded(value), "0.##") : "";
            var status = s.Status switch { ScoreStatus.Submitted => t["Submitted"], ScoreStatus.Draft => t["Draft"], _ => t["Not started"] };
            foreach (var cr in criteria)
            {
                await csv.RowAsync([
                    c.Title, categories.GetValueOrDefault(s.CategoryId), entries[s.EntryId].PublicCode, entries[s.EntryId].Title,
                    judge?.Name, judge?.Email, status, csv.Number(cr.Order + 1), cr.Name,
                    csv.Number(cr.Weight), csv.Number(cr.MaxPoints),
                    s.Points.TryGetValue(cr.Id, out var p) ? csv.Number(p) : "",
                    total, Time(s.SubmittedAt, c.TimeZoneId), Time(s.UpdatedAt, c.TimeZoneId),
                ], ct);
            }
        }

        return true;
    }

    private async Task<List<ScoreRow>> ScoresAsync(int competitionId, CancellationToken ct)
    {
        var rows = await db.JudgeAssignments.AsNoTracking()
            .Where(a => a.CompetitionId == competitionId)
            .OrderBy(a => a.Id)
            .Select(a => new
            {
                a.Id,
                a.CompetitionJudgeId,
                a.EntryId,
                a.CategoryId,
                a.Source,
                Status = a.Scorecard == null ? (ScoreStatus?)null : a.Scorecard.Status,
                SubmittedAt = a.Scorecard == null ? null : a.Scorecard.SubmittedAt,
                UpdatedAt = a.Scorecard == null ? (DateTime?)null : a.Scorecard.UpdatedAt,
                Total = a.Scorecard == null ? (double?)null : a.Scorecard.WeightedTotal,
            })
            .ToListAsync(ct);
        var points = await (from p in db.CriterionScores.AsNoTracking()
                            join s in db.Scorecards on p.ScorecardId equals s.Id
                            join a in db.JudgeAssignments on s.AssignmentId equals a.Id
                            where a.CompetitionId == competitionId
                            select new { s.AssignmentId, p.CriterionId, p.Points }).ToListAsync(ct);
        var byAssignment = points.ToLookup(p => p.AssignmentId);
        return rows.Select(r => new ScoreRow(r.Id, r.CompetitionJudgeId, r.EntryId, r.CategoryId, r.Source, r.Status,
            byAssignment[r.Id].ToDictionary(p => p.CriterionId, p => p.Points), r.Total, r.SubmittedAt, r.UpdatedAt)).ToList();
    }

    private async Task<Dictionary<int, List<Criterion>>> RubricsAsync(int competitionId, CancellationToken ct)
    {
        var rows = await (from cat in db.Categories.AsNoTracking()
                          join cr in db.Criteria.AsNoTracking() on cat.RubricId equals cr.RubricId
                          where cat.CompetitionId == competitionId
                          select new { CategoryId = cat.Id, Criterion = cr }).ToListAsync(ct);
        return rows.GroupBy(r => r.CategoryId).ToDictionary(g => g.Key, g => g.Select(r => r.Criterion).OrderBy(cr => cr.Order).ToList());
    }

    private static AssignedJudge Assigned(ScoreRow s, IReadOnlyDictionary<int, JudgeRow> judges)
    {
        var judge = judges.GetValueOrDefault(s.JudgeId);
        return new AssignedJudge(s.AssignmentId, judge?.Name ?? "?", judge?.Email ?? "", s.Status,
            s.Total is { } total ? ScoreRules.Rounded(total) : null, s.Source);
    }

    /// <summary>A time in the competition's zone, with the zone (as the pages show it).</summary>
    private static string Time(DateTime? utc, string timeZoneId) => utc is { } at ? TimeDisplay.Format(at, timeZoneId) : "";
}
