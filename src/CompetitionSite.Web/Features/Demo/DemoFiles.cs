using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using CompetitionSite.Web.Infrastructure.Pdf;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CompetitionSite.Web.Features.Demo;

/// <summary>
/// Small, valid demo files made in code: a PNG "poster" (coloured background, shapes and the student's initials in a
/// blocky 5×7 font) and a one- or two-page PDF essay. A few KB each, different for every entry.
/// </summary>
public static class DemoFiles
{
    public const int PosterWidth = 240;
    public const int PosterHeight = 320;

    /// <summary>A PNG poster: a vertical gradient in the entry's colours, a sun, hills and the initials.</summary>
    public static byte[] Poster(string initials, int seed)
    {
        var random = new Random(seed);
        var hue = random.Next(360);
        var top = Hsv(hue, 0.55, 0.95);
        var bottom = Hsv((hue + 40) % 360, 0.75, 0.65);
        var accent = Hsv((hue + 180) % 360, 0.8, 0.95);
        var hill = Hsv((hue + 100) % 360, 0.6, 0.55);
        var ink = (R: (byte)255, G: (byte)255, B: (byte)255);

        var w = PosterWidth;
        var h = PosterHeight;
        var pixels = new byte[w * h * 3];
        var sunX = 40 + random.Next(w - 80);
        var sunY = 50 + random.Next(60);
        var sunR = 22 + random.Next(16);
        var wave = 8 + random.Next(14);
        var phase = random.NextDouble() * Math.PI * 2;
        for (var y = 0; y < h; y++)
        {
            var f = y / (double)(h - 1);
            var bg = Mix(top, bottom, f);
            for (var x = 0; x < w; x++)
            {
                var c = bg;
                var dx = x - sunX;
                var dy = y - sunY;
                if (dx * dx + dy * dy <= sunR * sunR)
                {
                    c = accent;
                }

                var ground = h * 0.62 + wave * Math.Sin(x / 28.0 + phase);
                if (y >= ground)
                {
                    c = Mix(hill, bottom, (y - ground) / (h - ground + 1));
                }

                Set(pixels, w, x, y, c);
            }
        }

        // The initials, centred in the lower part, 6 px per font dot, with a dark shadow.
        var text = new string(initials.ToUpperInvariant().Where(Font.ContainsKey).Take(3).ToArray());
        const int dot = 6;
        var textWidth = text.Length * 6 * dot - dot;
        var left = (w - textWidth) / 2;
        var textTop = (int)(h * 0.70);
        var shadow = (R: (byte)20, G: (byte)20, B: (byte)40);
        DrawText(pixels, w, h, text, left + 2, textTop + 2, dot, shadow);
        DrawText(pixels, w, h, text, left, textTop, dot, ink);
        return EncodePng(w, h, pixels);
    }

