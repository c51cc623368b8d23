using System.Text;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Judging;

/// <summary>
/// Organizers run judging: invite judges, assign them (automatically or by hand), watch progress, remind judges who are
/// behind and export every score.
/// </summary>
[Route("admin/competitions/{id:int}/judging")]
[Authorize(Policy = Roles.Organizer)]
public sealed class JudgingAdminController(
    AppDbContext db,
    JudgingQueries data,
    JudgingProgress progress,
    AssignJudges assign,
    JudgeInvitations invitations,
    RemindJudges reminders,
    UserManager<ApplicationUser> users,
    IStringLocalizer<JudgingText> t) : Controller
{
    private const int MaxCsvBytes = 1024 * 1024;

    [HttpGet("")]
    public async Task<IActionResult> Index(int id)
    {
        var model = await progress.OverviewAsync(id);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("assign")]
    public async Task<IActionResult> Assign(int id, int? categoryId)
    {
        var result = await assign.RunAsync(id, categoryId);
        if (!result.Succeeded)
        {
            TempData["Error"] = result.Error;
        }
        else
        {
            var text = new StringBuilder();
            foreach (var run in result.Runs)
            {
                text.Append(t["{0}: {1} new assignments, largest load {2}.", run.Name, run.Added, run.MaxLoad].Value).Append(' ');
                if (run.Short.Count > 0)
                {
                    text.Append(t["{0} entries could not get all their judges (see below).", run.Short.Count].Value).Append(' ');
                }
            }

            if (result.Removed > 0)
            {
                text.Append(t["{0} unscored assignments that no longer held were removed first.", result.Removed].Value);
            }

            TempData["Message"] = text.ToString().Trim();
        }

        return RedirectToAction(nameof(Index), new { id });
    }

    [HttpGet("judges")]
    public async Task<IActionResult> Judges(int id)
    {
        var model = await JudgesPageAsync(id, new InviteForm(), []);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("invite")]
    [RequestSizeLimit(2 * 1024 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = 2 * 1024 * 1024)]
    public async Task<IActionResult> Invite(int id, [Bind(Prefix = "Invite")] InviteForm form)
    {
        var page = await JudgesPageAsync(id, form, []);
        if (page is null)
        {
            return NotFound();
        }

        var text = form.Addresses ?? "";
        if (form.Csv is { Length: > 0 } csv)
        {
            if (csv.Length > MaxCsvBytes)
            {
                ModelState.AddModelError("Invite." + nameof(InviteForm.Csv), t["The CSV file can be at most 1 MB."]);
                return View(nameof(Judges), page);
            }

            using var reader = new StreamReader(csv.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            text = text + "\n" + await reader.ReadToEndAsync();
        }

        var (invitees, problems) = InviteeList.Parse(text);
        if (problems.Count > 0)
        {
            ModelState.AddModelError("Invite." + nameof(InviteForm.Addresses), t["Some lines are not email addresses; nobody was invited. Correct them and send again."]);
            return View(nameof(Judges), page with { Problems = problems });
        }

        if (!ModelState.IsValid)
        {
            return View(nameof(Judges), page);
        }

        var me = await users.GetUserAsync(User);
        var result = await invitations.InviteAsync(id, invitees, form.CategoryIds, me!.Id, me.FullName);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error == t["Choose at least one category of this competition."] ? "Invite." + nameof(InviteForm.CategoryIds) : "Invite." + nameof(InviteForm.Addresses), error);
            }

            return View(nameof(Judges), page);
        }

        var message = t["Invitations sent: {0} new, {1} sent again.", result.Invited, result.Renewed].Value;
        if (result.AlreadyJudges.Count > 0)
        {
            message += " " + t["Already judges (their categories were updated, no email sent): {0}.", string.Join(", ", result.AlreadyJudges)].Value;
        }

        TempData["Message"] = message;
        return RedirectToAction(nameof(Judges), new { id });
    }

    [HttpPost("invitations/{invitationId:int}/resend")]
    public async Task<IActionResult> Resend(int id, int invitationId)
    {
        var me = await users.GetUserAsync(User);
        TempData.Report(await invitations.ResendAsync(id, invitationId, me!.FullName), t["The invitation was sent again with a new link."]);
        return RedirectToAction(nameof(Judges), new { id });
    }

    [HttpPost("invitations/{invitationId:int}/revoke")]
    public async Task<IActionResult> Revoke(int id, int invitationId)
    {
        TempData.Report(await invitations.RevokeAsync(id, invitationId), t["The invitation was withdrawn; its link no longer works."]);
        return RedirectToAction(nameof(Judges), new { id });
    }

    [HttpPost("judges/{judgeId:int}")]
    public async Task<IActionResult> UpdateJudge(int id, int judgeId, JudgeSettingsForm form)
    {
        var outcome = ModelState.IsValid
            ? await invitations.UpdateJudgeAsync(id, judgeId, form.CategoryIds, form.MaxAssignments)
            : Outcome.Refused(ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage));
        TempData.Report(outcome, t["The judge's categories and cap were saved. Run the automatic assignment to apply them."]);
        return RedirectToAction(nameof(Judges), new { id });
    }

    [HttpGet("categories/{categoryId:int}")]
    public async Task<IActionResult> Category(int id, int categoryId, bool onlyShort = false, int page = 1)
    {
        var model = await progress.CategoryAsync(id, categoryId, onlyShort, page);
        return model is null ? NotFound() : View(model);
    }

    [HttpGet("entries/{entryId:int}")]
    public async Task<IActionResult> Entry(int id, int entryId)
    {
        var model = await progress.EntryAsync(id, entryId);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("entries/{entryId:int}/assign")]
    public async Task<IActionResult> AssignJudge(int id, int entryId, int judgeId)
    {
        TempData.Report(await assign.AssignAsync(id, entryId, judgeId), t["The judge was assigned and told by email."]);
        return RedirectToAction(nameof(Entry), new { id, entryId });
    }

    [HttpGet("assignments/{assignmentId:int}/remove")]
    public async Task<IActionResult> Remove(int id, int assignmentId)
    {
        var model = await progress.RemovalAsync(id, assignmentId);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("assignments/{assignmentId:int}/remove")]
    public async Task<IActionResult> Remove(int id, int assignmentId, bool confirm)
    {
        var entryId = await db.JudgeAssignments.Where(a => a.Id == assignmentId && a.CompetitionId == id).Select(a => (int?)a.EntryId).SingleOrDefaultAsync();
        var (outcome, error) = await assign.RemoveAsync(id, assignmentId, confirm);
        switch (outcome)
        {
            case RemoveOutcome.NotFound:
                return NotFound();
            case RemoveOutcome.NeedsConfirmation:
                return RedirectToAction(nameof(Remove), new { id, assignmentId });
            case RemoveOutcome.Refused:
                TempData["Error"] = error;
                break;
            default:
                TempData["Message"] = t["The assignment was removed. Any score it had is kept in the audit log."].Value;
                break;
        }

        return RedirectToAction(nameof(Entry), new { id, entryId });
    }

    [HttpGet("progress")]
    public async Task<IActionResult> Progress(int id)
    {
        var model = await progress.ProgressAsync(id);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("remind")]
    public async Task<IActionResult> Remind(int id, List<int> judgeIds)
    {
        if (await data.CompetitionAsync(id) is null)
        {
            return NotFound();
        }

        var count = await reminders.RemindAsync(id, judgeIds);
        if (count == 0)
        {
            TempData["Error"] = t["Nobody was reminded: choose judges who still have entries to score."].Value;
        }
        else
        {
            TempData["Message"] = t["Reminders were sent to {0} judges.", count].Value;
        }

        return RedirectToAction(nameof(Progress), new { id });
    }

    [HttpGet("scores.csv")]
    public async Task<IActionResult> Export(int id)
    {
        var c = await data.CompetitionAsync(id);
        if (c is null)
        {
            return NotFound();
        }

        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = $"scores-{c.Slug}.csv" }.ToString();
        Response.Headers.CacheControl = "private, no-store";
        await progress.WriteCsvAsync(id, Response.Body, HttpContext.RequestAborted);
        return new EmptyResult();
    }

    private async Task<JudgesPage?> JudgesPageAsync(int id, InviteForm form, IReadOnlyList<InviteeProblem> problems)
    {
        var c = await db.Competitions.AsNoTracking().Include(x => x.Categories).SingleOrDefaultAsync(x => x.Id == id);
        if (c is null)
        {
            return null;
        }

        var categories = c.Categories.OrderBy(x => x.SortOrder).ThenBy(x => x.Id).Select(x => (x.Id, x.Name)).ToList();
        var names = categories.ToDictionary(x => x.Id, x => x.Name);
        var judges = await data.JudgesAsync(id);
        var assignments = await data.AssignmentsAsync(id);
        var now = data.Now;
        var invited = await db.JudgeInvitations.AsNoTracking().Where(i => i.CompetitionId == id).OrderByDescending(i => i.CreatedAt).ToListAsync();
        if (Request.Method == HttpMethods.Get && form.CategoryIds.Count == 0)
        {
            form.CategoryIds = categories.Select(x => x.Id).ToList();
        }

        return new JudgesPage(id, c.Title, c.TimeZoneId, categories,
            judges.Select(j => new JudgeListRow(j, assignments.Count(a => a.JudgeId == j.Id),
                assignments.Count(a => a.JudgeId == j.Id && a.Status == ScoreStatus.Submitted),
                j.CategoryIds.Where(names.ContainsKey).Select(x => names[x]).ToList())).ToList(),
            invited.Where(i => i.Status != InvitationStatus.Accepted).Select(i => new InvitationRow(i.Id, i.Email, i.Name, i.Status,
                i.Status == InvitationStatus.Pending && i.ExpiresAt <= now, i.CreatedAt, i.ExpiresAt, i.DecidedAt,
                i.CategoryIds.Where(names.ContainsKey).Select(x => names[x]).ToList())).ToList(),
            form, problems, data.PhaseOf(c) is not (Domain.Competitions.Phase.Published or Domain.Competitions.Phase.Archived));
    }
}
