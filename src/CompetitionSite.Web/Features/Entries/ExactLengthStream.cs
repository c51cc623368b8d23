namespace CompetitionSite.Web.Features.Entries;

/// <summary>
/// Passes a request body through while counting: more than <paramref name="expected"/> bytes, or fewer at the end,
/// throws <see cref="ChunkLengthException"/>, so the store discards the partial chunk instead of staging it.
/// With <paramref name="noticeExtraByte"/> false it reads no byte past <paramref name="expected"/> (the rest of the
/// body belongs to the next chunk of the same request) and so cannot notice a body that runs long.
/// </summary>
internal sealed class ExactLengthStream(Stream inner, long expected, bool noticeExtraByte = true) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    private long Extra => noticeExtraByte ? 1 : 0;

    public override int Read(byte[] buffer, int offset, int count)
    {
        var want = (int)Math.Min(count, expected - _read + Extra);
        return want == 0 && count > 0 ? 0 : Check(inner.Read(buffer, offset, want), count);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Ask for at most one byte more than still expected: enough to notice an over-long chunk.
        var want = (int)Math.Min(buffer.Length, expected - _read + Extra);
        if (want == 0 && buffer.Length > 0)
        {
            return 0; // the whole chunk was read; what follows belongs to the next one
        }

        return Check(await inner.ReadAsync(buffer[..want], cancellationToken), buffer.Length);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Check(int read, int asked)
    {
        _read += read;
        if (_read > expected)
        {
            throw new ChunkLengthException(tooLong: true);
        }

        if (read == 0 && asked > 0 && _read < expected)
        {
            throw new ChunkLengthException(tooLong: false);
        }

        return read;
    }
}
