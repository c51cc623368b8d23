using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>Organizers read the questions of a competition and answer them, privately or in the FAQ as well.</summary>
[Route("admin/competitions/{id:int}/questions")]
[Authorize(Policy = Roles.Organizer)]
public sealed class QuestionsAdminController(QuestionQueries queries, AnswerQuestion answer, UserManager<Data.ApplicationUser> users, IStringLocalizer<CompetitionsText> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int id, CancellationToken ct)
    {
        var page = await queries.OrganizerPageAsync(id, ct);
        return page is null ? NotFound() : View(page);
    }

    [HttpPost("{questionId:int}/answer")]
    public async Task<IActionResult> Answer(int id, int questionId, AnswerForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            // The page holds a form per question: the error is shown at the top, and nothing is saved.
            TempData["Error"] = string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage));
        }
        else
        {
            TempData.Report(await answer.AnswerAsync(id, questionId, form, users.GetUserId(User)!, ct), t["The answer is saved and sent to the person who asked."]);
        }

        return Redirect($"/admin/competitions/{id}/questions#question-{questionId}");
    }
}
