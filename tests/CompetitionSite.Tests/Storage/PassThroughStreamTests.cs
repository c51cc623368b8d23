using CompetitionSite.Web.Features.Entries;
using CompetitionSite.Web.Infrastructure.Storage;

namespace CompetitionSite.Tests.Storage;

/// <summary>The read-once wrapper base and the wrappers built on it keep what a caller relies on.</summary>
[Trait("Category", "Unit")]
public sealed class PassThroughStreamTests
{
    private static readonly byte[] Bytes = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();

    [Fact]
    public async Task Every_read_overload_passes_the_same_bytes_through()
    {
        Assert.Equal(Bytes, ReadAll(new Plain(new MemoryStream(Bytes)), (s, b) => s.Read(b, 0, b.Length)));
        Assert.Equal(Bytes, ReadAll(new Plain(new MemoryStream(Bytes)), (s, b) => s.Read(b.AsSpan())));
        Assert.Equal(Bytes, await ReadAllAsync(new Plain(new MemoryStream(Bytes)), (s, b) => s.ReadAsync(b, 0, b.Length)));
        Assert.Equal(Bytes, await ReadAllAsync(new Plain(new MemoryStream(Bytes)), (s, b) => s.ReadAsync(b.AsMemory()).AsTask()));
        using var copy = new MemoryStream();
        await new Plain(new MemoryStream(Bytes)).CopyToAsync(copy);
        Assert.Equal(Bytes, copy.ToArray());
    }

    [Fact]
    public void It_can_only_be_read_front_to_back()
    {
        using var s = new Plain(new MemoryStream(Bytes));
        Assert.Equal((true, false, false), (s.CanRead, s.CanSeek, s.CanWrite));
        Assert.Throws<NotSupportedException>(() => s.Length);
        Assert.Throws<NotSupportedException>(() => s.Position);
        Assert.Throws<NotSupportedException>(() => s.Position = 0);
        Assert.Throws<NotSupportedException>(() => s.Seek(0, SeekOrigin.Begin));
        Assert.Throws<NotSupportedException>(() => s.SetLength(1));
        Assert.Throws<NotSupportedException>(() => s.Write(Bytes, 0, 1));
        s.Flush();
    }

    [Fact]
    public async Task The_inner_stream_is_disposed_only_when_the_wrapper_owns_it()
    {
        var kept = new MemoryStream(Bytes);
        new Plain(kept).Dispose();
        await new Plain(kept).DisposeAsync();
        Assert.True(kept.CanRead);

        var owned = new MemoryStream(Bytes);
        new Plain(owned, ownsInner: true).Dispose();
        Assert.False(owned.CanRead);

        var ownedAsync = new MemoryStream(Bytes);
        await new Plain(ownedAsync, ownsInner: true).DisposeAsync();
        Assert.False(ownedAsync.CanRead);
    }

    [Fact]
    public async Task An_exact_length_body_is_checked_on_the_synchronous_and_the_asynchronous_path()
    {
        Assert.Equal(Bytes, ReadAll(new ExactLengthStream(new MemoryStream(Bytes), Bytes.Length), (s, b) => s.Read(b, 0, b.Length)));
        Assert.Equal(Bytes, await ReadAllAsync(new ExactLengthStream(new MemoryStream(Bytes), Bytes.Length), (s, b) => s.ReadAsync(b, 0, b.Length)));

        var tooLong = Assert.Throws<ChunkLengthException>(() => ReadAll(new ExactLengthStream(new MemoryStream(Bytes), 999), (s, b) => s.Read(b.AsSpan())));
        Assert.True(tooLong.TooLong);
        var tooShort = await Assert.ThrowsAsync<ChunkLengthException>(() => ReadAllAsync(new ExactLengthStream(new MemoryStream(Bytes), 1001), (s, b) => s.ReadAsync(b.AsMemory()).AsTask()));
        Assert.False(tooShort.TooLong);

        // Not noticing the extra byte, it stops at the agreed length and leaves the rest to the next reader.
        var body = new MemoryStream(Bytes);
        Assert.Equal(Bytes[..600], ReadAll(new ExactLengthStream(body, 600, noticeExtraByte: false), (s, b) => s.Read(b, 0, b.Length)));
        Assert.Equal(600, body.Position);
    }

    [Fact]
    public void A_one_way_chunk_reports_its_length_and_position_and_cannot_be_rewound()
    {
        using var s = new OneWayChunkStream(new MemoryStream(Bytes), Bytes.Length);
        Assert.Equal((true, true, false), (s.CanRead, s.CanSeek, s.CanWrite));
        Assert.Equal(1000, s.Length);
        Assert.Equal(Bytes, ReadAll(s, (x, b) => x.Read(b, 0, b.Length)));
        Assert.Equal(1000, s.Position);
        Assert.Equal(1000, s.Seek(0, SeekOrigin.End));
        Assert.Throws<NotSupportedException>(() => s.Position = 0);
        Assert.Throws<NotSupportedException>(() => s.Write(Bytes, 0, 1));
    }

    private static byte[] ReadAll(Stream s, Func<Stream, byte[], int> read)
    {
        var all = new MemoryStream();
        var buffer = new byte[77];
        int n;
        while ((n = read(s, buffer)) > 0)
        {
            all.Write(buffer, 0, n);
        }

        return all.ToArray();
    }

    private static async Task<byte[]> ReadAllAsync(Stream s, Func<Stream, byte[], Task<int>> read)
    {
        var all = new MemoryStream();
        var buffer = new byte[77];
        int n;
        while ((n = await read(s, buffer)) > 0)
        {
            all.Write(buffer, 0, n);
        }

        return all.ToArray();
    }

    /// <summary>A wrapper that adds nothing: what is left is the base's behaviour.</summary>
    private sealed class Plain(Stream inner, bool ownsInner = false) : ReadOnlyPassThroughStream(inner, ownsInner)
    {
        public override int Read(Span<byte> buffer) => Inner.Read(buffer);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Inner.ReadAsync(buffer, cancellationToken);
    }
}
