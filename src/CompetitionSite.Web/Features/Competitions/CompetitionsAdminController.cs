using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Competitions;

public sealed record CompetitionRow(int Id, string Slug, string Title, Phase Phase, string TimeZoneId, DateTime OpensAt, DateTime SubmissionClosesAt, int CategoryCount);

public sealed record RubricSummary(int Id, string Name, IReadOnlyList<(string Name, int Weight, int MaxPoints, decimal Percent)> Criteria, IReadOnlyList<string> UsedBy);

public sealed record CompetitionOverview(
    Competition Competition, Phase Phase, IReadOnlyList<Category> Categories, IReadOnlyList<RubricSummary> Rubrics,
    IReadOnlyList<string> ReadinessProblems, Phase? CanMoveBackTo);

public sealed record AuditRow(DateTime At, string ActorName, string Action, string Details);

public sealed record AuditPage(int CompetitionId, string Title, string TimeZoneId, PageOf<AuditRow> Events);

/// <summary>Organizers create, edit, copy, open, move back and archive competitions, and read their audit log.</summary>
[Route("admin/competitions")]
[Authorize(Policy = Roles.Organizer)]
public sealed class CompetitionsAdminController(
    AppDbContext db,
    AuditLogQueries auditLog,
    CompetitionEditor editor,
    CompetitionLifecycle lifecycle,
    BannerImages banners,
    TimeProvider clock,
    IStringLocalizer<CompetitionsText> t,
    IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.Competitions.AsNoTracking()
            .OrderByDescending(c => c.OpensAt)
            .Select(c => new { c.Id, c.Slug, c.Title, c.Stage, c.TimeZoneId, c.OpensAt, c.SubmissionClosesAt, c.JudgingEndsAt, c.ResultsAnnouncedAt, Categories = c.Categories.Count })
            .ToListAsync();
        return View(rows.Select(c => new CompetitionRow(
            c.Id, c.Slug, c.Title,
            CompetitionPhases.Compute(new Competition { Stage = c.Stage, OpensAt = c.OpensAt, SubmissionClosesAt = c.SubmissionClosesAt, JudgingEndsAt = c.JudgingEndsAt, ResultsAnnouncedAt = c.ResultsAnnouncedAt }, now),
            c.TimeZoneId, c.OpensAt, c.SubmissionClosesAt, c.Categories)).ToList());
    }

    [HttpGet("new")]
    public IActionResult New() => View("Form", new CompetitionForm { CanStoreBanner = banners.CanStore });

    [HttpPost("new")]
    [RequestSizeLimit(8 * 1024 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = 8 * 1024 * 1024)]
    public async Task<IActionResult> New(CompetitionForm form)
    {
        form.CanStoreBanner = banners.CanStore;
        if (!ModelState.IsValid)
        {
            return View("Form", form);
        }

        var result = await editor.CreateAsync(form);
        if (!ModelState.AddErrors(result))
        {
            return View("Form", form);
        }

        TempData["Message"] = t["The competition was created as a draft. Add categories and a rubric, then open it."].Value;
        return RedirectToAction(nameof(Details), new { id = result.Value });
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id)
    {
        var c = await db.Competitions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id);
        if (c is null)
        {
            return NotFound();
        }

        var categories = await db.Categories.AsNoTracking()
            .Where(x => x.CompetitionId == id)
            .Include(x => x.AwardTiers)
            .Include(x => x.Rubric)
            .OrderBy(x => x.SortOrder).ThenBy(x => x.Id)
            .AsSplitQuery()
            .ToListAsync();
        var rubrics = await db.Rubrics.AsNoTracking()
            .Where(r => r.CompetitionId == id)
            .Include(r => r.Criteria)
            .OrderBy(r => r.Name)
            .ToListAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        var phase = c.PhaseAt(now);
        var summaries = rubrics.Select(r =>
        {
            var ordered = r.Criteria.OrderBy(x => x.Order).ToList();
            var pct = RubricRules.WeightPercentages(ordered.Select(x => x.Weight).ToList());
            return new RubricSummary(r.Id, r.Name,
                ordered.Select((x, i) => (x.Name, x.Weight, x.MaxPoints, pct[i])).ToList(),
                categories.Where(x => x.RubricId == r.Id).Select(x => x.Name).ToList());
        }).ToList();
        var readiness = c.Stage == CompetitionStage.Draft ? await lifecycle.ReadinessProblemsAsync(id) : [];
        var back = c.Stage == CompetitionStage.Live ? CompetitionPhases.PreviousPhase(phase) : null;
        return View(new CompetitionOverview(c, phase, categories, summaries, readiness, back));
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id)
    {
        var c = await db.Competitions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id);
        if (c is null)
        {
            return NotFound();
        }

        var form = CompetitionForm.From(c);
        form.CanStoreBanner = banners.CanStore;
        return View("Form", form);
    }

    [HttpPost("{id:int}/edit")]
    [RequestSizeLimit(8 * 1024 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = 8 * 1024 * 1024)]
    public async Task<IActionResult> Edit(int id, CompetitionForm form)
    {
        var current = await db.Competitions.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.Slug, x.BannerFileName }).SingleOrDefaultAsync();
        if (current is null)
        {
            return NotFound();
        }

        form.Id = id;
        form.CanStoreBanner = banners.CanStore;
        form.CurrentBannerUrl = current.BannerFileName is null ? null : CompetitionForm.BannerUrl(current.Slug, current.BannerFileName);
        if (!ModelState.IsValid)
        {
            return View("Form", form);
        }

        if (!ModelState.AddErrors(await editor.EditAsync(id, form)))
        {
            return View("Form", form);
        }

        TempData["Message"] = t["The changes were saved."].Value;
        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpGet("{id:int}/copy")]
    public async Task<IActionResult> Copy(int id)
    {
        var c = await db.Competitions.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.Title, x.TimeZoneId }).SingleOrDefaultAsync();
        if (c is null)
        {
            return NotFound();
        }

        return View(new CopyCompetitionForm { SourceId = id, SourceTitle = c.Title, Title = c.Title, TimeZoneId = c.TimeZoneId });
    }

    [HttpPost("{id:int}/copy")]
    public async Task<IActionResult> Copy(int id, CopyCompetitionForm form)
    {
        var title = await db.Competitions.AsNoTracking().Where(x => x.Id == id).Select(x => x.Title).SingleOrDefaultAsync();
        if (title is null)
        {
            return NotFound();
        }

        form.SourceId = id;
        form.SourceTitle = title;
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var result = await editor.CopyAsync(id, form);
        if (!ModelState.AddErrors(result))
        {
            return View(form);
        }

        TempData["Message"] = t["The copy was created as a draft with the categories, awards and rubrics of the original. Check the texts before opening it."].Value;
        return RedirectToAction(nameof(Details), new { id = result.Value });
    }

    [HttpPost("{id:int}/open")]
    public async Task<IActionResult> Open(int id)
    {
        var result = await lifecycle.OpenAsync(id);
        if (result.Succeeded)
        {
            TempData["Message"] = t["The competition is open to the public now."].Value;
        }
        else
        {
            TempData["Error"] = t["The competition cannot be opened yet: {0}", string.Join(" ", result.Errors.Select(e => e.Message))].Value;
        }

        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpPost("{id:int}/archive")]
    public async Task<IActionResult> Archive(int id)
    {
        var result = await lifecycle.ArchiveAsync(id);
        if (result.Succeeded)
        {
            TempData["Message"] = t["The competition was archived."].Value;
        }
        else
        {
            TempData["Error"] = string.Join(" ", result.Errors.Select(e => e.Message));
        }

        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpGet("{id:int}/move-back")]
    public async Task<IActionResult> MoveBack(int id)
    {
        var form = await MoveBackFormAsync(id, null);
        return form is null ? NotFound() : View(form);
    }

    [HttpPost("{id:int}/move-back")]
    public async Task<IActionResult> MoveBack(int id, MoveBackForm posted)
    {
        var form = await MoveBackFormAsync(id, posted);
        if (form is null)
        {
            return NotFound();
        }

        if (form.Target is null)
        {
            ModelState.AddModelError("", t["The competition cannot be moved back from the phase \"{0}\".", l.PhaseName(form.Current)]);
            return View(form);
        }

        if (!ModelState.IsValid)
        {
            return View(form);
        }

        DateTime? Utc(DateTime? local) => local is { } v ? CompetitionTimeZones.ToUtc(v, form.TimeZoneId) : null;
        var result = await lifecycle.MoveBackAsync(id, form.Reason, Utc(form.SubmissionClosesAt), Utc(form.JudgingEndsAt), Utc(form.ResultsAnnouncedAt));
        if (!ModelState.AddErrors(result))
        {
            return View(form);
        }

        TempData["Message"] = t["The competition was moved back to \"{0}\". The change is in the audit log.", l.PhaseName(form.Target.Value)].Value;
        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpGet("{id:int}/audit")]
    public async Task<IActionResult> Audit(int id, CancellationToken ct, int page = 1) =>
        await auditLog.PageAsync(id, page, ct) is { } model ? View(model) : NotFound();

    private async Task<MoveBackForm?> MoveBackFormAsync(int id, MoveBackForm? posted)
    {
        var c = await db.Competitions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id);
        if (c is null)
        {
            return null;
        }

        var phase = c.PhaseAt(clock.GetUtcNow().UtcDateTime);
        var form = posted ?? new MoveBackForm
        {
            SubmissionClosesAt = CompetitionTimeZones.ToWallClock(c.SubmissionClosesAt, c.TimeZoneId),
            JudgingEndsAt = CompetitionTimeZones.ToWallClock(c.JudgingEndsAt, c.TimeZoneId),
            ResultsAnnouncedAt = CompetitionTimeZones.ToWallClock(c.ResultsAnnouncedAt, c.TimeZoneId),
        };
        form.CompetitionId = id;
        form.Title = c.Title;
        form.TimeZoneId = c.TimeZoneId;
        form.OpensAt = CompetitionTimeZones.ToWallClock(c.OpensAt, c.TimeZoneId);
        form.Current = phase;
        form.Target = c.Stage == CompetitionStage.Live ? CompetitionPhases.PreviousPhase(phase) : null;
        return form;
    }
}

