using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Infrastructure.Web;

/// <summary>Adds the security headers every response carries (no inline script, no framing).</summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptions<AzureBlobStorageOptions> blobStorage)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
        "media-src 'self' blob:; font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    // Previews of entries (<img>, <video>, a PDF in an <iframe>) load from short-lived read links; with Azure Blob
    // Storage those are on the storage account's origin, which images, media and frames may therefore come from as
    // well (nothing else may). With direct uploads the upload script also sends blocks there (connect-src).
    private readonly string _policy = PolicyFor(blobStorage.Value);

    public static string PolicyFor(AzureBlobStorageOptions storage)
    {
        if (!storage.IsConfigured)
        {
            return ContentSecurityPolicy;
        }

        var origin = new Azure.Storage.Blobs.BlobServiceClient(storage.ConnectionString).Uri.GetLeftPart(UriPartial.Authority);
        return ContentSecurityPolicy
            .Replace("img-src 'self' data: blob:;", $"img-src 'self' data: blob: {origin};", StringComparison.Ordinal)
            .Replace("media-src 'self' blob:;", $"media-src 'self' blob: {origin};", StringComparison.Ordinal)
            .Replace("frame-src 'self';", $"frame-src 'self' {origin};", StringComparison.Ordinal)
            // Direct uploads: the upload script puts blocks into the account itself.
            .Replace("connect-src 'self';", storage.DirectUploads ? $"connect-src 'self' {origin};" : "connect-src 'self';", StringComparison.Ordinal);
    }

    /// <summary>
    /// Lets the site's own pages frame this response (a stored PDF previewed in an <c>iframe</c>); other sites still
    /// cannot. Call before the response starts. The contract is the standard header: an endpoint that sets
    /// <c>X-Frame-Options: SAMEORIGIN</c> itself (as the local file links do, without knowing this class) gets
    /// <c>frame-ancestors 'self'</c> in its policy; every other response <c>DENY</c> and <c>'none'</c>.
    /// </summary>
    public static void AllowFramingBySelf(HttpContext context) => context.Response.Headers.XFrameOptions = SameOrigin;

    private const string SameOrigin = "SAMEORIGIN";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var framedBySelf = headers.XFrameOptions == SameOrigin;
            headers.ContentSecurityPolicy = framedBySelf
                ? _policy.Replace("frame-ancestors 'none'", "frame-ancestors 'self'", StringComparison.Ordinal)
                : _policy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.XFrameOptions = framedBySelf ? SameOrigin : "DENY";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
