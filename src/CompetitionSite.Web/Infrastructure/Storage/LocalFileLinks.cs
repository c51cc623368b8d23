using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace CompetitionSite.Web.Infrastructure.Storage;

/// <summary>
/// Signed, short-lived links to the site's own <c>/files/{name}</c> endpoint (the local-disk counterpart of an
/// Azure SAS link): <c>/files/{name}?exp=&lt;unix seconds&gt;&amp;fn=&lt;download name&gt;&amp;ct=&lt;preview type&gt;[&amp;disp=inline]&amp;sig=...</c>.
/// The signature is the SHA-256 of those values protected with ASP.NET Core Data Protection, so it is checked
/// with the same key ring as cookies (kept in the database, shared by every instance) and can't be forged or
/// moved to another file, name or type. The expiry is checked against <see cref="TimeProvider"/>.
/// </summary>
public sealed class LocalFileLinks(IDataProtectionProvider dataProtection, TimeProvider time)
{
    public const string PathPrefix = "/files/";
    private const string Inline = "inline";
    private const string Purpose = "CompetitionSite.Storage.LocalFileLinks.v1";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);

    public Uri Create(string name, ReadUrlRequest request)
    {
        FileNames.Validate(name);
        request.Validate();
        // Whole seconds, rounded up: the link works for at least ValidFor and less than a second more.
        var expires = (long)Math.Ceiling(time.GetUtcNow().Add(request.ValidFor).ToUnixTimeMilliseconds() / 1000.0);
        var fileName = FileNames.CleanDownloadName(request.DownloadFileName, name);
        var contentType = PreviewContentTypes.Resolve(request.ContentType);
        var inline = PreviewContentTypes.ServesInline(request.Inline, contentType);
        var query = new Dictionary<string, string?>
        {
            ["exp"] = expires.ToString(CultureInfo.InvariantCulture),
            ["fn"] = fileName,
            ["ct"] = contentType == PreviewContentTypes.Download ? null : contentType,
            ["disp"] = inline ? Inline : null,
            ["sig"] = WebEncoders.Base64UrlEncode(_protector.Protect(Digest(name, expires, fileName, contentType, inline))),
        };
        return new Uri(QueryHelpers.AddQueryString(PathPrefix + name, query), UriKind.Relative);
    }

    /// <summary>Checks a link's values; on success gives the download name and the type to serve.</summary>
    public bool TryValidate(string name, string? exp, string? fn, string? ct, string? sig, out ValidatedLink link) =>
        TryValidate(name, exp, fn, ct, disp: null, sig, out link);

    /// <summary>Checks a link's values, <c>disp</c> included; on success gives the download name, the type to serve and whether inline.</summary>
    public bool TryValidate(string name, string? exp, string? fn, string? ct, string? disp, string? sig, out ValidatedLink link)
    {
        link = default;
        var inline = disp == Inline;
        if (!FileNames.IsValid(name)
            || (disp is not null && !inline)
            || string.IsNullOrEmpty(sig)
            || string.IsNullOrEmpty(fn)
            || !long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || expires > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || time.GetUtcNow() >= DateTimeOffset.FromUnixTimeSeconds(expires))
        {
            return false;
        }

        var contentType = string.IsNullOrEmpty(ct) ? PreviewContentTypes.Download : ct;
        if (PreviewContentTypes.Resolve(contentType) != contentType || (inline && !PreviewContentTypes.ServesInline(true, contentType)))
        {
            return false;
        }

        byte[] signed;
        try
        {
            signed = _protector.Unprotect(WebEncoders.Base64UrlDecode(sig));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(signed, Digest(name, expires, fn, contentType, inline)))
        {
            return false;
        }

        link = new ValidatedLink(fn, contentType, inline);
        return true;
    }

    // An attachment link signs the same text as before inline links existed, so links already sent keep working.
    private static byte[] Digest(string name, long expires, string fileName, string contentType, bool inline) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{name}\n{expires.ToString(CultureInfo.InvariantCulture)}\n{fileName}\n{contentType}" + (inline ? "\n" + Inline : "")));
}

public readonly record struct ValidatedLink(string DownloadFileName, string ContentType, bool Inline = false);
