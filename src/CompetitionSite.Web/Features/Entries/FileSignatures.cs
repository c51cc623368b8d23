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
    /// real type (see <see cref="FileScanner"/>).
    /// </summary>
    public static async Task<ScanResult> ScanAsync(Stream content, CancellationToken cancellationToken = default)
    {
        const int BufferSize = 128 * 1024;
        using var scanner = new FileScanner();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                scanner.Append(buffer.AsSpan(0, read));
            }

            return scanner.Result();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A readable name for the type, for messages ("PDF", "JPEG image").</summary>
    public static string Describe(string extension) => extension.TrimStart('.').ToUpperInvariant();
}

public sealed record ScanResult(long Length, string Sha256, DetectedType Type)
{
    /// <summary>The file's first bytes (up to <see cref="FileSignatures.HeaderLength"/>): enough for the size of a PNG, GIF or WebP.</summary>
    public byte[] Head { get; init; } = [];
}

/// <summary>
/// Scans a file handed over in pieces, in order: counts its length, hashes it (SHA-256) and keeps its first bytes
/// for <see cref="FileSignatures.Detect"/>. A ZIP that names a <c>word/</c> part (in the central directory, which is
/// not compressed) is a DOCX; the name is found even when it is split between two pieces.
/// </summary>
public sealed class FileScanner : IDisposable
{
    private static readonly byte[] Marker = "word/document.xml"u8.ToArray();

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _head = new byte[FileSignatures.HeaderLength];
    private readonly byte[] _tail = new byte[Marker.Length - 1];
    private int _headLength;
    private int _tailLength;
    private bool _wordPart;

    /// <summary>The bytes appended so far.</summary>
    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> piece)
    {
        _hash.AppendData(piece);
        if (_headLength < _head.Length)
        {
            var take = Math.Min(_head.Length - _headLength, piece.Length);
            piece[..take].CopyTo(_head.AsSpan(_headLength));
            _headLength += take;
        }

        Length += piece.Length;
        if (!_wordPart)
        {
            // Where the last piece ended and this one begins: its kept tail, then as much of this piece as a marker could reach.
            Span<byte> seam = stackalloc byte[2 * (Marker.Length - 1)];
            _tail.AsSpan(0, _tailLength).CopyTo(seam);
            var reach = Math.Min(piece.Length, Marker.Length - 1);
            piece[..reach].CopyTo(seam[_tailLength..]);
            _wordPart = seam[..(_tailLength + reach)].IndexOf(Marker) >= 0 || piece.IndexOf(Marker) >= 0;
        }

        // Keep the last bytes seen (up to one less than the marker) for the next seam.
        if (piece.Length >= _tail.Length)
        {
            piece[^_tail.Length..].CopyTo(_tail);
            _tailLength = _tail.Length;
        }
        else
        {
            var keep = Math.Min(_tailLength, _tail.Length - piece.Length);
            _tail.AsSpan(_tailLength - keep, keep).CopyTo(_tail);
            piece.CopyTo(_tail.AsSpan(keep));
            _tailLength = keep + piece.Length;
        }
    }

    /// <summary>What the appended bytes are. Call once, after the last piece.</summary>
    public ScanResult Result()
    {
        var type = FileSignatures.Detect(_head.AsSpan(0, _headLength));
        if (type == DetectedType.Zip && _wordPart)
        {
            type = DetectedType.Docx;
        }

        return new ScanResult(Length, Convert.ToHexStringLower(_hash.GetHashAndReset()), type) { Head = _head[.._headLength] };
    }

    public void Dispose() => _hash.Dispose();
}
