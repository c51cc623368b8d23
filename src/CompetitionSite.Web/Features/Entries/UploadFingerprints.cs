namespace CompetitionSite.Web.Features.Entries;

/// <summary>
/// The fingerprint a client gives of the file it uploads (issue 17): the page's script sends the SHA-256, as 64 hex
/// digits, over the file's size, its first and last 64 KiB and 16 samples of 4 KiB between them (wwwroot/js/upload.js).
/// The server never recomputes it (it has no whole file until completion); it stores it on the session and compares:
/// a session that has one is continued only by requests that present the same one (<see cref="Header"/> on chunks and
/// completion, <c>?fingerprint=</c> on the status a client asks before continuing). The file's SHA-256 on the receipt
/// is still the server's own, from the stored bytes.
/// </summary>
public static class UploadFingerprints
{
    /// <summary>The request header that carries the fingerprint on chunk and completion requests.</summary>
    public const string Header = "Upload-Fingerprint";

    public const int Length = 64;

    /// <summary>
    /// Null or blank: no fingerprint (an older client). Otherwise exactly 64 hex digits, returned in lower case;
    /// anything else is not valid (<paramref name="valid"/> false).
    /// </summary>
    public static string? Normalize(string? value, out bool valid)
    {
        valid = true;
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        valid = trimmed.Length == Length && trimmed.All(char.IsAsciiHexDigit);
        return valid ? trimmed.ToLowerInvariant() : null;
    }

    /// <summary>
    /// Whether a request presenting <paramref name="presented"/> may continue <paramref name="session"/>: always for a
    /// session without a fingerprint (as before fingerprints existed); otherwise only with the same one.
    /// </summary>
    public static bool MayContinue(Domain.Entries.UploadSession session, string? presented) =>
        session.Fingerprint is null
        || string.Equals(session.Fingerprint, Normalize(presented, out _), StringComparison.Ordinal);
}
