using System.Buffers;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace CompetitionSite.Web.Infrastructure.Storage;

/// <summary>Names of stored files: generated, GUID-based, safe as a file name and as a blob name.</summary>
public static class FileNames
{
    public const int MaxLength = 128;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    /// <summary>A new name: 32 hex digits, plus the extension (lower case, letters and digits only) when given.</summary>
    public static string New(string? extension = null)
    {
        var name = Guid.NewGuid().ToString("N");
        var ext = (extension ?? "").TrimStart('.').ToLowerInvariant();
        return ext.Length is > 0 and <= 10 && ext.All(char.IsAsciiLetterOrDigit) ? $"{name}.{ext}" : name;
    }

    /// <summary>Letters, digits, <c>-</c>, <c>_</c> and <c>.</c>; no leading dot, no <c>..</c>, at most <see cref="MaxLength"/> characters.</summary>
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name)
        && name.Length <= MaxLength
        && !name.AsSpan().ContainsAnyExcept(Allowed)
        && name[0] != '.'
        && !name.Contains("..", StringComparison.Ordinal);

    /// <summary>Throws <see cref="ArgumentException"/> for a name that could leave the store's folder or is not a generated name.</summary>
    public static string Validate(string name)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException(
                "A stored file name must be a generated name: letters, digits, '-', '_' and '.', no path separators, no '..'.",
                nameof(name));
        }

        return name;
    }

    /// <summary>
    /// The <c>Content-Disposition</c> value for a download: always <c>attachment</c>, with the file name in plain
    /// ASCII and in UTF-8 (<c>filename*</c>), control characters and path separators removed.
    /// </summary>
    public static string AttachmentDisposition(string? downloadFileName, string fallback) =>
        Disposition(inline: false, downloadFileName, fallback);

    /// <summary>
    /// The <c>Content-Disposition</c> value: <c>inline</c> when asked for, else <c>attachment</c>, with the file name
    /// as in <see cref="AttachmentDisposition"/>. Callers ask for inline only for a safe preview type.
    /// </summary>
    public static string Disposition(bool inline, string? downloadFileName, string fallback)
    {
        var header = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        header.SetHttpFileName(CleanDownloadName(downloadFileName, fallback));
        return header.ToString();
    }

    /// <summary>A file name fit for a download: no control characters or path separators, at most 150 characters.</summary>
    public static string CleanDownloadName(string? downloadFileName, string fallback)
    {
        var text = new StringBuilder();
        foreach (var c in downloadFileName ?? "")
        {
            text.Append(char.IsControl(c) || c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c);
        }

        var clean = text.ToString().Trim().Trim('.');
        if (clean.Length > 150)
        {
            clean = clean[..150];
        }

        return clean.Length == 0 ? fallback : clean;
    }
}

/// <summary>The types a read URL may serve as themselves, so the browser can show them; everything else is a plain download.</summary>
/// <summary>How a page may show a stored file: the one mapping from content type, for judges' and students' pages alike.</summary>
public enum PreviewKind
{
    None = 0,
    Image = 1,
    Pdf = 2,
    Video = 3,
}

public static class PreviewContentTypes
{
    public const string Download = "application/octet-stream";

    public static readonly IReadOnlySet<string> Safe = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "image/png", "image/jpeg", "image/webp", "application/pdf", "video/mp4", "video/webm",
    };

    /// <summary>The type to serve: the given one when it is a safe preview type (lower-cased, no parameters), else <see cref="Download"/>.</summary>
    public static string Resolve(string? contentType)
    {
        var type = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return Safe.Contains(type) ? type : Download;
    }

    /// <summary>The image types the site makes small previews of (and the winners page shows).</summary>
    public static readonly IReadOnlyList<string> Images = ["image/png", "image/jpeg", "image/webp"];

    /// <summary>How a file of this type is previewed: images, PDFs and videos of the safe types; anything else only downloads.</summary>
    public static PreviewKind KindOf(string? contentType) => Resolve(contentType) switch
    {
        "image/png" or "image/jpeg" or "image/webp" => PreviewKind.Image,
        "application/pdf" => PreviewKind.Pdf,
        "video/mp4" or "video/webm" => PreviewKind.Video,
        _ => PreviewKind.None,
    };

    /// <summary>Whether a read URL is served inline: only when asked for and the type served is a safe preview type.</summary>
    public static bool ServesInline(bool inlineAsked, string? contentType) => inlineAsked && Resolve(contentType) != Download;
}
