using System.Globalization;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>
/// Every change of a competition's stage goes through one method here: it checks the phase, writes the audit
/// event and queues the emails, all in one SaveChanges. Publishing results is not here (it belongs to results).
/// </summary>
public sealed class CompetitionLifecycle(
    AppDbContext db,
    IAuditLog audit,
    TimeProvider clock,
    ICompetitionParticipants participants,
    CompetitionEmails emails,
    IStringLocalizer<CompetitionsText> t,
    IStringLocalizer<SharedResource> l)
{
    /// <summary>What still stands between a draft and opening it (empty when it can open).</summary>
    public async Task<IReadOnlyList<string>> ReadinessProblemsAsync(int competitionId, CancellationToken ct = default)
    {
        var c = await LoadWithCategoriesAsync(competitionId, ct);
        return c is null ? [t["The competition does not exist."]] : ReadinessProblems(c);
    }

    /// <summary>Draft → Live: from now on the dates decide whether it is upcoming, open, judging or in review.</summary>
    public async Task<Outcome<int>> OpenAsync(int competitionId, CancellationToken ct = default)
    {
        var c = await LoadWithCategoriesAsync(competitionId, ct);
        if (c is null)
        {
            return Outcome.Failed("", t["The competition does not exist."]);
        }

        if (c.Stage != CompetitionStage.Draft)
        {
            return Outcome.Failed("", t["Only a draft can be opened."]);
        }

        var problems = ReadinessProblems(c);
        if (problems.Count > 0)
        {
            return Outcome.Failed(problems.Select(p => new FormError("", p)));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        c.Stage = CompetitionStage.Live;
        c.OpenedAt = now;
        c.UpdatedAt = now;
        audit.Record("competition.opened", "competition", Id(c), $"Stage: Draft → Live\nPhase: {c.PhaseAt(now)}", c.Id);
        await db.SaveChangesAsync(ct);
        return Outcome.Ok(c.Id);
    }

    /// <summary>Any stage → Archived. A competition that was public stays readable; a draft disappears.</summary>
    public async Task<Outcome<int>> ArchiveAsync(int competitionId, CancellationToken ct = default)
    {
        var c = await db.Competitions.SingleOrDefaultAsync(x => x.Id == competitionId, ct);
        if (c is null)
        {
            return Outcome.Failed("", t["The competition does not exist."]);
        }

        if (c.Stage == CompetitionStage.Archived)
        {
            return Outcome.Failed("", t["The competition is already archived."]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var before = c.PhaseAt(now);
        audit.Record("competition.archived", "competition", Id(c), $"Stage: {c.Stage} → Archived\nPhase: {before} → Archived", c.Id);
        c.Stage = CompetitionStage.Archived;
        c.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return Outcome.Ok(c.Id);
    }

    /// <summary>
    /// Moves a live competition back one phase: Upcoming → Draft, Judging → Open (a later deadline), Review →
    /// Judging (a later end of judging). Needs a reason; it is audited and announced to enrolled students.
    /// </summary>
    public async Task<Outcome<int>> MoveBackAsync(int competitionId, string reason, DateTime? closesUtc, DateTime? judgingEndsUtc, DateTime? resultsUtc, CancellationToken ct = default)
    {
        var c = await db.Competitions.SingleOrDefaultAsync(x => x.Id == competitionId, ct);
        if (c is null)
        {
            return Outcome.Failed("", t["The competition does not exist."]);
        }

        reason = reason.Trim();
        if (reason.Length < 5)
        {
            return Outcome.Failed(nameof(MoveBackForm.Reason), t["Give a reason; it is recorded and sent to the participants."]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var from = c.PhaseAt(now);
        if (c.Stage != CompetitionStage.Live || CompetitionPhases.PreviousPhase(from) is not { } target)
        {
            return Outcome.Failed("", t["The competition cannot be moved back from the phase \"{0}\".", l.PhaseName(from)]);
        }

        var diff = new AuditDiff().Line($"Phase: {from} → {target}").Line($"Reason: {reason}");
        if (target == Phase.Draft)
        {
            c.Stage = CompetitionStage.Draft;
            c.OpenedAt = null;
            diff.Line("Stage: Live → Draft");
        }
        else
        {
            var closes = closesUtc ?? c.SubmissionClosesAt;
            var judging = judgingEndsUtc ?? c.JudgingEndsAt;
            var results = resultsUtc ?? c.ResultsAnnouncedAt;
            var errors = CompetitionPhases.TimelineProblemsByField(c.OpensAt, closes, judging, results)
                .Select(p => new FormError(p.Field, t.Problem(p.Message)))
                .ToList();
            var probe = new Competition { Stage = CompetitionStage.Live, OpensAt = c.OpensAt, SubmissionClosesAt = closes, JudgingEndsAt = judging, ResultsAnnouncedAt = results };
            if (errors.Count == 0 && probe.PhaseAt(now) != target)
            {
                errors.Add(target == Phase.Open
                    ? new FormError(nameof(MoveBackForm.SubmissionClosesAt), t["To reopen submissions, the new deadline must be later than now."])
                    : new FormError(nameof(MoveBackForm.JudgingEndsAt), t["To go back to judging, judging must end later than now."]));
            }

            if (errors.Count > 0)
            {
                return Outcome.Failed(errors);
            }

            diff.Field("Submission deadline", CompetitionTimeZones.ForAudit(c.SubmissionClosesAt, c.TimeZoneId), CompetitionTimeZones.ForAudit(closes, c.TimeZoneId))
                .Field("Judging ends", CompetitionTimeZones.ForAudit(c.JudgingEndsAt, c.TimeZoneId), CompetitionTimeZones.ForAudit(judging, c.TimeZoneId))
                .Field("Results announced (planned)", CompetitionTimeZones.ForAudit(c.ResultsAnnouncedAt, c.TimeZoneId), CompetitionTimeZones.ForAudit(results, c.TimeZoneId));
            c.SubmissionClosesAt = closes;
            c.JudgingEndsAt = judging;
            c.ResultsAnnouncedAt = results;
        }

        c.UpdatedAt = now;
        var recipients = target == Phase.Draft ? [] : await participants.EnrolledAsync(c.Id, ct);
        foreach (var person in recipients)
        {
            emails.ScheduleChanged(person, c, from, target, reason);
        }

        diff.Line($"Participants told by email: {recipients.Count}");
        audit.Record("competition.moved-back", "competition", Id(c), diff.ToString(), c.Id);
        await db.SaveChangesAsync(ct);
        return Outcome.Ok(c.Id);
    }

    private IReadOnlyList<string> ReadinessProblems(Competition c)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var problems = CompetitionPhases.TimelineProblems(c.OpensAt, c.SubmissionClosesAt, c.JudgingEndsAt, c.ResultsAnnouncedAt)
            .Select(t.Problem).ToList();
        if (c.SubmissionClosesAt <= now)
        {
            problems.Add(t["The submission deadline has already passed: set a later one."]);
        }

        if (c.Categories.Count == 0)
        {
            problems.Add(t["Add at least one category."]);
        }

        foreach (var category in c.Categories.OrderBy(x => x.SortOrder))
        {
            if (category.Rubric is null)
            {
                problems.Add(t["The category \"{0}\" has no rubric.", category.Name]);
            }
            else if (!RubricRules.IsValid(category.Rubric))
            {
                problems.Add(t["The rubric \"{0}\" of the category \"{1}\" is not complete: every criterion needs a name, a weight above zero and 1–100 points.", category.Rubric.Name, category.Name]);
            }
        }

        return problems;
    }

    private Task<Competition?> LoadWithCategoriesAsync(int id, CancellationToken ct) =>
        db.Competitions
            .Include(c => c.Categories).ThenInclude(x => x.Rubric!).ThenInclude(r => r.Criteria)
            .AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Id == id, ct);

    private static string Id(Competition c) => c.Id.ToString(CultureInfo.InvariantCulture);
}