    /// <summary>A short PDF essay: title, author line and a few paragraphs of demo text.</summary>
    public static byte[] Essay(string title, string author, string school, IReadOnlyList<string> paragraphs)
    {
        PdfFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Author = author;
        var page = document.AddPage();
        page.Width = XUnit.FromMillimeter(148);
        page.Height = XUnit.FromMillimeter(210);
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var titleFont = new XFont(PdfFonts.Serif, 15, XFontStyleEx.Bold);
            var small = new XFont(PdfFonts.Sans, 8);
            var body = new XFont(PdfFonts.Serif, 10);
            var margin = 36.0;
            var width = page.Width.Point - 2 * margin;
            var y = margin + 10;
            foreach (var line in Wrap(gfx, title, titleFont, width))
            {
                gfx.DrawString(line, titleFont, XBrushes.DarkSlateBlue, new XPoint(margin, y));
                y += 19;
            }

            gfx.DrawString($"{author} — {school}", small, XBrushes.DimGray, new XPoint(margin, y));
            y += 20;
            foreach (var paragraph in paragraphs)
            {
                foreach (var line in Wrap(gfx, paragraph, body, width))
                {
                    if (y > page.Height.Point - margin)
                    {
                        break;
                    }

                    gfx.DrawString(line, body, XBrushes.Black, new XPoint(margin, y));
                    y += 13.5;
                }

                y += 6;
            }
        }

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static IEnumerable<string> Wrap(XGraphics gfx, string text, XFont font, double width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && gfx.MeasureString(candidate, font).Width > width)
            {
                yield return line.ToString();
                line.Clear().Append(word);
            }
            else
            {
                line.Clear().Append(candidate);
            }
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }

    private static void DrawText(byte[] pixels, int w, int h, string text, int left, int top, int dot, (byte R, byte G, byte B) c)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var rows = Font[text[i]];
            for (var row = 0; row < 7; row++)
            {
                for (var col = 0; col < 5; col++)
                {
                    if ((rows[row] & (1 << (4 - col))) == 0)
                    {
                        continue;
                    }

                    for (var py = 0; py < dot; py++)
                    {
                        for (var px = 0; px < dot; px++)
                        {
                            var x = left + i * 6 * dot + col * dot + px;
                            var y = top + row * dot + py;
                            if (x >= 0 && x < w && y >= 0 && y < h)
                            {
                                Set(pixels, w, x, y, c);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void Set(byte[] pixels, int w, int x, int y, (byte R, byte G, byte B) c)
    {
        var i = (y * w + x) * 3;
        pixels[i] = c.R;
        pixels[i + 1] = c.G;
        pixels[i + 2] = c.B;
    }

    private static (byte R, byte G, byte B) Mix((byte R, byte G, byte B) a, (byte R, byte G, byte B) b, double f)
    {
        f = Math.Clamp(f, 0, 1);
        return ((byte)(a.R + (b.R - a.R) * f), (byte)(a.G + (b.G - a.G) * f), (byte)(a.B + (b.B - a.B) * f));
    }

    private static (byte R, byte G, byte B) Hsv(double hue, double s, double v)
    {
        var c = v * s;
        var x = c * (1 - Math.Abs(hue / 60 % 2 - 1));
        var m = v - c;
        var (r, g, b) = (hue / 60) switch
        {
            < 1 => (c, x, 0.0),
            < 2 => (x, c, 0.0),
            < 3 => (0.0, c, x),
            < 4 => (0.0, x, c),
            < 5 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        return ((byte)((r + m) * 255), (byte)((g + m) * 255), (byte)((b + m) * 255));
    }

    /// <summary>PNG, 8-bit RGB, no filter, zlib-compressed (the format is simple enough to write by hand).</summary>
    public static byte[] EncodePng(int width, int height, byte[] rgb)
    {
        using var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            raw.Write(rgb, y * width * 3, width * 3);
        }

        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            raw.Position = 0;
            raw.CopyTo(z);
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(four, data.Length);
        output.Write(four);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        var crc = Crc32(typeBytes, data);
        BinaryPrimitives.WriteUInt32BigEndian(four, crc);
        output.Write(four);
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }

        return c;
    }).ToArray();

    private static uint Crc32(byte[] type, byte[] data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in type)
        {
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        foreach (var b in data)
        {
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return c ^ 0xFFFFFFFFu;
    }

    /// <summary>A 5×7 dot font for capital letters: one byte per row, the low five bits left to right.</summary>
    private static readonly Dictionary<char, byte[]> Font = new()
    {
        ['A'] = [0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
        ['B'] = [0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E],
        ['C'] = [0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E],
        ['D'] = [0x1E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1E],
        ['E'] = [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F],
        ['F'] = [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10],
        ['G'] = [0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F],
        ['H'] = [0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
        ['I'] = [0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E],
        ['J'] = [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C],
        ['K'] = [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11],
        ['L'] = [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F],
        ['M'] = [0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11],
        ['N'] = [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11],
        ['O'] = [0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
        ['P'] = [0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10],
        ['Q'] = [0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D],
        ['R'] = [0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11],
        ['S'] = [0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E],
        ['T'] = [0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
        ['U'] = [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
        ['V'] = [0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04],
        ['W'] = [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A],
        ['X'] = [0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11],
        ['Y'] = [0x11, 0x11, 0x0A, 0x04, 0x04, 0x04, 0x04],
        ['Z'] = [0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F],
    };
}
