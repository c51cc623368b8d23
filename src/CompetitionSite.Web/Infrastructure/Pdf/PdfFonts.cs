using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace CompetitionSite.Web.Infrastructure.Pdf;

/// <summary>
/// The fonts PDFs are written with, shipped inside the assembly (DejaVu Sans and DejaVu Serif, Bitstream Vera
/// licence: Fonts/LICENSE-DejaVu.txt), so a fresh machine and the Docker image render the same documents
/// without any installed fonts. PDFsharp embeds the subset of glyphs a document uses.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Sans = "DejaVu Sans";
    public const string Serif = "DejaVu Serif";

    private static readonly object Gate = new();
    private static bool _installed;

    private static readonly ConcurrentDictionary<string, byte[]> Files = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes PDFsharp use these fonts. PDFsharp takes one resolver per process, set before the first font is
    /// used; calling this again (another host in the same process, as in tests) does nothing.
    /// </summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (_installed)
            {
                return;
            }

            if (GlobalFontSettings.FontResolver is not PdfFonts)
            {
                GlobalFontSettings.FontResolver = new PdfFonts();
            }

            _installed = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        var serif = familyName.Contains("Serif", StringComparison.OrdinalIgnoreCase)
                    || familyName.Contains("Times", StringComparison.OrdinalIgnoreCase);
        var face = (serif, bold, italic) switch
        {
            (true, true, _) => "DejaVuSerif-Bold",
            (true, false, true) => "DejaVuSerif-Italic",
            (true, false, false) => "DejaVuSerif",
            (false, true, _) => "DejaVuSans-Bold",
            // No oblique face is shipped: PDFsharp slants the regular one.
            (false, false, true) => null,
            _ => "DejaVuSans",
        };
        return face is null
            ? new FontResolverInfo("DejaVuSans", mustSimulateBold: false, mustSimulateItalic: true)
            : new FontResolverInfo(face);
    }

    public byte[]? GetFont(string faceName) => Files.GetOrAdd(faceName, Load);

    private static byte[] Load(string faceName)
    {
        var resource = $"CompetitionSite.Fonts.{faceName}.ttf";
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The font {resource} is not embedded in the assembly.");
        using var copy = new MemoryStream((int)stream.Length);
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
