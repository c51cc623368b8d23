using System.Security.Cryptography;

namespace CompetitionSite.Tests.Support;

/// <summary>
/// A one-way stream of <see cref="Length"/> deterministic bytes made up on the fly (no array of that size ever
/// exists), hashing what it hands out. Can be told to fail part-way, like a dropped upload.
/// </summary>
public sealed class GeneratedStream(long length, uint seed = 1, long? failAfter = null) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _position;

    public long GeneratedLength => length;

    /// <summary>The SHA-256 of every byte handed out so far (call once, at the end).</summary>
    public byte[] Sha256() => _hash.GetHashAndReset();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The byte at <paramref name="position"/>: a cheap hash of the position, so it never repeats in a short period.</summary>
    public static byte ByteAt(long position, uint seed) => (byte)((((uint)position ^ seed) * 2654435761u) >> 24 ^ (uint)(position >> 32));

    public static byte[] Bytes(int length, uint seed)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = ByteAt(i, seed);
        }

        return bytes;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (failAfter is { } limit && _position >= limit)
        {
            throw new IOException("The upload was interrupted (simulated).");
        }

        var n = (int)Math.Min(buffer.Length, length - _position);
        if (failAfter is { } l)
        {
            n = (int)Math.Min(n, l - _position);
        }

        for (var i = 0; i < n; i++)
        {
            buffer[i] = ByteAt(_position + i, seed);
        }

        _hash.AppendData(buffer[..n]);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
