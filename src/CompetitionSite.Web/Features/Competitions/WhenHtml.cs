using System.Text.Encodings.Web;
using CompetitionSite.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Html;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>
/// Markup for times the public reads: the time in the competition's zone with its label, a &lt;time&gt; the page's
/// script turns into the visitor's local time next to it, and countdowns (wwwroot/js/site.js).
/// </summary>
public static class WhenHtml
{
    public static IHtmlContent When(DateTime utc, string zoneId, string localLabel)
    {
        var e = HtmlEncoder.Default;
        return new HtmlString(
            $"<span class=\"when\"><time datetime=\"{e.Encode(TimeDisplay.Iso(utc))}\" data-local>{e.Encode(TimeDisplay.Format(utc, zoneId))}</time>" +
            $"<span class=\"local-time\" data-local-target data-label=\"{e.Encode(localLabel)}\"></span></span>");
    }

    /// <summary>"3 hari 4 jam 10 menit", updated by the script; the server's text is there without it.</summary>
    public static IHtmlContent Countdown(DateTime utc, DateTime nowUtc, string days, string hours, string minutes, string ended)
    {
        var e = HtmlEncoder.Default;
        var left = utc - nowUtc;
        var text = left <= TimeSpan.Zero ? ended : $"{(int)left.TotalDays} {days} {left.Hours} {hours} {left.Minutes} {minutes}";
        return new HtmlString(
            $"<span class=\"countdown\" data-countdown=\"{e.Encode(TimeDisplay.Iso(utc))}\" data-days=\"{e.Encode(days)}\" data-hours=\"{e.Encode(hours)}\" " +
            $"data-minutes=\"{e.Encode(minutes)}\" data-ended=\"{e.Encode(ended)}\">{e.Encode(text)}</span>");
    }
}
