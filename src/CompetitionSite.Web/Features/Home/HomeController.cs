using System.Diagnostics;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Features.Competitions;
using CompetitionSite.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Home;

public sealed record ErrorViewModel(string Title, string Message, string? RequestId);

[AllowAnonymous]
public sealed class HomeController(IStringLocalizer<SharedResource> l) : Controller
{
    /// <summary>Open and upcoming competitions, those being judged, and past ones with published results.</summary>
    [HttpGet("/")]
    [OutputCache(PolicyName = PublicPageCache.Policy)]
    public async Task<IActionResult> Index([FromServices] CompetitionListings listings) => View(await listings.HomeAsync(HttpContext.RequestAborted));

    [HttpGet("/privacy")]
    [OutputCache(PolicyName = PublicPageCache.Policy)]
    public IActionResult Privacy() => View();

    // Any method: the status-code pages re-execute the original request (a refused POST shows this page too).
    // The code comes from the route only: a re-executed POST still carries its form, whose fields (e.g. the reset
    // form's Code) must not choose the status.
    [Route("/error")]
    [Route("/error/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Error([FromRoute] int? code)
    {
        var status = code ?? StatusCodes.Status500InternalServerError;
        Response.StatusCode = status;
        var (title, message) = status switch
        {
            StatusCodes.Status404NotFound => (l["Page not found"].Value, l["The page you are looking for does not exist or is not available."].Value),
            StatusCodes.Status403Forbidden => (l["Access denied"].Value, l["Your account does not have access to this page."].Value),
            StatusCodes.Status400BadRequest => (l["Request not accepted"].Value, l["The form has expired or was not sent correctly. Go back, reload the page and try again."].Value),
            StatusCodes.Status413PayloadTooLarge => (l["File too large"].Value, l["The file is larger than allowed."].Value),
            StatusCodes.Status429TooManyRequests => (l["Too many attempts"].Value, l["Please wait a moment and try again."].Value),
            StatusCodes.Status503ServiceUnavailable => (l["Temporarily unavailable"].Value, l["The site's file storage is not available at the moment. Please try again in a minute."].Value),
            _ => (l["Something went wrong"].Value, l["An error occurred on our side. Please try again in a moment."].Value),
        };
        return View("Error", new ErrorViewModel(title, message, Activity.Current?.Id ?? HttpContext.TraceIdentifier));
    }

    /// <summary>The visitors' language link: only the cookie (a signed-in person's account changes through the POST form).</summary>
    [HttpGet("/language")]
    public IActionResult LanguageLink(string? culture, string? returnUrl)
    {
        SetCultureCookie(LocalizationSetup.Normalize(culture));
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }

    /// <summary>The language switch: remembered in a cookie and, for a signed-in person, on the account.</summary>
    [HttpPost("/language")]
    public async Task<IActionResult> Language(string? culture, string? returnUrl, [FromServices] UserManager<ApplicationUser> userManager)
    {
        var chosen = LocalizationSetup.Normalize(culture);
        SetCultureCookie(chosen);

        if (User.Identity?.IsAuthenticated == true && await userManager.GetUserAsync(User) is { } user && user.PreferredCulture != chosen)
        {
            user.PreferredCulture = chosen;
            await userManager.UpdateAsync(user);
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }

    private void SetCultureCookie(string culture) =>
        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps });
}
