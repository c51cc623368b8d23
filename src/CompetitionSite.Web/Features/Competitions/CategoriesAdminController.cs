using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>Categories of a competition: who may enter, what they send, what they can win, how it is judged.</summary>
[Route("admin/competitions/{competitionId:int}/categories")]
[Authorize(Policy = Roles.Organizer)]
public sealed class CategoriesAdminController(AppDbContext db, CategoryEditor editor, IStringLocalizer<CompetitionsText> t) : Controller
{
    [HttpGet("new")]
    public async Task<IActionResult> New(int competitionId)
    {
        var form = new CategoryForm
        {
            Extensions = [.. FileTypes.For(EntryKind.Image)],
            Tiers = AwardTierDefaults.Names.Select(n => new TierRow { Name = n, Count = 1 }).ToList(),
        };
        form.Tiers.Add(new TierRow());
        return await ShowAsync(competitionId, null, form);
    }

    [HttpPost("new")]
    public Task<IActionResult> New(int competitionId, CategoryForm form) => SaveAsync(competitionId, null, form);

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int competitionId, int id)
    {
        var c = await db.Categories.AsNoTracking().Include(x => x.AwardTiers)
            .SingleOrDefaultAsync(x => x.Id == id && x.CompetitionId == competitionId);
        if (c is null)
        {
            return NotFound();
        }

        var form = new CategoryForm
        {
            Name = c.Name,
            Description = c.Description,
            OpenToAll = c.Levels == SchoolLevels.All,
            LevelSD = c.Levels != SchoolLevels.All && c.Levels.HasFlag(SchoolLevels.SD),
            LevelSMP = c.Levels != SchoolLevels.All && c.Levels.HasFlag(SchoolLevels.SMP),
            LevelSMA = c.Levels != SchoolLevels.All && c.Levels.HasFlag(SchoolLevels.SMA),
            MinGrade = c.MinGrade,
            MaxGrade = c.MaxGrade,
            Kind = c.Kind,
            Extensions = [.. c.AllowedExtensionList],
            MaxFileSizeMb = c.Kind == EntryKind.Link ? 10 : c.MaxFileSizeMb,
            MaxFilesPerEntry = c.MaxFilesPerEntry,
            MaxEntriesPerParticipant = c.MaxEntriesPerParticipant,
            IsTeam = c.IsTeam,
            MinTeamSize = c.IsTeam ? c.MinTeamSize : 2,
            MaxTeamSize = c.IsTeam ? c.MaxTeamSize : 3,
            RubricId = c.RubricId,
            Tiers = c.AwardTiers.OrderBy(a => a.Order).Select(a => new TierRow { Id = a.Id, Name = a.Name, Count = a.Count, IsSpecial = a.IsSpecial }).ToList(),
        };
        form.Tiers.Add(new TierRow());
        return await ShowAsync(competitionId, id, form);
    }

    [HttpPost("{id:int}/edit")]
    public Task<IActionResult> Edit(int competitionId, int id, CategoryForm form) => SaveAsync(competitionId, id, form);

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int competitionId, int id)
    {
        var result = await editor.DeleteAsync(competitionId, id);
        if (result.Succeeded)
        {
            TempData["Message"] = t["The category was removed."].Value;
        }
        else
        {
            TempData["Error"] = string.Join(" ", result.Errors.Select(e => e.Message));
        }

        return Redirect($"/admin/competitions/{competitionId}");
    }

    private async Task<IActionResult> SaveAsync(int competitionId, int? id, CategoryForm form)
    {
        if (form.Command == "add-tier")
        {
            ModelState.Clear();
            form.Tiers.Add(new TierRow());
            return await ShowAsync(competitionId, id, form);
        }

        if (!ModelState.IsValid)
        {
            return await ShowAsync(competitionId, id, form);
        }

        var result = await editor.SaveAsync(competitionId, id, form);
        if (!result.Succeeded)
        {
            ModelState.AddErrors(result);
            return await ShowAsync(competitionId, id, form);
        }

        TempData["Message"] = t["The category was saved."].Value;
        return Redirect($"/admin/competitions/{competitionId}");
    }

    private async Task<IActionResult> ShowAsync(int competitionId, int? id, CategoryForm form)
    {
        var title = await db.Competitions.AsNoTracking().Where(c => c.Id == competitionId).Select(c => c.Title).SingleOrDefaultAsync();
        if (title is null)
        {
            return NotFound();
        }

        form.CompetitionId = competitionId;
        form.CompetitionTitle = title;
        form.Id = id;
        form.Rubrics = (await db.Rubrics.AsNoTracking().Where(r => r.CompetitionId == competitionId).OrderBy(r => r.Name)
            .Select(r => new { r.Id, r.Name }).ToListAsync()).Select(r => (r.Id, r.Name)).ToList();
        return View("Form", form);
    }
}
