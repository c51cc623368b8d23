using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Judging;

/// <summary>
/// The judge's pages: their competitions, the queue of entries ("12 of 30 left"), conflicts of interest and the blind
/// scoring page. A judge reaches only entries assigned to them, free of their conflicts, in the judging phase (404 otherwise).
/// </summary>
[Route("judge")]
[Authorize(Policy = Roles.Judge)]
public sealed class JudgeController(
    AppDbContext db,
    JudgingQueries data,
    JudgeQueue queue,
    ScoreEntry scoring,
    JudgeConflicts conflicts,
    UserManager<ApplicationUser> users,
    IStringLocalizer<JudgingText> t) : Controller
{
    private string UserId => users.GetUserId(User)!;

    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var memberships = await db.CompetitionJudges.AsNoTracking().Include(j => j.Conflicts)
            .Where(j => j.UserId == UserId).ToListAsync();
        var rows = new List<JudgeCompetitionRow>();
        foreach (var m in memberships)
        {
            var c = await db.Competitions.AsNoTracking().Include(x => x.Categories).SingleAsync(x => x.Id == m.CompetitionId);
            var items = await queue.ItemsAsync(m);
            rows.Add(new JudgeCompetitionRow(c.Id, c.Title, data.PhaseOf(c), c.TimeZoneId, c.SubmissionClosesAt, c.JudgingEndsAt,
                c.Categories.Where(x => m.CategoryIds.Contains(x.Id)).OrderBy(x => x.SortOrder).Select(x => x.Name).ToList(),
                items.Count, items.Count(i => i.Status == ScoreStatus.Submitted), m.ConflictsReviewedAt is not null));
        }

        return View(rows.OrderBy(r => r.Phase == Phase.Judging ? 0 : 1).ThenByDescending(r => r.JudgingEnds).ToList());
    }

    [HttpGet("competitions/{id:int}")]
    public async Task<IActionResult> Queue(int id)
    {
        var m = await conflicts.MembershipAsync(id, UserId);
        var c = m is null ? null : await data.CompetitionAsync(id);
        if (m is null || c is null)
        {
            return NotFound();
        }

        return View(new QueuePage(c.Id, c.Title, data.PhaseOf(c), c.TimeZoneId, c.SubmissionClosesAt, c.JudgingEndsAt, await queue.ItemsAsync(m), m.ConflictsReviewedAt is not null));
    }

    [HttpGet("competitions/{id:int}/conflicts")]
    public async Task<IActionResult> Conflicts(int id)
    {
        var page = await ConflictsPageAsync(id);
        return page is null ? NotFound() : View(page);
    }

    [HttpPost("competitions/{id:int}/conflicts/school")]
    public async Task<IActionResult> AddSchool(int id, [Bind(Prefix = "School")] SchoolConflictForm form)
    {
        var m = await conflicts.MembershipAsync(id, UserId);
        if (m is null)
        {
            return NotFound();
        }

        if (!ModelState.AddErrors(await conflicts.AddSchoolAsync(m, form.Npsn, form.SchoolName), "School"))
        {
            return View(nameof(Conflicts), (await ConflictsPageAsync(id))! with { School = form });
        }

        TempData["Message"] = t["The school was added to your conflicts of interest."].Value;
        return RedirectToAction(nameof(Conflicts), new { id });
    }

    [HttpPost("competitions/{id:int}/conflicts/region")]
    public async Task<IActionResult> AddRegion(int id, [Bind(Prefix = "Region")] RegionConflictForm form)
    {
        var m = await conflicts.MembershipAsync(id, UserId);
        if (m is null)
        {
            return NotFound();
        }

        if (!ModelState.AddErrors(await conflicts.AddRegionAsync(m, form.Province, form.Regency), "Region"))
        {
            return View(nameof(Conflicts), (await ConflictsPageAsync(id))! with { Region = form });
        }

        TempData["Message"] = t["The region was added to your conflicts of interest."].Value;
        return RedirectToAction(nameof(Conflicts), new { id });
    }

    [HttpPost("competitions/{id:int}/conflicts/confirm")]
    public async Task<IActionResult> ConfirmConflicts(int id)
    {
        var m = await conflicts.MembershipAsync(id, UserId);
        if (m is null)
        {
            return NotFound();
        }

        await conflicts.ConfirmAsync(m);
        TempData["Message"] = t["Thank you. Your conflicts of interest are saved; you can add more at any time."].Value;
        return RedirectToAction(nameof(Queue), new { id });
    }

    [HttpPost("competitions/{id:int}/conflicts/{conflictId:int}/remove")]
    public async Task<IActionResult> RemoveConflict(int id, int conflictId)
    {
        var m = await conflicts.MembershipAsync(id, UserId);
        if (m is null || !await conflicts.RemoveAsync(m, conflictId))
        {
            return NotFound();
        }

        TempData["Message"] = t["The conflict of interest was removed."].Value;
        return RedirectToAction(nameof(Conflicts), new { id });
    }

    [HttpGet("entries/{code}")]
    public async Task<IActionResult> Score(string code)
    {
        var access = await scoring.FindAsync(UserId, code);
        if (access is null || !JudgingEligibility.AcceptsScores(access.Phase))
        {
            return NotFound();
        }

        return View(await PageWithNavigationAsync(access));
    }

    /// <summary>The preview of an image of an assigned entry (same checks as the scoring page; no file name, no metadata).</summary>
    [HttpGet("entries/{code}/files/{number:int}/preview")]
    public async Task<IActionResult> Preview(string code, int number, [FromServices] Infrastructure.Imaging.FilePreviews previews, CancellationToken ct)
    {
        var access = await scoring.FindAsync(UserId, code, ct);
        if (access is null || !JudgingEligibility.AcceptsScores(access.Phase) || await scoring.ImageOfAsync(access, number, ct) is not { } stored)
        {
            return NotFound();
        }

        if (await previews.OpenAsync(stored, Infrastructure.Imaging.FilePreviews.Large, ct) is not { } preview)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "private, max-age=86400";
        return File(preview, "image/webp");
    }

    [HttpPost("entries/{code}")]
    [Infrastructure.Web.RateLimited(Infrastructure.Web.RateLimitedAction.ScoreSaves)]
    public async Task<IActionResult> Score(string code, ScoreForm form)
    {
        var access = await scoring.FindAsync(UserId, code);
        if (access is null)
        {
            return NotFound();
        }

        var andNext = form.Command == ScoreForm.SubmitAndNext;
        var result = await scoring.SaveAsync(access, form, submit: form.Command == "submit" || andNext);
        switch (result.Outcome)
        {
            case SaveOutcome.Closed:
                Response.StatusCode = StatusCodes.Status409Conflict;
                return View("Message", new JudgingMessage(t["Scores can no longer be changed"], result.Message!, t["Back to my list"], $"/judge/competitions/{access.Competition.Id}", IsError: true));
            case SaveOutcome.Conflict:
                Response.StatusCode = StatusCodes.Status409Conflict;
                ViewData["Conflict"] = result.Message;
                return View(await PageWithNavigationAsync(access));
            case SaveOutcome.Invalid:
                foreach (var (field, message) in result.Errors)
                {
                    ModelState.AddModelError(field, message);
                }

                Response.StatusCode = StatusCodes.Status400BadRequest;
                return View(await PageWithNavigationAsync(access, form));
            default:
                TempData["Message"] = result.Message;
                if (andNext)
                {
                    var navigation = await NavigationAsync(access);
                    if (navigation?.NextToScore is { } next)
                    {
                        return RedirectToAction(nameof(Score), new { code = next });
                    }

                    TempData["Message"] = result.Message + " " + t["Every entry on your list has a submitted score. Thank you!"].Value;
                    return RedirectToAction(nameof(Queue), new { id = access.Competition.Id });
                }

                return form.Command == "submit"
                    ? RedirectToAction(nameof(Queue), new { id = access.Competition.Id })
                    : RedirectToAction(nameof(Score), new { code });
        }
    }

    [HttpPost("entries/{code}/conflict")]
    public async Task<IActionResult> ReportConflict(string code, string? note)
    {
        var access = await scoring.FindAsync(UserId, code);
        if (access is null || !JudgingEligibility.AcceptsScores(access.Phase))
        {
            return NotFound();
        }

        await conflicts.ReportEntryAsync(access, UserId, note);
        TempData["Message"] = t["The entry {0} was taken off your list and the organizers were told. Thank you for saying so.", access.Entry.PublicCode].Value;
        return RedirectToAction(nameof(Queue), new { id = access.Competition.Id });
    }

    private async Task<ScorePage> PageWithNavigationAsync(JudgeAccess access, ScoreForm? form = null) =>
        (await scoring.PageAsync(access, form)) with { Navigation = await NavigationAsync(access) };

    /// <summary>Where this entry sits in the judge's queue (category, then code: an order that does not move as scores are saved).</summary>
    private async Task<QueueNavigation?> NavigationAsync(JudgeAccess access)
    {
        var m = await conflicts.MembershipAsync(access.Competition.Id, UserId);
        return m is null ? null : QueueNavigation.For(await queue.ItemsAsync(m), access.Entry.PublicCode);
    }

    private async Task<ConflictsPage?> ConflictsPageAsync(int id)
    {
        var m = await conflicts.MembershipAsync(id, UserId);
        var c = m is null ? null : await data.CompetitionAsync(id);
        if (m is null || c is null)
        {
            return null;
        }

        var entryIds = m.Conflicts.Where(x => x.EntryId is not null).Select(x => x.EntryId!.Value).ToList();
        var codes = await db.Entries.AsNoTracking().Where(e => entryIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.PublicCode);

        // Suggestions from the list of provinces and Banten's regencies, never from the places this competition's
        // entrants come from (that could hint at who they are). The fields stay free text.
        return new ConflictsPage(c.Id, c.Title, m.Conflicts.OrderBy(x => x.Kind).ThenBy(x => x.DeclaredAt).ToList(), codes, m.ConflictsReviewedAt,
            Regions.Provinces, Regions.BantenRegencies, c.TimeZoneId);
    }
}
