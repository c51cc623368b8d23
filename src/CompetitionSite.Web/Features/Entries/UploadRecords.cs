namespace CompetitionSite.Web.Features.Entries;

// The shapes the upload API answers with (EntryUploads).

/// <summary>
/// What a client asks to upload; <paramref name="ChunkSize"/> is the chunk size it would like (kept within the server's
/// limits), <paramref name="Fingerprint"/> what identifies its file (<see cref="UploadFingerprints"/>; optional).
/// </summary>
public sealed record UploadStart(string? FileName, long Size, int? Slot, int? ChunkSize = null, string? Fingerprint = null);

/// <summary>
/// An upload session: chunk i covers bytes [i × ChunkSize, min(Size, (i + 1) × ChunkSize)); one request may carry up to
/// <paramref name="MaxChunksPerRequest"/> consecutive chunks.
/// </summary>
public sealed record UploadState(Guid Id, int Slot, string FileName, long Size, int ChunkSize, int ChunkCount, IReadOnlyCollection<int> Received, string Status, int MaxChunksPerRequest);

public sealed record StoredFile(int Id, int Slot, string FileName, long Size, string Sha256, string ContentType)
{
    /// <summary>The short receipt code the upload message shows (the full SHA-256 is on the receipt).</summary>
    public string ReceiptCode => Domain.Entries.ReceiptCode.FromSha256(Sha256);
}
