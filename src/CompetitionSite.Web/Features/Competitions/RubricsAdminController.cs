using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>Rubrics of a competition, shared by its categories or one per category.</summary>
[Route("admin/competitions/{competitionId:int}/rubrics")]
[Authorize(Policy = Roles.Organizer)]
public sealed class RubricsAdminController(AppDbContext db, RubricEditor editor, IStringLocalizer<CompetitionsText> t) : Controller
{
    [HttpGet("new")]
    public Task<IActionResult> New(int competitionId) => ShowAsync(competitionId, null, new RubricForm
    {
        Criteria =
        [
            new CriterionRow { Name = t["Idea and originality"], Weight = 30, MaxPoints = 10 },
            new CriterionRow { Name = t["Fit with the theme"], Weight = 25, MaxPoints = 10 },
            new CriterionRow { Name = t["Technique and craft"], Weight = 25, MaxPoints = 10 },
            new CriterionRow { Name = t["Message and impact"], Weight = 20, MaxPoints = 10 },
            new CriterionRow(),
        ],
    });

    [HttpPost("new")]
    public Task<IActionResult> New(int competitionId, RubricForm form) => SaveAsync(competitionId, null, form);

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int competitionId, int id)
    {
        var rubric = await db.Rubrics.AsNoTracking().Include(r => r.Criteria)
            .SingleOrDefaultAsync(r => r.Id == id && r.CompetitionId == competitionId);
        if (rubric is null)
        {
            return NotFound();
        }

        return await ShowAsync(competitionId, id, new RubricForm
        {
            Name = rubric.Name,
            Criteria = rubric.Criteria.OrderBy(c => c.Order)
                .Select(c => new CriterionRow { Id = c.Id, Name = c.Name, Description = c.Description, Weight = c.Weight, MaxPoints = c.MaxPoints })
                .ToList(),
        });
    }

    [HttpPost("{id:int}/edit")]
    public Task<IActionResult> Edit(int competitionId, int id, RubricForm form) => SaveAsync(competitionId, id, form);

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int competitionId, int id)
    {
        var result = await editor.DeleteAsync(competitionId, id);
        if (result.Succeeded)
        {
            TempData["Message"] = t["The rubric was removed."].Value;
        }
        else
        {
            TempData["Error"] = string.Join(" ", result.Errors.Select(e => e.Message));
        }

        return Redirect($"/admin/competitions/{competitionId}");
    }

    private async Task<IActionResult> SaveAsync(int competitionId, int? id, RubricForm form)
    {
        if (RubricEditor.ApplyCommand(form))
        {
            ModelState.Clear();
            return await ShowAsync(competitionId, id, form);
        }

        // A row the organizer cleared is left out on saving, so its emptied number fields must not block the form.
        for (var i = 0; i < form.Criteria.Count; i++)
        {
            if (form.Criteria[i].IsBlank)
            {
                foreach (var key in ModelState.Keys.Where(k => k.StartsWith($"Criteria[{i}].", StringComparison.Ordinal)).ToList())
                {
                    ModelState.Remove(key);
                }
            }
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

        TempData["Message"] = t["The rubric was saved."].Value;
        return Redirect($"/admin/competitions/{competitionId}");
    }

    private async Task<IActionResult> ShowAsync(int competitionId, int? id, RubricForm form)
    {
        var title = await db.Competitions.AsNoTracking().Where(c => c.Id == competitionId).Select(c => c.Title).SingleOrDefaultAsync();
        if (title is null)
        {
            return NotFound();
        }

        form.CompetitionId = competitionId;
        form.CompetitionTitle = title;
        form.Id = id;
        form.LockedReason = id is { } rid ? await editor.LockedReasonAsync(competitionId, rid) : null;
        return View("Form", form);
    }
}
