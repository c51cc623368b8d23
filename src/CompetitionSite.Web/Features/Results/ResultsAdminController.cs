using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Results;
using CompetitionSite.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Results;

/// <summary>
/// Organizers review the ranking of each category, settle ties and awards, publish, correct after publication and
/// export. Readable from the judging phase on (to watch the ranking form); decisions in the review phase.
/// Organizers only: judges never see a ranking.
/// </summary>
[Route("admin/competitions/{id:int}/results")]
[Authorize(Policy = Roles.Organizer)]
public sealed class ResultsAdminController(
    AppDbContext db,
    ResultsQueries data,
    ReviewResults review,
    PublishResults publish,
    ResultsExport export,
    UserManager<ApplicationUser> users) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int id, CancellationToken ct)
    {
        var results = await data.LoadAsync(id, withFeedback: false, ct);
        if (results is null)
        {
            return NotFound();
        }

        string? publishedBy = null;
        if (results.Competition.PublishedByUserId is { } by)
        {
            publishedBy = await db.Users.Where(u => u.Id == by).Select(u => u.FullName).SingleOrDefaultAsync(ct);
        }

        return View(new ResultsOverview(results, publish.Problems(results), publishedBy));
    }

    [HttpPost("mode")]
    public async Task<IActionResult> Mode(int id, RankingMode mode, CancellationToken ct)
    {
        Report(await review.SetModeAsync(id, mode, ct));
        return RedirectToAction(nameof(Index), new { id });
    }

    [HttpGet("categories/{categoryId:int}")]
    public async Task<IActionResult> Category(int id, int categoryId, CancellationToken ct)
    {
        var page = await PageAsync(id, categoryId, null, ct);
        return page is null ? NotFound() : View(page);
    }

    [HttpPost("categories/{categoryId:int}/awards")]
    public async Task<IActionResult> Awards(int id, int categoryId, AwardsForm form, CancellationToken ct)
    {
        var me = users.GetUserId(User)!;
        var outcome = await review.SaveAwardsAsync(id, categoryId, form, me, ct);
        if (outcome.Succeeded)
        {
            TempData["Message"] = outcome.Value;
            return RedirectToAction(nameof(Category), new { id, categoryId });
        }

        ModelState.AddErrors(outcome);

        var page = await PageAsync(id, categoryId, form, ct);
        if (page is null)
        {
            return NotFound();
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(nameof(Category), page);
    }

    [HttpPost("categories/{categoryId:int}/excuse")]
    public async Task<IActionResult> Excuse(int id, int categoryId, int entryId, string? reason, CancellationToken ct)
    {
        Report(await review.ExcuseAsync(id, entryId, reason, users.GetUserId(User)!, ct));
        return RedirectToAction(nameof(Category), new { id, categoryId });
    }

    [HttpPost("publish")]
    public async Task<IActionResult> Publish(int id, bool confirm, CancellationToken ct)
    {
        Report(await publish.PublishAsync(id, confirm, users.GetUserId(User)!, ct));
        return RedirectToAction(nameof(Index), new { id });
    }

    [HttpGet("ranking.csv")]
    public async Task<IActionResult> Csv(int id, CancellationToken ct)
    {
        var results = await data.LoadAsync(id, withFeedback: false, ct);
        if (results is null)
        {
            return NotFound();
        }

        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = $"ranking-{results.Competition.Slug}.csv" }.ToString();
        Response.Headers.CacheControl = "private, no-store";
        await export.WriteCsvAsync(results, Response.Body, ct);
        return new EmptyResult();
    }

    [HttpGet("ranking.xlsx")]
    public async Task<IActionResult> Xlsx(int id, CancellationToken ct)
    {
        var results = await data.LoadAsync(id, withFeedback: false, ct);
        if (results is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "private, no-store";
        return File(export.Xlsx(results), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"ranking-{results.Competition.Slug}.xlsx");
    }

    [HttpGet("print")]
    public async Task<IActionResult> Print(int id, CancellationToken ct)
    {
        var results = await data.LoadAsync(id, withFeedback: false, ct);
        return results is null ? NotFound() : View(new PrintPage(results));
    }

    private async Task<CategoryResultsPage?> PageAsync(int id, int categoryId, AwardsForm? form, CancellationToken ct)
    {
        var results = await data.LoadAsync(id, withFeedback: false, ct);
        var category = results?.Categories.FirstOrDefault(c => c.CategoryId == categoryId);
        if (results is null || category is null)
        {
            return null;
        }

        form ??= new AwardsForm
        {
            Rows = category.Rows.Select(r => new AwardRowForm
            {
                EntryId = r.EntryId,
                // Saved awards when there are any; the ranking's suggestion until then.
                Tier = category.AwardsSaved ? category.TierOf(r.EntryId)?.AwardName : category.Suggestion.TierByEntry.GetValueOrDefault(r.EntryId),
                Special = category.SpecialOf(r.EntryId)?.AwardName,
                Citation = category.TierOf(r.EntryId)?.Citation is { Length: > 0 } c ? c : category.SpecialOf(r.EntryId)?.Citation,
            }).ToList(),
        };
        return new CategoryResultsPage(results, category, form);
    }

    private void Report(Outcome<string> outcome)
    {
        if (outcome.Succeeded)
        {
            if (outcome.Value is not null)
            {
                TempData["Message"] = outcome.Value;
            }
        }
        else
        {
            TempData["Error"] = string.Join(" ", outcome.Messages);
        }
    }
}
