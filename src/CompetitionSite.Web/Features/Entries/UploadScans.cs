using CompetitionSite.Web.Infrastructure.Storage;

namespace CompetitionSite.Web.Features.Entries;

/// <summary>
/// Scans an upload while its chunks pass through (hash, length, real type), so completing it need not read the
/// whole file back from the store (what that saves: bench/README.md, the deadline rush).
/// <para>
/// It is only a shortcut, kept per instance: a pass is trusted only when this instance staged chunk 0, 1, 2, … in
/// order, one at a time, each successfully, with no other chunk of the upload being staged here meanwhile (starting
/// again from chunk 0 starts a new pass). Anything else — a chunk out of order or sent again out of turn, two chunks
/// at once, a failed chunk, a restart of the site, too many uploads at once — drops the pass, and completing reads
/// the file back as before. Nothing is shared between instances. With several instances, an upload whose chunks
/// reach more than one instance is read back (no instance saw every chunk); and since a pass cannot see a chunk it
/// already scanned being sent again, with other bytes, to another instance, completion also checks the database's
/// count of chunks sent (<c>UploadSession.ChunkWrites</c>, counted by every instance): a pass is used only when that
/// count is the upload's number of chunks (docs/decisions/0002).
/// </para>
/// </summary>
public sealed class UploadScans(TimeProvider clock)
{
    /// <summary>At most this many uploads are scanned at once (each pass holds a hash state and 80 bytes); more are read back.</summary>
    public const int MaxPasses = 10_000;

    /// <summary>A pass not moved on for this long belongs to an abandoned upload and is dropped.</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromHours(2);

    private readonly Dictionary<Guid, Upload> _uploads = [];
    private int _passes;

    /// <summary>
    /// Call before staging chunk <paramref name="index"/> of upload <paramref name="session"/>; stage the stream from
    /// <see cref="Chunk.Wrap"/>, call <see cref="Chunk.Staged"/> when the store has it, and dispose the chunk in every case.
    /// </summary>
    public Chunk Begin(Guid session, int index)
    {
        lock (_uploads)
        {
            var now = clock.GetUtcNow();
            if (!_uploads.TryGetValue(session, out var upload))
            {
                upload = new Upload();
                _uploads[session] = upload;
            }

            // Every chunk being staged is counted, scanned or not: a pass may only go on while it is the only one.
            upload.InFlight++;
            upload.Touched = now;
            if (upload.InFlight == 1 && index == 0 && (upload.Pass is not null || HasRoom(now)))
            {
                Replace(upload, new Pass()); // a (re)start from the beginning
            }
            else if (upload.InFlight != 1 || upload.Pass?.Next != index)
            {
                Replace(upload, null);
            }

            if (upload.Pass is { } pass)
            {
                pass.InUse = true;
            }

            return new Chunk(this, session, upload.Pass);
        }
    }

    /// <summary>
    /// The scan of upload <paramref name="session"/> if this instance saw all its <paramref name="chunkCount"/> chunks in
    /// order and none is being staged now; else null (read the file back). Call after committing; either way the pass ends.
    /// </summary>
    public ScanResult? Complete(Guid session, int chunkCount)
    {
        lock (_uploads)
        {
            if (!_uploads.TryGetValue(session, out var upload))
            {
                return null;
            }

            var result = upload.InFlight == 0 && upload.Pass is { Next: var next } pass && next == chunkCount ? pass.Scanner.Result() : null;
            Replace(upload, null);
            Forget(session, upload);
            return result;
        }
    }

    /// <summary>Drops the pass of an upload that was cancelled.</summary>
    public void Abandon(Guid session)
    {
        lock (_uploads)
        {
            if (_uploads.TryGetValue(session, out var upload))
            {
                Replace(upload, null);
                Forget(session, upload);
            }
        }
    }

    /// <summary>How many uploads are being scanned now.</summary>
    public int Passes
    {
        get
        {
            lock (_uploads)
            {
                return _passes;
            }
        }
    }

