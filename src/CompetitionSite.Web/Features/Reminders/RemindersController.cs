using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Reminders;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Reminders;

public sealed record StopReminderPage(string Token, string Email, string Topic, bool Stopped, bool Invalid);

/// <summary>
/// The page behind "stop these reminders": no account needed, the link itself says whose reminders and which topic.
/// Opening the link changes nothing (mail scanners open links); the one button on the page stops them.
/// </summary>
[Route("reminders")]
[AllowAnonymous]
public sealed class RemindersController(StopLinks links, AppDbContext db, TimeProvider clock, IStringLocalizer<RemindersText> t) : Controller
{
    [HttpGet("stop")]
    public async Task<IActionResult> Stop(string? t)
    {
        Response.Headers.CacheControl = "no-store";
        if (links.Read(t) is not { } found)
        {
            return Invalid();
        }

        var stopped = await db.ReminderStops.AnyAsync(s => s.Email == found.Email && s.Topic == found.Topic);
        return View(new StopReminderPage(t!.Trim(), found.Email, TopicName(found.Topic), stopped, Invalid: false));
    }

    [HttpPost("stop")]
    public async Task<IActionResult> StopConfirmed(string? t)
    {
        Response.Headers.CacheControl = "no-store";
        if (links.Read(t) is not { } found)
        {
            return Invalid();
        }

        if (!await db.ReminderStops.AnyAsync(s => s.Email == found.Email && s.Topic == found.Topic))
        {
            db.ReminderStops.Add(new ReminderStop { Email = found.Email, Topic = found.Topic, CreatedAt = clock.GetUtcNow().UtcDateTime });
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException)
            {
                // The same link clicked twice at once: stopped either way. Anything else is an error.
                if (!await db.ReminderStops.AsNoTracking().AnyAsync(s => s.Email == found.Email && s.Topic == found.Topic))
                {
                    throw;
                }
            }
        }

        return View("Stop", new StopReminderPage(t!.Trim(), found.Email, TopicName(found.Topic), Stopped: true, Invalid: false));
    }

    private ViewResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("Stop", new StopReminderPage("", "", "", Stopped: false, Invalid: true));
    }

    private string TopicName(ReminderTopic topic) => topic switch
    {
        ReminderTopic.Drafts => t["reminders about entries that are still drafts"],
        ReminderTopic.Consent => t["reminders about a consent that is still waiting"],
        _ => t["reminders about judging that is behind schedule"],
    };
}
