using System.Globalization;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>Rubrics of a competition: ordered criteria with weights and maximum points. Frozen once judging starts.</summary>
public sealed class RubricEditor(AppDbContext db, IAuditLog audit, TimeProvider clock, IStringLocalizer<CompetitionsText> t, IStringLocalizer<SharedResource> l)
{
    /// <summary>Why the rubric cannot be changed now, or null when it can.</summary>
    public async Task<string?> LockedReasonAsync(int competitionId, int rubricId, CancellationToken ct = default)
    {
        var competition = await db.Competitions.AsNoTracking().SingleOrDefaultAsync(c => c.Id == competitionId, ct);
        if (competition is null)
        {
            return t["The competition does not exist."];
        }

        var used = await db.Categories.AnyAsync(x => x.RubricId == rubricId, ct);
        var phase = competition.PhaseAt(clock.GetUtcNow().UtcDateTime);
        return used && CompetitionPhases.JudgingHasStarted(phase)
            ? t["This rubric can no longer be changed: judging has started (the competition is in the phase \"{0}\"), and judges' scores must stay comparable. Create a new rubric for a later competition instead.", l.PhaseName(phase)].Value
            : null;
    }

    public async Task<Outcome<int>> SaveAsync(int competitionId, int? rubricId, RubricForm form, CancellationToken ct = default)
    {
        if (!await db.Competitions.AnyAsync(c => c.Id == competitionId, ct))
        {
            return Outcome.Failed("", t["The competition does not exist."]);
        }

        Rubric? rubric = null;
        if (rubricId is { } id)
        {
            rubric = await db.Rubrics.Include(r => r.Criteria).SingleOrDefaultAsync(r => r.Id == id && r.CompetitionId == competitionId, ct);
            if (rubric is null)
            {
                return Outcome.Failed("", t["The rubric does not exist."]);
            }

            if (await LockedReasonAsync(competitionId, id, ct) is { } locked)
            {
                return Outcome.Failed("", locked);
            }
        }

        var rows = form.Criteria.Select((row, index) => (row, index))
            .Where(x => !x.row.IsBlank)
            .ToList();
        var errors = new List<FormError>();
        var name = form.Name?.Trim() ?? "";
        if (name.Length > 0)
        {
            var lower = name.ToLower();
            if (await db.Rubrics.AnyAsync(r => r.CompetitionId == competitionId && r.Id != rubricId && r.Name.ToLower() == lower, ct))
            {
                errors.Add(new FormError(nameof(RubricForm.Name), t["This competition already has a rubric with this name."]));
            }
        }

        foreach (var (index, field, message) in RubricRules.Problems(rows.Select(x => (x.row.Name?.Trim() ?? "", x.row.Weight, x.row.MaxPoints)).ToList()))
        {
            var key = index < 0 ? nameof(RubricForm.Criteria) : $"Criteria[{rows[index].index}].{field}";
            errors.Add(new FormError(key, t.Problem(message)));
        }

        if (errors.Count > 0)
        {
            return Outcome.Failed(errors);
        }

        var isNew = rubric is null;
        var before = rubric is null ? "" : CriteriaText(rubric.Criteria.OrderBy(c => c.Order).Select(c => (c.Name, c.Weight, c.MaxPoints)));
        var oldName = rubric?.Name;
        if (rubric is null)
        {
            rubric = new Rubric { CompetitionId = competitionId };
            db.Rubrics.Add(rubric);
        }

        rubric.Name = name;
        var keep = new List<Criterion>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i].row;
            var criterion = row.Id is { } cid ? rubric.Criteria.FirstOrDefault(c => c.Id == cid) : null;
            if (criterion is null)
            {
                criterion = new Criterion();
                rubric.Criteria.Add(criterion);
            }

            criterion.Order = i;
            criterion.Name = row.Name!.Trim();
            criterion.Description = row.Description?.Trim() ?? "";
            criterion.Weight = row.Weight;
            criterion.MaxPoints = row.MaxPoints;
            keep.Add(criterion);
        }

        foreach (var gone in rubric.Criteria.Except(keep).ToList())
        {
            rubric.Criteria.Remove(gone);
            db.Criteria.Remove(gone);
        }

        var after = CriteriaText(keep.Select(c => (c.Name, c.Weight, c.MaxPoints)));
        var diff = new AuditDiff().Field("Rubric name", oldName, rubric.Name).Field("Criteria", isNew ? null : before, after);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (!diff.IsEmpty)
        {
            audit.Record(isNew ? "rubric.created" : "rubric.edited", "rubric", rubric.Id.ToString(CultureInfo.InvariantCulture), diff.ToString(), competitionId);
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        return Outcome.Ok(rubric.Id);
    }

    public async Task<Outcome<int>> DeleteAsync(int competitionId, int rubricId, CancellationToken ct = default)
    {
        var rubric = await db.Rubrics.SingleOrDefaultAsync(r => r.Id == rubricId && r.CompetitionId == competitionId, ct);
        if (rubric is null)
        {
            return Outcome.Failed("", t["The rubric does not exist."]);
        }

        var usedBy = await db.Categories.Where(x => x.RubricId == rubricId).Select(x => x.Name).ToListAsync(ct);
        if (usedBy.Count > 0)
        {
            return Outcome.Failed("", t["The rubric is used by: {0}. Choose another rubric for those categories first.", string.Join(", ", usedBy)]);
        }

        db.Rubrics.Remove(rubric);
        audit.Record("rubric.deleted", "rubric", rubricId.ToString(CultureInfo.InvariantCulture), $"Rubric: {rubric.Name}", competitionId);
        await db.SaveChangesAsync(ct);
        return Outcome.Ok(rubricId);
    }

    /// <summary>Applies a row button ("add", "up-1", "down-0", "remove-2") to the form; true when it was one.</summary>
    public static bool ApplyCommand(RubricForm form)
    {
        var command = form.Command ?? "";
        if (command == "add")
        {
            form.Criteria.Add(new CriterionRow());
            return true;
        }

        var dash = command.LastIndexOf('-');
        if (dash < 0 || !int.TryParse(command[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i < 0 || i >= form.Criteria.Count)
        {
            return false;
        }

        switch (command[..dash])
        {
            case "up" when i > 0:
                (form.Criteria[i - 1], form.Criteria[i]) = (form.Criteria[i], form.Criteria[i - 1]);
                return true;
            case "down" when i < form.Criteria.Count - 1:
                (form.Criteria[i + 1], form.Criteria[i]) = (form.Criteria[i], form.Criteria[i + 1]);
                return true;
            case "remove":
                form.Criteria.RemoveAt(i);
                return true;
            case "up" or "down":
                return true;
            default:
                return false;
        }
    }

    private static string CriteriaText(IEnumerable<(string Name, int Weight, int MaxPoints)> criteria) =>
        string.Join("; ", criteria.Select(c => $"{c.Name} (weight {c.Weight}, max {c.MaxPoints})"));
}