    private void End(Guid session, Pass? pass, bool staged)
    {
        lock (_uploads)
        {
            if (pass is not null)
            {
                pass.InUse = false;
            }

            if (!_uploads.TryGetValue(session, out var upload))
            {
                pass?.Scanner.Dispose();
                return;
            }

            upload.InFlight--;
            if (pass is not null)
            {
                if (!ReferenceEquals(upload.Pass, pass))
                {
                    pass.Scanner.Dispose(); // dropped or restarted while this chunk was being staged
                }
                else if (staged)
                {
                    pass.Next++;
                }
                else
                {
                    Replace(upload, null); // the chunk failed: what the pass has seen is not what the store has
                }
            }

            Forget(session, upload);
        }
    }

    /// <summary>Sets the upload's pass; the one it had is disposed now, or by the chunk still using it when that ends.</summary>
    private void Replace(Upload upload, Pass? next)
    {
        if (upload.Pass is { } old)
        {
            _passes--;
            if (!old.InUse)
            {
                old.Scanner.Dispose();
            }
        }

        upload.Pass = next;
        if (next is not null)
        {
            _passes++;
        }
    }

    private void Forget(Guid session, Upload upload)
    {
        if (upload.InFlight == 0 && upload.Pass is null)
        {
            _uploads.Remove(session);
        }
    }

    /// <summary>Whether another pass may start; when full, first drops the passes of uploads nobody continued for <see cref="IdleLifetime"/>.</summary>
    private bool HasRoom(DateTimeOffset now)
    {
        if (_passes < MaxPasses)
        {
            return true;
        }

        foreach (var (session, upload) in _uploads.Where(u => u.Value.InFlight == 0 && now - u.Value.Touched > IdleLifetime).ToList())
        {
            Replace(upload, null);
            Forget(session, upload);
        }

        return _passes < MaxPasses;
    }

    private sealed class Upload
    {
        public Pass? Pass { get; set; }

        public int InFlight { get; set; }

        public DateTimeOffset Touched { get; set; }
    }

    internal sealed class Pass
    {
        public FileScanner Scanner { get; } = new();

        /// <summary>A chunk is being staged with this pass now.</summary>
        public bool InUse { get; set; }

        /// <summary>The index of the chunk this pass needs next.</summary>
        public int Next { get; set; }
    }

    /// <summary>One chunk being staged: scanned on its way to the store when it continues a pass, else passed through.</summary>
    public sealed class Chunk : IDisposable
    {
        private readonly UploadScans _owner;
        private readonly Guid _session;
        private readonly Pass? _pass;
        private bool _staged;
        private bool _ended;

        internal Chunk(UploadScans owner, Guid session, Pass? pass)
        {
            _owner = owner;
            _session = session;
            _pass = pass;
        }

        /// <summary>Whether this chunk is being scanned (it continues an in-order pass).</summary>
        public bool Scanning => _pass is not null;

        /// <summary>The stream to stage: <paramref name="content"/>, with every byte the store reads also appended to the pass.</summary>
        public Stream Wrap(Stream content) => _pass is null ? content : new ScanningStream(content, _pass.Scanner);

        /// <summary>The store has the whole chunk.</summary>
        public void Staged() => _staged = true;

        public void Dispose()
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            _owner.End(_session, _pass, _staged);
        }
    }

    /// <summary>Passes reads through, appending what was read to the scanner. Read once, front to back (not seekable).</summary>
    private sealed class ScanningStream(Stream inner, FileScanner scanner) : ReadOnlyPassThroughStream(inner)
    {
        public override int Read(Span<byte> buffer)
        {
            var read = Inner.Read(buffer);
            scanner.Append(buffer[..read]);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await Inner.ReadAsync(buffer, cancellationToken);
            scanner.Append(buffer.Span[..read]);
            return read;
        }
    }
}
