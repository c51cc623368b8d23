using System.Numerics;
using System.Runtime.InteropServices;

namespace CompetitionSite.Bench.Support;

/// <summary>
/// A file's bytes made up on the fly: a magic-number header (so the site's real-type check accepts it), then
/// deterministic pseudo-random bytes. No array of the file's size ever exists; any range can be opened as a
/// one-way stream. Fast enough (a vectorised XOR over a 1 MiB table) not to be what a benchmark measures.
/// </summary>
public sealed class GeneratedContent
{
    /// <summary>An MP4 file starts with an <c>ftyp</c> box: size, "ftyp", brand "mp42", version, compatible brands.</summary>
    public static readonly byte[] Mp4Header = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'m', (byte)'p', (byte)'4', (byte)'2', 0, 0, 0, 0, (byte)'m', (byte)'p', (byte)'4', (byte)'2', (byte)'i', (byte)'s', (byte)'o', (byte)'m'];

    private const int TableBits = 20;
    private const int TableSize = 1 << TableBits;
    private static readonly byte[] Table = MakeTable();

    private readonly byte[] _header;

    public GeneratedContent(string name, long length, uint seed, byte[]? header = null)
    {
        Name = name;
        Length = length;
        Seed = seed;
        _header = header ?? Mp4Header;
    }

    public string Name { get; }

    public long Length { get; }

    public uint Seed { get; }

    /// <summary>A one-way stream of <paramref name="count"/> bytes from <paramref name="offset"/> (the whole file by default).</summary>
    public Stream Open(long offset = 0, long? count = null) => new RangeStream(this, offset, count ?? Length - offset);

    /// <summary>Fills <paramref name="buffer"/> with the bytes at <paramref name="position"/>.</summary>
    public void Fill(long position, Span<byte> buffer)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var p = position + done;
            var inTable = (int)(p & (TableSize - 1));
            var n = Math.Min(buffer.Length - done, TableSize - inTable);
            var target = buffer.Slice(done, n);
            Table.AsSpan(inTable, n).CopyTo(target);
            // Each 1 MiB period differs: XOR with a byte made from the period number and the seed.
            var mask = (byte)(((uint)(p >> TableBits) * 2654435761u ^ Seed) >> 13);
            Xor(target, mask);
            done += n;
        }

        if (position < _header.Length)
        {
            var n = (int)Math.Min(_header.Length - position, buffer.Length);
            _header.AsSpan((int)position, n).CopyTo(buffer);
        }
    }

    private static void Xor(Span<byte> span, byte mask)
    {
        var vector = new Vector<byte>(mask);
        var vectors = MemoryMarshal.Cast<byte, Vector<byte>>(span);
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] ^= vector;
        }

        for (var i = vectors.Length * Vector<byte>.Count; i < span.Length; i++)
        {
            span[i] ^= mask;
        }
    }

    private static byte[] MakeTable()
    {
        var table = new byte[TableSize];
        new Random(20261124).NextBytes(table);
        return table;
    }

    private sealed class RangeStream(GeneratedContent content, long offset, long count) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => count;

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int index, int max) => Read(buffer.AsSpan(index, max));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, count - _read);
            if (n <= 0)
            {
                return 0;
            }

            content.Fill(offset + _read, buffer[..n]);
            _read += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int index, int max, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(index, max)));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long o, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int index, int max) => throw new NotSupportedException();
    }
}
