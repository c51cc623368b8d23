namespace CompetitionSite.Web.Infrastructure.Storage;

/// <summary>
/// Uploads the browser sends straight to the store, never through the site (Azure Blob Storage; docs/decisions/0003).
/// The site names a staging blob per upload and hands the browser a URL for that one blob that allows only writing
/// blocks to it (a SAS with create and write, nothing else, short-lived); the browser puts chunk i as the block with id
/// <see cref="BlockId"/>(i). At completion the site commits the blocks it names itself, in index order, after checking
/// each one's length, and copies the result to the file's own name — a name no upload URL ever covered, so nothing the
/// browser does afterwards can change the file the site checked and recorded.
/// </summary>
public interface IDirectUploads
{
    /// <summary>The origins (scheme, host, port) whose pages may send blocks; the store's CORS rule allows exactly these.</summary>
    IReadOnlyList<string> Origins { get; }

    /// <summary>
    /// The URL chunk i of <paramref name="stagingName"/> goes to with an HTTP PUT (Put Block):
    /// <c>{url}&amp;comp=block&amp;blockid={BlockId(i), URL-encoded}</c>. It allows create and write of that one blob only
    /// (no read, no list, no other blob) from a few minutes ago (clock skew) until <paramref name="expiresOn"/>.
    /// </summary>
    Uri UploadUrl(string stagingName, DateTimeOffset expiresOn);

    /// <summary>The lengths of the blocks staged (not yet committed) in <paramref name="stagingName"/>, by chunk index.</summary>
    Task<IReadOnlyDictionary<int, long>> StagedChunkLengthsAsync(string stagingName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits chunks <c>0..n-1</c> of <paramref name="stagingName"/> (n = <paramref name="chunkLengths"/>.Count) in index
    /// order, each of which must be staged with exactly its length; copies the result to <paramref name="name"/> (replacing
    /// any file of that name) and drops the staging blob. Returns the stored file's length, read from the store. Throws
    /// <see cref="ChunksMissingException"/> naming every chunk missing or of another length (nothing is committed; the
    /// staged chunks stay so the browser can send those again).
    /// </summary>
    Task<long> CommitAsync(string stagingName, string name, IReadOnlyList<long> chunkLengths, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Reads the first bytes of a stored file into <paramref name="buffer"/> with one ranged read; returns how many.</summary>
    Task<int> ReadHeadAsync(string name, Memory<byte> buffer, CancellationToken cancellationToken = default);

    /// <summary>Drops an unfinished direct upload: its staged blocks and anything the browser committed under the staging name.</summary>
    Task DiscardAsync(string stagingName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the store's CORS rule for browser uploads (PUT from <see cref="Origins"/>, header Content-Type), keeping every
    /// other rule of the account. Called once at start-up by each instance; idempotent.
    /// </summary>
    Task EnsureCorsAsync(CancellationToken cancellationToken = default);

    /// <summary>The block id of chunk <paramref name="index"/>: base64 of <c>chunk-</c> and the index in six digits (<c>chunk-000042</c>).</summary>
    static string BlockId(int index) => AzureBlobFileStore.BlockId(index);
}
