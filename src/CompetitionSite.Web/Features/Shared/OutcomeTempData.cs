using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace CompetitionSite.Web.Features.Shared;

/// <summary>How a controller reports an outcome on the page it redirects to (a button, not a form with fields).</summary>
public static class OutcomeTempData
{
    /// <summary>On success <paramref name="success"/> becomes the page's message; on failure the error messages, joined by a space, its error.</summary>
    public static void Report(this ITempDataDictionary tempData, Outcome outcome, string success)
    {
        if (outcome.Succeeded)
        {
            tempData["Message"] = success;
        }
        else
        {
            tempData["Error"] = string.Join(" ", outcome.Messages);
        }
    }
}
