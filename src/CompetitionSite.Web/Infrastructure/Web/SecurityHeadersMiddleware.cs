using CompetitionSite.Web.Infrastructure.Storage;

namespace CompetitionSite.Web.Infrastructure.Web;

/// <summary>Adds the security headers every response carries (no inline script, no framing).</summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, FileOrigin? fileOrigin = null)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
        "media-src 'self' blob:; font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private const string FramingBySelfKey = "CompetitionSite.AllowFramingBySelf";

    // Files kept in Azure are read straight from the storage account (SAS links): pages may show them as images,
    // video and framed PDFs from there too.
    private readonly string _policy = fileOrigin?.Origin is { } origin
        ? ContentSecurityPolicy
            .Replace("img-src 'self'", "img-src 'self' " + origin, StringComparison.Ordinal)
            .Replace("media-src 'self'", "media-src 'self' " + origin, StringComparison.Ordinal)
            .Replace("frame-src 'self'", "frame-src 'self' " + origin, StringComparison.Ordinal)
        : ContentSecurityPolicy;

    /// <summary>
    /// Lets the site's own pages frame this response (a stored PDF previewed in an <c>iframe</c>); other sites still
    /// cannot. Call before the response starts.
    /// </summary>
    public static void AllowFramingBySelf(HttpContext context) => context.Items[FramingBySelfKey] = true;

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var framedBySelf = context.Items.ContainsKey(FramingBySelfKey);
            headers.ContentSecurityPolicy = framedBySelf ? _policy.Replace("frame-ancestors 'none'", "frame-ancestors 'self'", StringComparison.Ordinal) : _policy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.XFrameOptions = framedBySelf ? "SAMEORIGIN" : "DENY";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
