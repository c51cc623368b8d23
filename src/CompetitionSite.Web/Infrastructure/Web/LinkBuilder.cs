using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Infrastructure.Web;

/// <summary>Absolute links for emails: the configured public address, else the address of the current request.</summary>
public sealed class LinkBuilder(IOptions<SiteOptions> site, IHttpContextAccessor httpContextAccessor)
{
    public string BaseUrl
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(site.Value.PublicBaseUrl))
            {
                return site.Value.PublicBaseUrl.TrimEnd('/');
            }

            var request = httpContextAccessor.HttpContext?.Request
                ?? throw new InvalidOperationException("Set Site:PublicBaseUrl to build links outside a request.");
            return $"{request.Scheme}://{request.Host}{request.PathBase}";
        }
    }

    /// <summary>Builds <c>{base}{path}?{query}</c> with the query values escaped.</summary>
    public string Absolute(string path, IReadOnlyDictionary<string, string?>? query = null)
    {
        var url = BaseUrl + (path.StartsWith('/') ? path : "/" + path);
        if (query is { Count: > 0 })
        {
            url += "?" + string.Join("&", query
                .Where(kv => kv.Value is not null)
                .Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value!)));
        }

        return url;
    }
}
