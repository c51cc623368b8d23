using System.Globalization;
using System.Text;

namespace CompetitionSite.Web.Features.Shared;

/// <summary>
/// Every CSV export of the site, written the way Excel opens it in the reader's language: UTF-8 with a byte order
/// mark (Indonesian names intact); where the culture writes decimals with a comma (Bahasa Indonesia) fields are
/// separated by <c>;</c> and numbers get a decimal comma, otherwise <c>,</c> and a decimal point (Excel takes its
/// list separator from the same regional setting); records end with CRLF; a field with the separator, a quote or a
/// line break goes in double quotes with quotes doubled (RFC 4180); a field that a spreadsheet would take for a
/// formula (starting with =, +, -, @, tab or CR) gets a leading apostrophe. Writes asynchronously all the way to the
/// output (ASP.NET Core refuses synchronous writes to a response), and flushes when disposed.
/// </summary>
public sealed class CsvWriter : IAsyncDisposable
{
    public static readonly Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    private readonly StreamWriter _writer;
    private readonly StringBuilder _line = new();

    public CsvWriter(Stream output, CultureInfo culture)
    {
        Culture = culture;
        Separator = culture.NumberFormat.NumberDecimalSeparator == "," ? ';' : ',';
        _writer = new StreamWriter(output, Encoding, 16 * 1024, leaveOpen: true);
    }

    public CultureInfo Culture { get; }

    public char Separator { get; }

    /// <summary>A number as the reader's Excel reads it (empty for none).</summary>
    public string Number(double? value, string format = "0.00") => value?.ToString(format, Culture) ?? "";

    /// <summary>A whole number (no thousands separator, so Excel keeps it a number).</summary>
    public string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public async Task RowAsync(IEnumerable<string?> fields, CancellationToken ct = default)
    {
        _line.Clear();
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                _line.Append(Separator);
            }

            first = false;
            _line.Append(Escape(field, Separator));
        }

        _line.Append("\r\n");
        await _writer.WriteAsync(_line, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.FlushAsync();
        await _writer.DisposeAsync();
    }

    public static string Escape(string? field, char separator = ',')
    {
        var value = field ?? "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny([separator, '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
