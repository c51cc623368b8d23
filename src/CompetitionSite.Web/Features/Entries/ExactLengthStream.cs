namespace CompetitionSite.Web.Features.Entries;

/// <summary>
/// Passes a request body through while counting: more than <paramref name="expected"/> bytes, or fewer at the end,
/// throws <see cref="ChunkLengthException"/>, so the store discards the partial chunk instead of staging it.
/// </summary>
internal sealed class ExactLengthStream(Stream inner, long expected) : Stream
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

    public override int Read(byte[] buffer, int offset, int count) => Check(inner.Read(buffer, offset, (int)Math.Min(count, expected - _read + 1)), count);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Ask for at most one byte more than still expected: enough to notice an over-long chunk.
        var want = (int)Math.Min(buffer.Length, expected - _read + 1);
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
