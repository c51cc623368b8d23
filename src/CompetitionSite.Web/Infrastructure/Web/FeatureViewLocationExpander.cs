using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;

namespace CompetitionSite.Web.Infrastructure.Web;

/// <summary>
/// Views live next to their controller: a controller in namespace
/// <c>CompetitionSite.Web.Features.Accounts</c> finds its views in <c>/Features/Accounts/Views/</c>.
/// </summary>
public sealed class FeatureViewLocationExpander : IViewLocationExpander
{
    private const string Key = "feature";
    private const string Marker = ".Features.";

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        if (context.ActionContext.ActionDescriptor is ControllerActionDescriptor descriptor)
        {
            var ns = descriptor.ControllerTypeInfo.Namespace ?? "";
            var index = ns.IndexOf(Marker, StringComparison.Ordinal);
            if (index >= 0)
            {
                context.Values[Key] = ns[(index + Marker.Length)..].Replace('.', '/');
            }
        }
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations)
    {
        if (context.Values.TryGetValue(Key, out var feature) && !string.IsNullOrEmpty(feature))
        {
            yield return $"/Features/{feature}/Views/{{1}}/{{0}}.cshtml";
            yield return $"/Features/{feature}/Views/{{0}}.cshtml";
        }

        yield return "/Features/Shared/Views/{0}.cshtml";
    }
}
