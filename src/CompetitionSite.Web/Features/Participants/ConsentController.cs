using System.Security.Claims;
using CompetitionSite.Web.Domain.Participants;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Participants;

/// <summary>
/// The pages a guardian reaches from the consent emails, without an account: decide (agree or not) and withdraw.
/// Both links are one-time tokens; a link that is forged, expired or used answers with a clear page and changes nothing.
/// </summary>
[Route("consent")]
[AllowAnonymous]
public sealed class ConsentController(GuardianConsents consents, IStringLocalizer<ParticipantsText> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Decide(string? token)
    {
        if (await consents.FindOpenRequestAsync(token) is not { } found)
        {
            return InvalidLink();
        }

        var (request, p) = found;
        if (IsTheParticipant(p))
        {
            return NotForTheParticipant();
        }

        NoStore();
        return View(new ConsentDecisionPage(
            token!.Trim(), p.FullName, p.SchoolName, $"{ProfileForm.LevelName(p.Level)} · {t["grade {0}", p.Grade]}",
            $"{p.Regency}, {p.Province}", p.DateOfBirth, request.GuardianName, consents.ExpiresAt(request),
            Regions.TimeZoneOf(p.Province), await consents.AlreadyConsentedAsync(p.Id)));
    }

    [HttpPost("")]
    [EnableRateLimiting(Accounts.AccountsSetup.AuthRateLimit)]
    public async Task<IActionResult> Decide(string? token, string? decision, bool publication = false)
    {
        if (decision is not ("give" or "refuse"))
        {
            return await Decide(token);
        }

        var found = await consents.FindOpenRequestAsync(token);
        if (found is { } f && IsTheParticipant(f.Participant))
        {
            return NotForTheParticipant();
        }

        // A request for publication only (taking part is already agreed): not agreeing changes nothing.
        if (found is { } asked && await consents.AlreadyConsentedAsync(asked.Participant.Id) && !(decision == "give" && publication))
        {
            return Message(t["Nothing was changed"], t["Your earlier consent for {0} stands; the entries are not shown in the gallery.", asked.Participant.FullName]);
        }

        if (found is null || !await consents.DecideAsync(token, decision == "give", Evidence(), publication))
        {
            return InvalidLink();
        }

        var name = found.Value.Participant.FullName;
        if (decision == "give" && publication)
        {
            return Message(t["Thank you: consent recorded"], t["{0} may take part, and their entries may be shown in the public gallery. We sent you a confirmation email with a link to withdraw your consent at any time.", name]);
        }

        return decision == "give"
            ? Message(t["Thank you: consent recorded"], t["{0} may now take part. We sent you a confirmation email with a link to withdraw your consent at any time.", name])
            : Message(t["Your answer is recorded"], t["You did not give consent. The entries of {0} will not go to judging. We let {0} know; they can ask you again later.", name]);
    }

    [HttpGet("withdraw")]
    public async Task<IActionResult> Withdraw(string? token)
    {
        if (await consents.FindWithdrawableAsync(token) is not { } found)
        {
            return InvalidLink();
        }

        NoStore();
        return View("Withdraw", new WithdrawConsentPage(found.Participant.FullName, "/consent/withdraw", token!.Trim(), 0));
    }

    [HttpPost("withdraw")]
    [EnableRateLimiting(Accounts.AccountsSetup.AuthRateLimit)]
    public async Task<IActionResult> WithdrawConfirmed(string? token)
    {
        var found = await consents.FindWithdrawableAsync(token);
        if (found is null || await consents.WithdrawByTokenAsync(token) is not { } entries)
        {
            return InvalidLink();
        }

        return Message(t["Consent withdrawn"], entries == 0
            ? t["Your consent for {0} is withdrawn. {0} had no open entries.", found.Value.Participant.FullName]
            : t["Your consent for {0} is withdrawn, and so are their open entries ({1}). We let {0} know.", found.Value.Participant.FullName, entries]);
    }

    /// <summary>The student signed in to their own account cannot decide on their own consent.</summary>
    private bool IsTheParticipant(ParticipantProfile p) =>
        p.UserId is not null && p.UserId == User.FindFirstValue(ClaimTypes.NameIdentifier);

    private ViewResult NotForTheParticipant()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View("Message", new ParticipantMessage(
            t["This link is for your parent or guardian"],
            t["Only your parent or guardian can decide on your consent. Ask them to open the link in the email they received."],
            IsError: true));
    }

    private DecisionEvidence Evidence() => new(HttpContext.Connection.RemoteIpAddress?.ToString(), Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null);

    private void NoStore() => Response.Headers.CacheControl = "no-store";

    private ViewResult Message(string title, string message) => View("Message", new ParticipantMessage(title, message));

    private ViewResult InvalidLink()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("Message", new ParticipantMessage(
            t["Link not valid"],
            t["This link is not valid: it has expired, was already used, or was copied incompletely. Nothing was changed. If you still want to decide, ask the participant to send a new request. To withdraw a consent you gave, use the link in the confirmation email."],
            IsError: true));
    }
}
