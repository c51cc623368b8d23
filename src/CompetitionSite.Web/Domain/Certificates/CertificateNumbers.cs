using System.Security.Cryptography;
using System.Text;

namespace CompetitionSite.Web.Domain.Certificates;

/// <summary>
/// Certificate numbers: <c>CS-2026-7K3M-9QXD</c> — the year of issue, seven random characters from a
/// cryptographic source and a check character, in Crockford's base-32 alphabet (no I, L, O or U, so nothing
/// is read as a different character). 32^7 ≈ 34 billion numbers per year: guessing one that exists is
/// impractical. The check character (Luhn mod 32 over the year and the random part) catches every mistyped
/// character and most swapped neighbours before the database is asked.
/// </summary>
public static class CertificateNumbers
{
    public const string Prefix = "CS";
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int RandomLength = 7;

    /// <summary>"CS-2026-7K3M-9QXD".Length</summary>
    public const int Length = 17;

    public static string New(int year)
    {
        if (year is < 2000 or > 9999)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "A four-digit year.");
        }

        Span<char> random = stackalloc char[RandomLength];
        for (var i = 0; i < random.Length; i++)
        {
            random[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        var yearText = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var check = CheckCharacter(yearText + new string(random));
        return $"{Prefix}-{yearText}-{random[..4]}-{random[4..]}{check}";
    }

    /// <summary>
    /// Reads a number as a person may type it: any case, spaces or missing dashes, O for 0, I or L for 1.
    /// Returns the canonical form when the shape and the check character are right, else null.
    /// </summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        var text = new StringBuilder(input.Length);
        foreach (var ch in input.Trim())
        {
            if (ch is '-' or ' ' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014')
            {
                continue;
            }

            var c = char.ToUpperInvariant(ch);
            text.Append(c switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                _ => c,
            });
        }

        // After the prefix "CS" come 4 digits of the year, 7 random characters and the check character.
        var s = text.ToString();
        if (s.Length != 2 + 4 + RandomLength + 1 || !s.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var body = s[2..^1];
        if (!body[..4].All(char.IsAsciiDigit) || body.Any(c => Alphabet.IndexOf(c) < 0) || CheckCharacter(body) != s[^1])
        {
            return null;
        }

        return $"{Prefix}-{body[..4]}-{body[4..8]}-{body[8..]}{s[^1]}";
    }

    /// <summary>Luhn mod N (N = 32) over characters of <see cref="Alphabet"/>.</summary>
    public static char CheckCharacter(string body)
    {
        const int n = 32;
        var factor = 2;
        var sum = 0;
        for (var i = body.Length - 1; i >= 0; i--)
        {
            var codePoint = Alphabet.IndexOf(body[i]);
            if (codePoint < 0)
            {
                throw new ArgumentException($"'{body[i]}' is not in the certificate alphabet.", nameof(body));
            }

            var addend = factor * codePoint;
            factor = factor == 2 ? 1 : 2;
            sum += addend / n + addend % n;
        }

        var remainder = sum % n;
        return Alphabet[(n - remainder) % n];
    }
}
