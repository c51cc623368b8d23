using CompetitionSite.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>Someone signed in asks the organizers of a competition and reads the answers to their own questions.</summary>
[Route("lomba/{slug}/tanya")]
[Authorize]
public sealed class QuestionsController(QuestionQueries queries, AskQuestion ask, UserManager<Data.ApplicationUser> users, IStringLocalizer<CompetitionsText> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string slug, CancellationToken ct)
    {
        var page = await queries.AskPageAsync(slug, users.GetUserId(User)!, new AskForm(), ct);
        if (page is null)
        {
            return NotFound();
        }

        ViewData["Title"] = t["Questions to the organizers"];
        return View(page);
    }

    [HttpPost("")]
    public async Task<IActionResult> Ask(string slug, [Bind(Prefix = "Form")] AskForm form, CancellationToken ct)
    {
        var me = users.GetUserId(User)!;
        if (ModelState.IsValid && ModelState.AddErrors(await ask.AskAsync(slug, form, me, ct), "Form"))
        {
            TempData["Message"] = t["Your question is sent to the organizers. Their answer comes by email and on this page."].Value;
            return Redirect($"/lomba/{slug}/tanya");
        }

        var page = await queries.AskPageAsync(slug, me, form, ct);
        if (page is null)
        {
            return NotFound();
        }

        ViewData["Title"] = t["Questions to the organizers"];
        return View("Index", page);
    }
}
