using System.IO.Compression;

namespace CompetitionSite.Tests.Certificates;

/// <summary>Small real PNG images made in code (RGBA, 8 bits), for logos and signatures in tests.</summary>
public static class TestImages
{
    public static byte[] Png(int width, int height, Func<int, int, (byte R, byte G, byte B, byte A)> pixel)
    {
        using var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            for (var x = 0; x < width; x++)
            {
                var (r, g, b, a) = pixel(x, y);
                raw.WriteByte(r);
                raw.WriteByte(g);
                raw.WriteByte(b);
                raw.WriteByte(a);
            }
        }

        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            raw.Position = 0;
            raw.CopyTo(z);
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        WriteUInt32(header, 0, (uint)width);
        WriteUInt32(header, 4, (uint)height);
        header[8] = 8; // bit depth
        header[9] = 6; // RGBA
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A round emblem in the organizer's colours with a white star-like cross: something logo-shaped.</summary>
    public static byte[] Logo(int size = 240) => Png(size, size, (x, y) =>
    {
        var c = size / 2.0;
        var dx = x - c;
        var dy = y - c;
        var d = Math.Sqrt(dx * dx + dy * dy);
        if (d > c - 2)
        {
            return (0, 0, 0, 0);
        }

        if (d > c - 14)
        {
            return (0xA8, 0x81, 0x3A, 255); // gold ring
        }

        var arm = Math.Abs(dx) < size / 14.0 || Math.Abs(dy) < size / 14.0 || Math.Abs(Math.Abs(dx) - Math.Abs(dy)) < size / 20.0;
        return arm && d < c - 34 ? ((byte)255, (byte)255, (byte)255, (byte)255) : ((byte)0x1F, (byte)0x3A, (byte)0x5F, (byte)255);
    });

    /// <summary>A handwritten-looking stroke on a transparent background.</summary>
    public static byte[] Signature(int width = 420, int height = 140) => Png(width, height, (x, y) =>
    {
        var t = x / (double)width;
        var curve = height / 2.0 + Math.Sin(t * Math.PI * 5) * height * 0.28 * (1 - t * 0.6) + Math.Cos(t * Math.PI * 13) * 6;
        var loop = height / 2.0 - Math.Sin(t * Math.PI * 2.2) * height * 0.35;
        var onStroke = Math.Abs(y - curve) < 2.6 || (t is > 0.15 and < 0.45 && Math.Abs(y - loop) < 2.2);
        return onStroke ? ((byte)0x14, (byte)0x2A, (byte)0x6B, (byte)255) : ((byte)0, (byte)0, (byte)0, (byte)0);
    });

    public static readonly byte[] WebP = [.. "RIFF"u8, 0x24, 0, 0, 0, .. "WEBPVP8 "u8, 0x18, 0, 0, 0, 0x30, 0x01, 0, 0x9D, 0x01, 0x2A, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var length = new byte[4];
        WriteUInt32(length, 0, (uint)data.Length);
        s.Write(length);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        var crc = Crc32([.. typeBytes, .. data]);
        var crcBytes = new byte[4];
        WriteUInt32(crcBytes, 0, crc);
        s.Write(crcBytes);
    }

    private static void WriteUInt32(byte[] b, int offset, uint v)
    {
        b[offset] = (byte)(v >> 24);
        b[offset + 1] = (byte)(v >> 16);
        b[offset + 2] = (byte)(v >> 8);
        b[offset + 3] = (byte)v;
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
