using System.Globalization;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Judging;

/// <summary>
/// A judge's conflicts of interest for one competition: schools (NPSN or name), regions, and entries recognised while
/// judging. Declaring one takes the entries it covers off the judge (scores kept in the audit log) and tells the
/// organizers so they can reassign.
/// </summary>
public sealed class JudgeConflicts(AppDbContext db, JudgingQueries data, JudgingEmails emails, IAuditLog audit, IStringLocalizer<JudgingText> t)
{
    public Task<CompetitionJudge?> MembershipAsync(int competitionId, string userId, CancellationToken ct = default) =>
        db.CompetitionJudges.Include(j => j.Conflicts).SingleOrDefaultAsync(j => j.CompetitionId == competitionId && j.UserId == userId, ct);

    /// <summary>Adds a school; fails with the form's field errors (nothing saved then).</summary>
    public async Task<Outcome> AddSchoolAsync(CompetitionJudge judge, string? npsn, string? name, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        npsn = npsn?.Trim() ?? "";
        name = name?.Trim() ?? "";
        if (npsn.Length > 0 && (npsn.Length != 8 || !npsn.All(char.IsAsciiDigit)))
        {
            errors[nameof(SchoolConflictForm.Npsn)] = t["An NPSN has exactly 8 digits."];
        }

        if (npsn.Length == 0 && name.Length == 0)
        {
            errors[nameof(SchoolConflictForm.SchoolName)] = t["Enter the school's name, its NPSN, or both."];
        }

        if (name.Length > 200)
        {
            errors[nameof(SchoolConflictForm.SchoolName)] = t["The school name can be at most {0} characters long.", 200];
        }

        if (errors.Count > 0)
        {
            return Failed(errors);
        }

        var conflict = new JudgeConflict { Kind = ConflictKind.School, SchoolNpsn = npsn.Length > 0 ? npsn : null, SchoolName = name.Length > 0 ? name : null };
        if (judge.Conflicts.Any(c => c.Kind == ConflictKind.School
                && ConflictRules.NormalizeNpsn(c.SchoolNpsn) == ConflictRules.NormalizeNpsn(conflict.SchoolNpsn)
                && ConflictRules.NormalizeSchool(c.SchoolName) == ConflictRules.NormalizeSchool(conflict.SchoolName)))
        {
            return Outcome.Failed(nameof(SchoolConflictForm.SchoolName), t["You have already declared this school."]);
        }

        await DeclareAsync(judge, conflict, $"School: {conflict.SchoolName ?? "—"} (NPSN {conflict.SchoolNpsn ?? "—"})", ct);
        return Outcome.Ok();
    }

    /// <summary>Adds a province or a regency; fails with the form's field errors (nothing saved then).</summary>
    public async Task<Outcome> AddRegionAsync(CompetitionJudge judge, string? province, string? regency, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        province = province?.Trim() ?? "";
        regency = regency?.Trim() ?? "";
        if (province.Length == 0)
        {
            errors[nameof(RegionConflictForm.Province)] = t["Enter the province."];
        }
        else if (province.Length > 100)
        {
            errors[nameof(RegionConflictForm.Province)] = t["The province can be at most {0} characters long.", 100];
        }

        if (regency.Length > 100)
        {
            errors[nameof(RegionConflictForm.Regency)] = t["The regency or city can be at most {0} characters long.", 100];
        }

        if (errors.Count > 0)
        {
            return Failed(errors);
        }

        var conflict = new JudgeConflict { Kind = ConflictKind.Region, Province = province, Regency = regency.Length > 0 ? regency : null };
        if (judge.Conflicts.Any(c => c.Kind == ConflictKind.Region
                && ConflictRules.NormalizeName(c.Province) == ConflictRules.NormalizeName(province)
                && ConflictRules.NormalizeName(c.Regency) == ConflictRules.NormalizeName(regency)))
        {
            return Outcome.Failed(nameof(RegionConflictForm.Province), t["You have already declared this region."]);
        }

        await DeclareAsync(judge, conflict, $"Region: {province}{(regency.Length > 0 ? " / " + regency : " (whole province)")}", ct);
        return Outcome.Ok();
    }

    private static Outcome Failed(Dictionary<string, string> errors) => Outcome.Failed(errors.Select(e => new FormError(e.Key, e.Value)));

