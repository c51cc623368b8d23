using System.Runtime.ExceptionServices;

namespace CompetitionSite.Web.Infrastructure.Storage;

/// <summary>
/// A one-way stream (a request body) of a length known up front, shaped so Azure's Put Block can send it as it arrives,
/// without a spool file: it reports <see cref="Length"/> and <see cref="Position"/> (Azure.Core wants a "seekable"
/// body for its Content-Length), but it can only be "sought" to where it already is, so it is sent exactly once and
/// never replayed. It yields exactly <c>length</c> bytes: a body that ends early or goes on past it fails the read.
/// The first failure of the body itself is kept in <see cref="Failure"/>, so the store can rethrow it instead of the
/// transport error the HTTP client wraps it in.
/// </summary>
internal sealed class OneWayChunkStream(Stream inner, long length) : ReadOnlyPassThroughStream(inner)
{
    private readonly byte[] _probe = new byte[1];
    private long _position;

    /// <summary>The first exception the inner stream (or the length check) threw while being read, if any.</summary>
    public ExceptionDispatchInfo? Failure { get; private set; }

    public override bool CanSeek => true;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target != _position)
        {
            throw new NotSupportedException("A chunk streamed from a request body is sent once and cannot be rewound; the browser sends it again.");
        }

        return _position;
    }

    public override int Read(Span<byte> buffer)
    {
        try
        {
            var remaining = length - _position;
            if (buffer.IsEmpty || remaining == 0)
            {
                return EndChecked(remaining == 0 ? Inner.Read(_probe) : 0);
            }

            var read = Inner.Read(buffer[..(int)Math.Min(buffer.Length, remaining)]);
            return Counted(read, read == remaining ? Inner.Read(_probe) : 0);
        }
        catch (Exception e) when (Keep(e))
        {
            throw;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            var remaining = length - _position;
            if (buffer.IsEmpty || remaining == 0)
            {
                return EndChecked(remaining == 0 ? await Inner.ReadAsync(_probe, cancellationToken) : 0);
            }

            var read = await Inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, remaining)], cancellationToken);
            return Counted(read, read == remaining ? await Inner.ReadAsync(_probe, cancellationToken) : 0);
        }
        catch (Exception e) when (Keep(e))
        {
            throw;
        }
    }

    /// <summary>
    /// Counts a read. The read that brings the body to its full length is handed out only after one more read
    /// (<paramref name="beyond"/>) found the body ends there: the store must not get all the bytes it expects from a
    /// body that is longer, or it would keep the chunk although the read failed.
    /// </summary>
    private int Counted(int read, int beyond)
    {
        if (read == 0)
        {
            throw new IOException($"The content ended after {_position} of the {length} bytes announced.");
        }

        EndChecked(beyond);
        _position += read;
        return read;
    }

    private int EndChecked(int beyond) => beyond > 0
        ? throw new IOException($"The content is longer than the {length} bytes announced.")
        : 0;

    private bool Keep(Exception e)
    {
        Failure ??= ExceptionDispatchInfo.Capture(e);
        return false;
    }
}
