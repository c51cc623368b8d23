using System.Globalization;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>Adds, changes and removes the categories of a competition, with their award tiers.</summary>
public sealed class CategoryEditor(AppDbContext db, IAuditLog audit, TimeProvider clock, IStringLocalizer<CompetitionsText> t)
{
    public async Task<Outcome<int>> SaveAsync(int competitionId, int? categoryId, CategoryForm form, CancellationToken ct = default)
    {
        var competition = await db.Competitions.SingleOrDefaultAsync(c => c.Id == competitionId, ct);
        if (competition is null)
        {
            return Outcome.Failed("", t["The competition does not exist."]);
        }

        var phase = competition.PhaseAt(clock.GetUtcNow().UtcDateTime);
        if (CompetitionPhases.JudgingHasStarted(phase))
        {
            return Outcome.Failed("", t["Categories cannot be changed once judging has started."]);
        }

        Category? category = null;
        if (categoryId is { } id)
        {
            category = await db.Categories.Include(x => x.AwardTiers).SingleOrDefaultAsync(x => x.Id == id && x.CompetitionId == competitionId, ct);
            if (category is null)
            {
                return Outcome.Failed("", t["The category does not exist."]);
            }
        }

        var errors = await ValidateAsync(competitionId, categoryId, form, ct);
        if (errors.Count > 0)
        {
            return Outcome.Failed(errors);
        }

        var extensions = form.Kind == EntryKind.Link
            ? ""
            : string.Join(",", form.Extensions.Select(FileTypes.Normalize).Where(FileTypes.For(form.Kind).Contains).Distinct().OrderBy(e => FileTypes.For(form.Kind).ToList().IndexOf(e)));
        var tiers = form.Tiers.Where(r => !string.IsNullOrWhiteSpace(r.Name)).ToList();
        var levels = form.Levels;
        var (minTeam, maxTeam) = form.IsTeam ? (form.MinTeamSize, form.MaxTeamSize) : (1, 1);
        var (maxSize, maxFiles) = form.Kind == EntryKind.Link ? (0, 1) : (form.MaxFileSizeMb, form.MaxFilesPerEntry);

        var isNew = category is null;
        if (category is null)
        {
            var nextOrder = await db.Categories.Where(x => x.CompetitionId == competitionId).Select(x => (int?)x.SortOrder).MaxAsync(ct) ?? -1;
            category = new Category { CompetitionId = competitionId, SortOrder = nextOrder + 1 };
            db.Categories.Add(category);
        }

        var diff = new AuditDiff()
            .Field("Category name", isNew ? null : category.Name, form.Name.Trim())
            .LongText("Description", category.Description, form.Description?.Trim() ?? "")
            .Field("School levels", isNew ? null : category.Levels, levels)
            .Field("Grades", isNew ? null : $"{category.MinGrade}–{category.MaxGrade}", $"{form.MinGrade}–{form.MaxGrade}")
            .Field("Kind of entry", isNew ? null : category.Kind, form.Kind)
            .Field("Allowed file types", isNew ? null : category.AllowedExtensions, extensions)
            .Field("Maximum file size (MB)", isNew ? null : category.MaxFileSizeMb, maxSize)
            .Field("Files per entry", isNew ? null : category.MaxFilesPerEntry, maxFiles)
            .Field("Entries per student", isNew ? null : category.MaxEntriesPerParticipant, form.MaxEntriesPerParticipant)
            .Field("Team entries", isNew ? null : TeamText(category.IsTeam, category.MinTeamSize, category.MaxTeamSize), TeamText(form.IsTeam, minTeam, maxTeam))
            .Field("Rubric", isNew ? null : category.RubricId, form.RubricId)
            .Field("Awards", isNew ? null : TiersText(category.AwardTiers.OrderBy(a => a.Order).Select(a => (a.Name, a.Count, a.IsSpecial))),
                TiersText(tiers.Select(r => (r.Name!.Trim(), r.Count, r.IsSpecial))));

        category.Name = form.Name.Trim();
        category.Description = form.Description?.Trim() ?? "";
        category.Levels = levels;
        category.MinGrade = form.MinGrade;
        category.MaxGrade = form.MaxGrade;
        category.Kind = form.Kind;
        category.AllowedExtensions = extensions;
        category.MaxFileSizeMb = maxSize;
        category.MaxFilesPerEntry = maxFiles;
        category.MaxEntriesPerParticipant = form.MaxEntriesPerParticipant;
        category.IsTeam = form.IsTeam;
        category.MinTeamSize = minTeam;
        category.MaxTeamSize = maxTeam;
        category.RubricId = form.RubricId;

        // Award tiers: update rows that kept their id, add new ones, remove the ones left out.
        var keep = new List<AwardTier>();
        for (var i = 0; i < tiers.Count; i++)
        {
            var row = tiers[i];
            var tier = row.Id is { } tid ? category.AwardTiers.FirstOrDefault(a => a.Id == tid) : null;
            if (tier is null)
            {
                tier = new AwardTier();
                category.AwardTiers.Add(tier);
            }

            tier.Order = i;
            tier.Name = row.Name!.Trim();
            tier.Count = row.Count;
            tier.IsSpecial = row.IsSpecial;
            keep.Add(tier);
        }

        foreach (var gone in category.AwardTiers.Except(keep).ToList())
        {
            category.AwardTiers.Remove(gone);
            db.AwardTiers.Remove(gone);
        }

        competition.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (!diff.IsEmpty)
        {
            audit.Record(isNew ? "category.created" : "category.edited", "category", category.Id.ToString(CultureInfo.InvariantCulture),
                (isNew ? "" : $"Category: {category.Name}\n") + diff, competitionId);
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        return Outcome.Ok(category.Id);
    }

    public async Task<Outcome<int>> DeleteAsync(int competitionId, int categoryId, CancellationToken ct = default)
    {
        var competition = await db.Competitions.SingleOrDefaultAsync(c => c.Id == competitionId, ct);
        var category = await db.Categories.SingleOrDefaultAsync(x => x.Id == categoryId && x.CompetitionId == competitionId, ct);
        if (competition is null || category is null)
        {
            return Outcome.Failed("", t["The category does not exist."]);
        }

        var phase = competition.PhaseAt(clock.GetUtcNow().UtcDateTime);
        if (phase is not (Phase.Draft or Phase.Upcoming))
        {
            return Outcome.Failed("", t["A category can only be removed before submissions open."]);
        }

        db.Categories.Remove(category);
        audit.Record("category.deleted", "category", category.Id.ToString(CultureInfo.InvariantCulture), $"Category: {category.Name}", competitionId);
        await db.SaveChangesAsync(ct);
        return Outcome.Ok(categoryId);
    }

    private async Task<List<FormError>> ValidateAsync(int competitionId, int? categoryId, CategoryForm form, CancellationToken ct)
    {
        var errors = new List<FormError>();
        var name = form.Name?.Trim() ?? "";
        if (name.Length > 0)
        {
            var lower = name.ToLower();
            var duplicate = await db.Categories.AnyAsync(x => x.CompetitionId == competitionId && x.Id != categoryId && x.Name.ToLower() == lower, ct);
            if (duplicate)
            {
                errors.Add(new FormError(nameof(CategoryForm.Name), t["This competition already has a category with this name."]));
            }
        }

        if (form.Levels == SchoolLevels.None)
        {
            errors.Add(new FormError(nameof(CategoryForm.OpenToAll), t["Choose at least one school level, or open the category to all levels."]));
        }

        if (form.MinGrade > form.MaxGrade)
        {
            errors.Add(new FormError(nameof(CategoryForm.MaxGrade), t["\"To grade\" cannot be lower than \"From grade\"."]));
        }
        else
        {
            foreach (var level in SchoolGrades.LevelsOutsideRange(form.Levels, form.MinGrade, form.MaxGrade))
            {
                var (from, to) = SchoolGrades.For(level);
                errors.Add(new FormError(nameof(CategoryForm.MinGrade),
                    t["The grades {0}–{1} leave no one from {2} (grades {3}–{4}).", form.MinGrade, form.MaxGrade, t.LevelName(level), from, to]));
            }
        }

        if (!Enum.IsDefined(form.Kind))
        {
            errors.Add(new FormError(nameof(CategoryForm.Kind), t["Choose the kind of entry."]));
        }
        else
        {
            foreach (var problem in FileTypes.Problems(form.Kind, form.Extensions))
            {
                var (code, ext) = problem.IndexOf(':') is var i and >= 0 ? (problem[..i], problem[(i + 1)..]) : (problem, "");
                errors.Add(new FormError(nameof(CategoryForm.Extensions), code switch
                {
                    "unknown" => t["Unknown file type: {0}.", ext],
                    "wrong-kind" => t["The file type {0} does not fit this kind of entry.", ext],
                    "link-has-files" => t["Link entries have no files: untick the file types."],
                    _ => t["Choose at least one file type."],
                }));
            }
        }

        if (form.IsTeam)
        {
            if (form.MinTeamSize > form.MaxTeamSize)
            {
                errors.Add(new FormError(nameof(CategoryForm.MaxTeamSize), t["The largest team cannot be smaller than the smallest team."]));
            }
            else if (form.MaxTeamSize < 2)
            {
                errors.Add(new FormError(nameof(CategoryForm.MaxTeamSize), t["A team has at least 2 members; for one person choose individual entries."]));
            }
        }

        if (form.RubricId is { } rubricId && !await db.Rubrics.AnyAsync(r => r.Id == rubricId && r.CompetitionId == competitionId, ct))
        {
            errors.Add(new FormError(nameof(CategoryForm.RubricId), t["Choose a rubric of this competition."]));
        }

        var tiers = form.Tiers.Select((row, index) => (row, index)).Where(x => !string.IsNullOrWhiteSpace(x.row.Name)).ToList();
        if (tiers.Count == 0)
        {
            errors.Add(new FormError(nameof(CategoryForm.Tiers), t["Give at least one award (for example Juara 1)."]));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (row, index) in tiers)
        {
            if (!seen.Add(row.Name!.Trim()))
            {
                errors.Add(new FormError($"Tiers[{index}].Name", t["Two awards have the same name."]));
            }
        }

        return errors;
    }

    private static string TeamText(bool isTeam, int min, int max) => isTeam ? $"team {min}–{max}" : "individual";

    private static string TiersText(IEnumerable<(string Name, int Count, bool Special)> tiers) =>
        string.Join(", ", tiers.Select(x => $"{x.Name} ×{x.Count}{(x.Special ? " (special)" : "")}"));
}
