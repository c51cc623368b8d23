namespace CompetitionSite.Web.Features.Entries;

// The shapes the upload API answers with (EntryUploads).

/// <summary>
/// What a client asks to upload; <paramref name="ChunkSize"/> is the chunk size it would like (kept within the server's
/// limits), <paramref name="Fingerprint"/> what identifies its file (<see cref="UploadFingerprints"/>; optional).
/// </summary>
/// <paramref name="Direct"/>: the client can put the chunks straight into the store (the page's script says so); where the
/// store takes them (<see cref="Infrastructure.Storage.IFileStore.DirectUploads"/>) the session is then a direct one.
public sealed record UploadStart(string? FileName, long Size, int? Slot, int? ChunkSize = null, string? Fingerprint = null, bool Direct = false);

/// <summary>
/// An upload session: chunk i covers bytes [i × ChunkSize, min(Size, (i + 1) × ChunkSize)); one request may carry up to
/// <paramref name="MaxChunksPerRequest"/> consecutive chunks. With <paramref name="Direct"/> the chunks go straight to the
/// store instead (one block per chunk), not to the site.
/// </summary>
public sealed record UploadState(Guid Id, int Slot, string FileName, long Size, int ChunkSize, int ChunkCount, IReadOnlyCollection<int> Received, string Status,
    int MaxChunksPerRequest, DirectUpload? Direct = null);

/// <summary>
/// Where the browser sends the chunks of a direct upload: chunk i with an HTTP PUT to
/// <c>{Url}&amp;comp=block&amp;blockid={id}</c>, id = base64 of <c>chunk-</c> and i in six digits (<see cref="Infrastructure.Storage.IDirectUploads.BlockId"/>),
/// the body the chunk's bytes. The URL works until <paramref name="ExpiresAt"/>; the upload's status hands out a fresh one.
/// </summary>
public sealed record DirectUpload(Uri Url, DateTimeOffset ExpiresAt);

public sealed record StoredFile(int Id, int Slot, string FileName, long Size, string Sha256, string ContentType)
{
    /// <summary>The short receipt code the upload message shows (the full SHA-256 is on the receipt).</summary>
    public string ReceiptCode => Domain.Entries.ReceiptCode.FromSha256(Sha256);
}