    /// <summary>The judge confirms the list is complete (also when it is empty).</summary>
    public async Task ConfirmAsync(CompetitionJudge judge, CancellationToken ct = default)
    {
        judge.ConflictsReviewedAt = data.Now;
        audit.Record("judging.conflicts-confirmed", "judge", Id(judge.Id),
            judge.Conflicts.Count == 0 ? "No conflicts of interest" : $"{judge.Conflicts.Count} conflicts declared", judge.CompetitionId);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Withdraws a school or region the judge declared by mistake. Entries recognised while judging stay.</summary>
    public async Task<bool> RemoveAsync(CompetitionJudge judge, int conflictId, CancellationToken ct = default)
    {
        var conflict = judge.Conflicts.SingleOrDefault(c => c.Id == conflictId && c.Kind != ConflictKind.Entry);
        if (conflict is null)
        {
            return false;
        }

        judge.Conflicts.Remove(conflict);
        audit.Record("judging.conflict-withdrawn", "judge", Id(judge.Id),
            conflict.Kind == ConflictKind.School ? $"School: {conflict.SchoolName ?? "—"} (NPSN {conflict.SchoolNpsn ?? "—"})" : $"Region: {conflict.Province} / {conflict.Regency ?? "—"}",
            judge.CompetitionId);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>"I know this student": the entry goes off the judge's list and the organizers are told.</summary>
    public async Task ReportEntryAsync(JudgeAccess access, string userId, string? note, CancellationToken ct = default)
    {
        var judge = await MembershipAsync(access.Competition.Id, userId, ct) ?? throw new InvalidOperationException("Not a judge of this competition.");
        note = (note ?? "").Trim();
        if (note.Length > 500)
        {
            note = note[..500];
        }

        judge.Conflicts.Add(new JudgeConflict { Kind = ConflictKind.Entry, EntryId = access.Entry.Id, Note = note.Length > 0 ? note : null, DeclaredAt = data.Now });
        var assignment = await db.JudgeAssignments.Include(a => a.Scorecard!).ThenInclude(s => s.Points).SingleAsync(a => a.Id == access.AssignmentId, ct);
        var hadScore = assignment.Scorecard is not null;
        var details = $"Entry {access.Entry.PublicCode}: the judge recognised it (\"I know this student\"){(note.Length > 0 ? "\nNote: " + note : "")}"
            + await ScoreAudit.DescribeAsync(db, assignment.Scorecard, assignment.CategoryId, ct);
        db.JudgeAssignments.Remove(assignment);
        audit.Record("judging.entry-conflict", "entry", Id(access.Entry.Id), details, access.Competition.Id);

        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.FullName).SingleAsync(ct);
        foreach (var organizer in await data.OrganizersAsync(ct))
        {
            emails.EntryConflictReported(new Recipient(organizer.Email!, organizer.FullName, organizer.PreferredCulture), access.Competition,
                access.Entry.PublicCode, name, note, hadScore);
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task DeclareAsync(CompetitionJudge judge, JudgeConflict conflict, string description, CancellationToken ct)
    {
        conflict.DeclaredAt = data.Now;
        judge.Conflicts.Add(conflict);
        audit.Record("judging.conflict-declared", "judge", Id(judge.Id), description, judge.CompetitionId);

        // Entries already assigned that the new declaration covers leave the judge's list.
        var assigned = await db.JudgeAssignments.Where(a => a.CompetitionJudgeId == judge.Id).Select(a => a.EntryId).ToListAsync(ct);
        var removed = 0;
        if (assigned.Count > 0)
        {
            var profile = new ConflictProfile([conflict]);
            var covered = (await data.SubmittedEntriesAsync(judge.CompetitionId, assigned, ct))
                .Where(e => profile.ConflictsWith(e.Id, e.Members)).Select(e => e.Id).ToList();
            var assignments = await db.JudgeAssignments
                .Include(a => a.Scorecard!).ThenInclude(s => s.Points)
                .Include(a => a.Entry)
                .Where(a => a.CompetitionJudgeId == judge.Id && covered.Contains(a.EntryId))
                .ToListAsync(ct);
            foreach (var a in assignments)
            {
                audit.Record("judging.unassigned", "entry", Id(a.EntryId),
                    $"Entry {a.Entry.PublicCode} taken off the judge after a conflict declaration ({description})"
                    + await ScoreAudit.DescribeAsync(db, a.Scorecard, a.CategoryId, ct),
                    judge.CompetitionId);
                db.JudgeAssignments.Remove(a);
            }

            removed = assignments.Count;
        }

        if (removed > 0)
        {
            var competition = await db.Competitions.AsNoTracking().SingleAsync(c => c.Id == judge.CompetitionId, ct);
            var name = await db.Users.Where(u => u.Id == judge.UserId).Select(u => u.FullName).SingleAsync(ct);
            foreach (var organizer in await data.OrganizersAsync(ct))
            {
                emails.AssignmentsRemovedByConflicts(new Recipient(organizer.Email!, organizer.FullName, organizer.PreferredCulture), competition, name, removed);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
