using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Infrastructure.Web;

/// <summary>
/// MVC's cookie TempData provider, except that it does not send a "delete the TempData cookie" header to a visitor
/// who never had one. That header made every page uncacheable (the output cache never stores a response that sets
/// a cookie), although there was nothing to delete.
/// </summary>
public sealed class QuietTempDataProvider(CookieTempDataProvider inner, IOptions<CookieTempDataProviderOptions> options) : ITempDataProvider
{
    private readonly string _cookieName = options.Value.Cookie.Name ?? CookieTempDataProvider.CookieName;

    public IDictionary<string, object> LoadTempData(HttpContext context) => inner.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        if (values.Count == 0 && !context.Request.Cookies.ContainsKey(_cookieName))
        {
            return;
        }

        inner.SaveTempData(context, values);
    }
}
