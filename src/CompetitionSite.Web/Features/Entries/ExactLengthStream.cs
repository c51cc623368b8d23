using CompetitionSite.Web.Infrastructure.Storage;

namespace CompetitionSite.Web.Features.Entries;

/// <summary>
/// Passes a request body through while counting: more than <paramref name="expected"/> bytes, or fewer at the end,
/// throws <see cref="ChunkLengthException"/>, so the store discards the partial chunk instead of staging it.
/// With <paramref name="noticeExtraByte"/> false it reads no byte past <paramref name="expected"/> (the rest of the
/// body belongs to the next chunk of the same request) and so cannot notice a body that runs long.
/// </summary>
internal sealed class ExactLengthStream(Stream inner, long expected, bool noticeExtraByte = true) : ReadOnlyPassThroughStream(inner)
{
    private long _read;

    private long Extra => noticeExtraByte ? 1 : 0;

    public override int Read(Span<byte> buffer)
    {
        var want = (int)Math.Min(buffer.Length, expected - _read + Extra);
        return want == 0 && buffer.Length > 0 ? 0 : Check(Inner.Read(buffer[..want]), buffer.Length);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Ask for at most one byte more than still expected: enough to notice an over-long chunk.
        var want = (int)Math.Min(buffer.Length, expected - _read + Extra);
        if (want == 0 && buffer.Length > 0)
        {
            return 0; // the whole chunk was read; what follows belongs to the next one
        }

        return Check(await Inner.ReadAsync(buffer[..want], cancellationToken), buffer.Length);
    }

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