/// <summary>Names of audit actions for the organizers' audit page.</summary>
public static class AuditActions
{
    public static string ActionName(this IStringLocalizer<CompetitionsText> t, string action) => action switch
    {
        "competition.created" => t["Competition created"],
        "competition.edited" => t["Competition changed"],
        "competition.copied" => t["Competition copied from an earlier one"],
        "competition.opened" => t["Competition opened"],
        "competition.archived" => t["Competition archived"],
        "competition.moved-back" => t["Competition moved back a phase"],
        "category.created" => t["Category added"],
        "category.edited" => t["Category changed"],
        "category.deleted" => t["Category removed"],
        "rubric.created" => t["Rubric added"],
        "rubric.edited" => t["Rubric changed"],
        "rubric.deleted" => t["Rubric removed"],
        "certificates.issued" => t["Certificates issued"],
        "certificate.revoked" => t["Certificate revoked"],
        "certificate-design.changed" => t["Certificate design changed"],
        "judging.invited" => t["Judges invited"],
        "judging.invitation-accepted" => t["Judge invitation accepted"],
        "judging.invitation-declined" => t["Judge invitation declined"],
        "judging.invitation-revoked" => t["Judge invitation withdrawn"],
        "judging.invitation-resent" => t["Judge invitation sent again"],
        "judging.judge-changed" => t["Judge's categories or cap changed"],
        "judging.conflicts-confirmed" => t["Judge confirmed their conflicts of interest"],
        "judging.conflict-declared" => t["Conflict of interest declared"],
        "judging.conflict-withdrawn" => t["Conflict of interest withdrawn"],
        "judging.entry-conflict" => t["Judge recognised an entry"],
        "judging.auto-assigned" => t["Judges assigned automatically"],
        "judging.assigned" => t["Judge assigned by hand"],
        "judging.unassigned" => t["Assignment removed"],
        "judging.reminded" => t["Judges reminded"],
        "score.draft-saved" => t["Score draft saved"],
        "score.submitted" => t["Score submitted"],
        "score.revised" => t["Submitted score revised"],
        "entry.created" => t["Entry started"],
        "entry.details-changed" => t["Entry details changed"],
        "entry.file-uploaded" => t["File uploaded to an entry"],
        "entry.file-rejected" => t["Upload refused"],
        "entry.submitted" => t["Entry submitted"],
        "entry.withdrawn" => t["Entry withdrawn"],
        "entry.disqualified" => t["Entry disqualified"],
        "entry.gallery-hidden" => t["Entry hidden from the gallery"],
        "entry.gallery-shown" => t["Entry shown in the gallery again"],
        "entry.deleted" => t["Entry deleted"],
        "entry.anonymized" => t["Entry made anonymous (account deleted)"],
        "entry.teammate-invited" => t["Teammate invited"],
        "entry.invitation-accepted" => t["Team invitation accepted"],
        "entry.invitation-declined" => t["Team invitation declined"],
        "entry.member-removed" => t["Team member removed"],
        "results.ranking-mode" => t["Ranking method changed"],
        "results.entry-excused" => t["Entry excused from missing scores"],
        "results.awards-saved" => t["Awards saved"],
        "results.published" => t["Results published"],
        "results.corrected" => t["Results corrected"],
        _ => action,
    };
}
