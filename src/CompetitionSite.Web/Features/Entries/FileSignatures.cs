using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace CompetitionSite.Web.Features.Entries;

/// <summary>What a file really is, judged from its first bytes (magic numbers), not from its name.</summary>
public enum DetectedType
{
    Unknown = 0,
    Jpeg,
    Png,
    Gif,
    WebP,
    Pdf,
    Mp4,
    QuickTime,
    WebM,
    Zip,
    Docx,
}

/// <summary>
/// Magic numbers of the file types categories accept, and which extension each type may carry. A file is
/// accepted only when its content is of a type its extension stands for (an .exe renamed .pdf is refused).
/// </summary>
public static class FileSignatures
{
    /// <summary>How many leading bytes <see cref="Detect"/> needs.</summary>
    public const int HeaderLength = 64;

    private static readonly Dictionary<string, DetectedType[]> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = [DetectedType.Jpeg],
        [".jpeg"] = [DetectedType.Jpeg],
        [".png"] = [DetectedType.Png],
        [".gif"] = [DetectedType.Gif],
        [".webp"] = [DetectedType.WebP],
        [".pdf"] = [DetectedType.Pdf],
        [".mp4"] = [DetectedType.Mp4, DetectedType.QuickTime],
        [".m4v"] = [DetectedType.Mp4],
        [".mov"] = [DetectedType.QuickTime, DetectedType.Mp4],
        [".webm"] = [DetectedType.WebM],
        [".zip"] = [DetectedType.Zip, DetectedType.Docx],
        [".docx"] = [DetectedType.Docx],
    };

    /// <summary>Whether the site can check files with this extension (lower case, with the dot).</summary>
    public static bool IsCheckable(string extension) => ByExtension.ContainsKey(extension);

    /// <summary>Whether content of <paramref name="type"/> may be stored under a name ending in <paramref name="extension"/>.</summary>
    public static bool Matches(string extension, DetectedType type) =>
        ByExtension.TryGetValue(extension, out var types) && types.Contains(type);

    public static string ContentTypeOf(DetectedType type) => type switch
    {
        DetectedType.Jpeg => "image/jpeg",
        DetectedType.Png => "image/png",
        DetectedType.Gif => "image/gif",
        DetectedType.WebP => "image/webp",
        DetectedType.Pdf => "application/pdf",
        DetectedType.Mp4 => "video/mp4",
        DetectedType.QuickTime => "video/quicktime",
        DetectedType.WebM => "video/webm",
        DetectedType.Zip => "application/zip",
        DetectedType.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    };

    /// <summary>The type the first bytes show. A ZIP is reported as <see cref="DetectedType.Zip"/>; see <see cref="ScanAsync"/> for DOCX.</summary>
    public static DetectedType Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return DetectedType.Jpeg;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return DetectedType.Png;
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return DetectedType.Gif;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return DetectedType.WebP;
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return DetectedType.Pdf;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return DetectedType.WebM;
        }

        if (head.StartsWith("PK\x03\x04"u8))
        {
            return DetectedType.Zip;
        }

        if (head.Length >= 12)
        {
            var box = head[4..8];
            if (box.SequenceEqual("ftyp"u8))
            {
                return head[8..12].SequenceEqual("qt  "u8) ? DetectedType.QuickTime : DetectedType.Mp4;
            }

            // Older QuickTime files start with other atoms.
            if (box.SequenceEqual("moov"u8) || box.SequenceEqual("wide"u8) || box.SequenceEqual("mdat"u8) || box.SequenceEqual("free"u8))
            {
                return DetectedType.QuickTime;
            }
        }

        return DetectedType.Unknown;
    }

    /// <summary>
    /// Reads a stored file once, front to back in pooled pieces: its length, its SHA-256 (lower-case hex) and its
    /// real type. A ZIP that names a <c>word/</c> part (in the central directory, which is not compressed) is a DOCX.
    /// </summary>
    public static async Task<ScanResult> ScanAsync(Stream content, CancellationToken cancellationToken = default)
    {
        const int BufferSize = 128 * 1024;
        var marker = "word/document.xml"u8.ToArray();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize + marker.Length);
        try
        {
            var head = new byte[HeaderLength];
            var headLength = 0;
            long length = 0;
            var carry = 0; // bytes kept from the previous piece, so a marker split across pieces is found
            var wordPart = false;
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(carry, BufferSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, carry, read);
                if (headLength < HeaderLength)
                {
                    var take = Math.Min(HeaderLength - headLength, read);
                    Array.Copy(buffer, carry, head, headLength, take);
                    headLength += take;
                }

                length += read;
                var window = buffer.AsSpan(0, carry + read);
                wordPart = wordPart || window.IndexOf(marker) >= 0;
                carry = Math.Min(marker.Length - 1, window.Length);
                window[^carry..].CopyTo(buffer);
            }

            var type = Detect(head.AsSpan(0, headLength));
            if (type == DetectedType.Zip && wordPart)
            {
                type = DetectedType.Docx;
            }

            return new ScanResult(length, Convert.ToHexStringLower(hash.GetHashAndReset()), type);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A readable name for the type, for messages ("PDF", "JPEG image").</summary>
    public static string Describe(string extension) => extension.TrimStart('.').ToUpperInvariant();
}

public sealed record ScanResult(long Length, string Sha256, DetectedType Type);
