using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Judging;

/// <summary>A submitted entry as judging sees it: whether it may go to the judges, and its members' schools and regions.</summary>
public sealed record EntryFacts(int Id, int CategoryId, string PublicCode, string Title, bool Eligible, IReadOnlyList<NormalizedMember> Members);

/// <summary>A judge of a competition with their account's name, address and language, and their declared conflicts.</summary>
public sealed record JudgeRow(
    int Id, string UserId, string Name, string Email, string Culture, IReadOnlyList<int> CategoryIds, int? Cap,
    DateTime JoinedAt, DateTime? ConflictsReviewedAt, DateTime? LastRemindedAt, IReadOnlyList<JudgeConflict> Conflicts)
{
    public ConflictProfile Profile { get; } = new(Conflicts);

    public bool Judges(int categoryId) => CategoryIds.Contains(categoryId);
}

public sealed record AssignmentRow(int Id, int JudgeId, int EntryId, int CategoryId, ScoreStatus? Status)
{
    public bool HasScore => Status is not null;
}

/// <summary>Reads shared by the judging use cases: entries with their eligibility and conflict facts, judges, assignments.</summary>
public sealed class JudgingQueries(AppDbContext db, TimeProvider clock, SubmittedEntries submitted)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Today in Western Indonesian Time (ages and consent are counted in WIB).</summary>
    public DateOnly Today => submitted.Today;

    public Task<Competition?> CompetitionAsync(int id, CancellationToken ct = default) =>
        db.Competitions.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);

    public Phase PhaseOf(Competition c) => c.PhaseAt(Now);

    /// <summary>The submitted entries of a competition (or just the given ones), with eligibility (<see cref="SubmittedEntries"/>) and members' facts.</summary>
    public async Task<List<EntryFacts>> SubmittedEntriesAsync(int competitionId, IReadOnlyCollection<int>? entryIds = null, CancellationToken ct = default) =>
        (await submitted.ReadAsync(competitionId, entryIds, ct))
            .Select(e => new EntryFacts(e.Id, e.CategoryId, e.PublicCode, e.Title, e.Eligible,
                e.Members.Select(m => ConflictRules.Normalize(new MemberFacts(m.SchoolNpsn, m.SchoolName, m.Province, m.Regency))).ToList()))
            .ToList();

    public async Task<List<JudgeRow>> JudgesAsync(int competitionId, CancellationToken ct = default)
    {
        var rows = await (from j in db.CompetitionJudges.AsNoTracking().Include(j => j.Conflicts)
                          join u in db.Users.AsNoTracking() on j.UserId equals u.Id
                          where j.CompetitionId == competitionId
                          orderby u.FullName, u.Email
                          select new { Judge = j, u.FullName, u.Email, u.PreferredCulture })
            .AsSplitQuery()
            .ToListAsync(ct);
        return rows.Select(r => new JudgeRow(
            r.Judge.Id, r.Judge.UserId, r.FullName, r.Email ?? "", r.PreferredCulture, r.Judge.CategoryIds, r.Judge.MaxAssignments,
            r.Judge.JoinedAt, r.Judge.ConflictsReviewedAt, r.Judge.LastRemindedAt, r.Judge.Conflicts)).ToList();
    }

    public Task<List<AssignmentRow>> AssignmentsAsync(int competitionId, CancellationToken ct = default) =>
        db.JudgeAssignments.AsNoTracking()
            .Where(a => a.CompetitionId == competitionId)
            .OrderBy(a => a.Id)
            .Select(a => new AssignmentRow(a.Id, a.CompetitionJudgeId, a.EntryId, a.CategoryId, a.Scorecard == null ? null : a.Scorecard.Status))
            .ToListAsync(ct);

    /// <summary>The accounts of all organizers, to tell them about something that needs their attention.</summary>
    public Task<List<ApplicationUser>> OrganizersAsync(CancellationToken ct = default) =>
        (from u in db.Users.AsNoTracking()
         join ur in db.UserRoles on u.Id equals ur.UserId
         join r in db.Roles on ur.RoleId equals r.Id
         where r.Name == Domain.Roles.Organizer
         select u).ToListAsync(ct);
}
