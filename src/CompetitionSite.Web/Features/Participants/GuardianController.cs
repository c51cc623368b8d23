using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Infrastructure.Auditing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Participants;

/// <summary>
/// A guardian account (parent or teacher) manages pupils who have no email of their own: adds and edits their
/// profiles, consents for several in one step, and withdraws consent. Someone else's pupil answers 404.
/// </summary>
[Route("guardian")]
[Authorize(Roles = Roles.Guardian)]
public sealed class GuardianController(
    AppDbContext db,
    ParticipantDirectory directory,
    GuardianConsents consents,
    UserManager<ApplicationUser> users,
    IAuditLog audit,
    TimeProvider clock,
    IStringLocalizer<ParticipantsText> t) : Controller
{
    [HttpGet("pupils")]
    public async Task<IActionResult> Pupils()
    {
        var today = directory.Today();
        var pupils = await directory.ManagedByAsync(UserId);
        var managedIds = pupils.Select(p => p.Id).ToHashSet();
        var byEmail = (await consents.GivenByAsync(await CurrentUserAsync()))
            .Where(x => !managedIds.Contains(x.Participant.Id) && ParticipantDirectory.ConsentStateOf(x.Participant, today) == ConsentState.Given)
            .GroupBy(x => x.Participant.Id)
            .Select(g => new ConsentedStudentRow(g.Key, g.First().Participant.FullName, g.Max(x => x.Consent.DecidedAt ?? x.Consent.RequestedAt)))
            .OrderBy(r => r.FullName)
            .ToList();
        return View(new PupilsPage(
            pupils.Select(p => new PupilRow(p.Id, p.FullName, p.SchoolName, LevelAndGrade(p), ConsentPanels.For(p, today, consents))).ToList(),
            byEmail));
    }

    [HttpGet("pupils/new")]
    public IActionResult NewPupil() => View("Pupil", new PupilPage());

    [HttpPost("pupils/new")]
    public async Task<IActionResult> NewPupil(ProfileForm form)
    {
        form.Validate(ModelState, t, directory.Today());
        if (!ModelState.IsValid)
        {
            return View("Pupil", new PupilPage { Form = form });
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var pupil = new ParticipantProfile { GuardianUserId = UserId, CreatedAt = now, UpdatedAt = now };
        form.ApplyTo(pupil);
        db.Participants.Add(pupil);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.SaveChangesAsync();
        audit.Record("participant.created", "participant", pupil.Id.ToString(), "by: guardian account");
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        TempData["Message"] = t["{0} was added.", pupil.FullName].Value;
        return Redirect("/guardian/pupils");
    }

    [HttpGet("pupils/{id:int}")]
    public async Task<IActionResult> EditPupil(int id) =>
        await ManagedPupilAsync(id) is { } pupil
            ? View("Pupil", new PupilPage { Id = pupil.Id, Form = ProfileForm.From(pupil) })
            : NotFound();

    [HttpPost("pupils/{id:int}")]
    public async Task<IActionResult> EditPupil(int id, ProfileForm form)
    {
        if (await ManagedPupilAsync(id) is not { } pupil)
        {
            return NotFound();
        }

        form.Validate(ModelState, t, directory.Today());
        if (!ModelState.IsValid)
        {
            return View("Pupil", new PupilPage { Id = id, Form = form });
        }

        var changed = form.ApplyTo(pupil);
        if (changed.Count > 0)
        {
            pupil.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            audit.Record("participant.updated", "participant", pupil.Id.ToString(), "fields: " + string.Join(", ", changed));
            await db.SaveChangesAsync();
        }

        TempData["Message"] = t["The profile of {0} was saved.", pupil.FullName].Value;
        return Redirect("/guardian/pupils");
    }

    [HttpGet("consent")]
    public async Task<IActionResult> Consent() => View(await ConsentPageAsync(new GuardianConsentForm()));

    [HttpPost("consent")]
    public async Task<IActionResult> Consent([Bind(Prefix = "Form")] GuardianConsentForm form)
    {
        var today = directory.Today();
        var pupils = await directory.ManagedByAsync(UserId);
        var chosen = form.PupilIds.Distinct().ToList();
        // Any id that is not one of this guardian's pupils: not found, and nothing is recorded.
        if (chosen.Any(id => pupils.All(p => p.Id != id)))
        {
            return NotFound();
        }

        var selected = pupils.Where(p => chosen.Contains(p.Id)).ToList();
        if (selected.Count == 0)
        {
            ModelState.AddModelError("Form.PupilIds", t["Choose at least one pupil."]);
        }
        else if (selected.Any(p => !NeedsConsent(p, today, form.Publication)))
        {
            ModelState.AddModelError("Form.PupilIds", form.Publication
                ? t["Choose only pupils under 18 who do not have consent (or consent to publication) yet."]
                : t["Choose only pupils under 18 who do not have consent yet."]);
        }

        if (!ModelState.IsValid || ConsentBasis.MethodOf(form.Basis) is not { } method)
        {
            return View(await ConsentPageAsync(form));
        }

        await consents.GiveFromAccountAsync(await CurrentUserAsync(), selected, method, Evidence(), form.Publication);
        TempData["Message"] = t["Consent recorded for: {0}.", string.Join(", ", selected.Select(p => p.FullName))].Value;
        return Redirect("/guardian/pupils");
    }

    [HttpGet("pupils/{id:int}/withdraw")]
    public async Task<IActionResult> Withdraw(int id) =>
        await WithdrawableAsync(id) is { } participant
            ? View(new WithdrawConsentPage(participant.FullName, $"/guardian/pupils/{id}/withdraw", null, 0))
            : NotFound();

    [HttpPost("pupils/{id:int}/withdraw")]
    public async Task<IActionResult> WithdrawConfirmed(int id)
    {
        if (await WithdrawableAsync(id) is not { } participant)
        {
            return NotFound();
        }

        var guardian = await CurrentUserAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var entries = await consents.WithdrawAsync(participant, guardian.FullName);
        await transaction.CommitAsync();
        TempData["Message"] = t["Consent for {0} is withdrawn. Entries withdrawn: {1}.", participant.FullName, entries].Value;
        return Redirect("/guardian/pupils");
    }

    private string UserId => users.GetUserId(User) ?? throw new InvalidOperationException("Signed in without a user id.");

    private async Task<ApplicationUser> CurrentUserAsync() =>
        await users.GetUserAsync(User) ?? throw new InvalidOperationException("The signed-in account no longer exists.");

    private async Task<ParticipantProfile?> ManagedPupilAsync(int id) =>
        (await directory.ManagedByAsync(UserId)).FirstOrDefault(p => p.Id == id);

    /// <summary>A participant whose consent this guardian may withdraw: a managed pupil, or one they consented for.</summary>
    private async Task<ParticipantProfile?> WithdrawableAsync(int id)
    {
        var today = directory.Today();
        var participant = await ManagedPupilAsync(id)
            ?? (await consents.GivenByAsync(await CurrentUserAsync())).Select(x => x.Participant).FirstOrDefault(p => p.Id == id);
        return participant is not null && ParticipantDirectory.ConsentStateOf(participant, today) == ConsentState.Given ? participant : null;
    }

    private async Task<GuardianConsentPage> ConsentPageAsync(GuardianConsentForm form)
    {
        var today = directory.Today();
        var pupils = await directory.ManagedByAsync(UserId);
        return new GuardianConsentPage
        {
            Form = form,
            Candidates = pupils
                .Select(p => new ConsentCandidate(p.Id, p.FullName, p.SchoolName, LevelAndGrade(p), ParticipantDirectory.ConsentStateOf(p, today)))
                .Where(c => NeedsConsent(pupils.Single(p => p.Id == c.Id), today, publication: true))
                .ToList(),
        };
    }

    /// <summary>A minor without consent, or (when the guardian ticks publication) with consent that lacks the publication clause.</summary>
    private static bool NeedsConsent(ParticipantProfile p, DateOnly today, bool publication) => ParticipantDirectory.ConsentStateOf(p, today) switch
    {
        ConsentState.NotNeeded => false,
        ConsentState.Given => publication && !PublicationConsentRules.IsGiven(p, today),
        _ => true,
    };

    private string LevelAndGrade(ParticipantProfile p) => $"{ProfileForm.LevelName(p.Level)} · {t["grade {0}", p.Grade]}";

    private DecisionEvidence Evidence() => new(HttpContext.Connection.RemoteIpAddress?.ToString(), Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null);
}
