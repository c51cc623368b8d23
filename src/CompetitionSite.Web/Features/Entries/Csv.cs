using System.Text;

namespace CompetitionSite.Web.Features.Entries;

/// <summary>
/// CSV as RFC 4180 says (comma-separated, CRLF line ends, fields with a comma, quote or line break in double quotes,
/// quotes doubled), written by hand: it is a few lines and needs no package. A field that a spreadsheet would take
/// for a formula (starting with =, +, - or @) gets a leading apostrophe.
/// </summary>
public sealed class CsvWriter(TextWriter writer)
{
    /// <summary>UTF-8 with a byte order mark, so Excel opens Indonesian names correctly.</summary>
    public static readonly Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public void Row(IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                writer.Write(',');
            }

            first = false;
            writer.Write(Escape(field));
        }

        writer.Write("\r\n");
    }

    public static string Escape(string? field)
    {
        var value = field ?? "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
