namespace CompetitionSite.Web.Domain.Entries;

/// <summary>
/// The short receipt code a child reads and compares ("3F2A-9C1B"): the first 8 hexadecimal digits of a file's
/// SHA-256, upper case, in two groups of four. It is a reading aid, not a proof: the full SHA-256 stays in the
/// receipt's details and email and is what identifies the file.
/// </summary>
public static class ReceiptCode
{
    public const int Digits = 8;

    /// <summary>The code of a SHA-256 written in hexadecimal (either case); empty for anything shorter than 8 digits.</summary>
    public static string FromSha256(string sha256)
    {
        if (sha256 is null || sha256.Length < Digits)
        {
            return "";
        }

        var head = sha256[..Digits].ToUpperInvariant();
        return head[..4] + "-" + head[4..];
    }
}
