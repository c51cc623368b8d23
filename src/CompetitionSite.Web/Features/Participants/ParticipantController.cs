using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Infrastructure.Auditing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using CompetitionSite.Web.Infrastructure.Web;

namespace CompetitionSite.Web.Features.Participants;

/// <summary>A student's own participant profile and the request for their guardian's consent.</summary>
[Route("participant")]
[Authorize(Roles = Roles.Student)]
public sealed class ParticipantController(
    AppDbContext db,
    ParticipantDirectory directory,
    GuardianConsents consents,
    UserManager<ApplicationUser> users,
    IAuditLog audit,
    TimeProvider clock,
    IOptions<SiteOptions> site,
    IStringLocalizer<ParticipantsText> t) : Controller
{
    [HttpGet("profile")]
    public async Task<IActionResult> Profile()
    {
        var profile = await directory.ForStudentAsync(UserId);
        var page = Page(profile, profile is null ? new ProfileForm() : ProfileForm.From(profile));
        if (page.Consent is { } asked && (asked.State is ConsentState.Pending or ConsentState.Refused or ConsentState.Withdrawn || asked is { State: ConsentState.Given, CanAsk: true }))
        {
            // Asking again usually goes to the same person: start from the last request.
            page.ConsentForm = new ConsentRequestForm { GuardianName = asked.GuardianName, GuardianEmail = asked.GuardianEmail };
        }

        return View(page);
    }

    [HttpPost("profile")]
    public async Task<IActionResult> Profile(ProfileForm form)
    {
        var profile = await directory.ForStudentAsync(UserId);
        form.Validate(ModelState, t, directory.Today());
        if (!ModelState.IsValid)
        {
            var page = Page(profile, form);
            page.Submitted = "profile";
            return View(page);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (profile is null)
        {
            profile = new ParticipantProfile { UserId = UserId, CreatedAt = now, UpdatedAt = now };
            form.ApplyTo(profile);
            ProfileForm.ApplyPublication(profile, form.PublicationConsent, directory.Today(), now);
            db.Participants.Add(profile);
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.SaveChangesAsync();
            audit.Record("participant.created", "participant", profile.Id.ToString(), "by: the student");
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
        else
        {
            var changed = form.ApplyTo(profile).ToList();
            if (ProfileForm.ApplyPublication(profile, form.PublicationConsent, directory.Today(), now))
            {
                changed.Add(profile.PublicationConsentAt is null
                    ? "PublicationConsent: withdrawn"
                    : $"PublicationConsent: given (wording {ConsentWording.Version})");
            }

            if (changed.Count > 0)
            {
                profile.UpdatedAt = now;
                audit.Record("participant.updated", "participant", profile.Id.ToString(), "fields: " + string.Join(", ", changed));
                await db.SaveChangesAsync();
            }
        }

        TempData["Message"] = t["Your participant profile was saved."].Value;
        return Redirect("/participant/profile");
    }

    [HttpPost("consent-request")]
    [Infrastructure.Web.RateLimited(Infrastructure.Web.RateLimitedAction.ConsentRequests)]
    public async Task<IActionResult> RequestConsent([Bind(Prefix = "ConsentForm")] ConsentRequestForm form)
    {
        var profile = await directory.ForStudentAsync(UserId);
        if (profile is null)
        {
            TempData["Error"] = t["Fill in and save your participant profile first."].Value;
            return Redirect("/participant/profile");
        }

        var own = (await users.GetUserAsync(User))?.Email;
        if (ModelState.IsValid && string.Equals(form.GuardianEmail?.Trim(), own, StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("ConsentForm.GuardianEmail", t["Enter the email address of your parent or guardian, not your own."]);
        }

        if (!ModelState.IsValid)
        {
            var page = Page(profile, ProfileForm.From(profile));
            page.ConsentForm = form;
            page.Submitted = "consent";
            return View(nameof(Profile), page);
        }

        var result = await consents.RequestAsync(profile, form.GuardianName!, form.GuardianEmail!);
        switch (result.Outcome)
        {
            case ConsentRequestOutcome.Sent:
                TempData["Message"] = t["We sent the consent request to {0}. Ask them to open the email and decide.", form.GuardianEmail!.Trim()].Value;
                // Shown once, on the next page only: the same link as in the email, for the guardian's WhatsApp.
                TempData[WhatsAppConsentKey] = ShareLink.WhatsApp(t["Hello {0}, I am {1}. I want to take part in a competition for students on {2}. Because I am under 18, I need your consent as my parent or guardian. Please read and decide here: {3}",
                    form.GuardianName!.Trim(), profile.FullName, site.Value.Name, result.ConsentLink!].Value);
                break;
            case ConsentRequestOutcome.NotNeeded:
                TempData["Message"] = t["You are 18 or older: no guardian consent is needed."].Value;
                break;
            case ConsentRequestOutcome.AlreadyGiven:
                TempData["Message"] = t["Your guardian has already given consent."].Value;
                break;
            case ConsentRequestOutcome.TooSoon:
                TempData["Error"] = t["You just sent a request. You can send it again in a few minutes."].Value;
                break;
        }

        return Redirect("/participant/profile#consent");
    }

    /// <summary>The TempData key of the one-time WhatsApp link shown after a consent request was sent.</summary>
    public const string WhatsAppConsentKey = "ConsentWhatsApp";

    private string UserId => users.GetUserId(User) ?? throw new InvalidOperationException("Signed in without a user id.");

    private ParticipantProfilePage Page(ParticipantProfile? profile, ProfileForm form)
    {
        form.OfferPublication = true;
        return PageOf(profile, form);
    }

    private ParticipantProfilePage PageOf(ParticipantProfile? profile, ProfileForm form) => new()
    {
        Form = form,
        HasProfile = profile is not null,
        Consent = profile is null ? null : ConsentPanels.For(profile, directory.Today(), consents),
    };
}

/// <summary>Builds what a page shows about a participant's consent.</summary>
public static class ConsentPanels
{
    public static ConsentPanel For(ParticipantProfile p, DateOnly today, GuardianConsents consents)
    {
        var state = ParticipantDirectory.ConsentStateOf(p, today);
        var latest = state switch
        {
            ConsentState.Pending => p.Consents.Where(c => c.Status == ConsentStatus.Pending).MaxBy(c => c.RequestedAt),
            ConsentState.Given => p.Consents.Where(c => c.Status == ConsentStatus.Given).MaxBy(c => c.DecidedAt),
            ConsentState.Refused or ConsentState.Withdrawn => p.Consents.Where(c => c.Status != ConsentStatus.Pending).MaxBy(ConsentRules.DecisionTime),
            _ => null,
        };
        var at = latest is null ? (DateTime?)null : state == ConsentState.Pending ? latest.RequestedAt : ConsentRules.DecisionTime(latest);
        var publication = PublicationConsentRules.IsGiven(p, today);
        // Given without the publication clause: the student may ask the guardian for it (the gallery needs it).
        var canAsk = state is ConsentState.Missing or ConsentState.Pending or ConsentState.Refused or ConsentState.Withdrawn
                     || (state == ConsentState.Given && !publication);
        return new ConsentPanel(
            state,
            latest?.GuardianName,
            latest?.GuardianEmail,
            at,
            state == ConsentState.Pending && latest is not null ? consents.ExpiresAt(latest) : null,
            state == ConsentState.Pending && latest is not null && consents.IsExpired(latest),
            canAsk,
            state is ConsentState.Pending or ConsentState.Given ? consents.CanAskAgainAt(p) : null,
            Regions.TimeZoneOf(p.Province),
            publication);
    }
}
