namespace CompetitionSite.Web.Features.Entries;

// The shapes the upload API answers with (EntryUploads).

public sealed record UploadStart(string? FileName, long Size, int? Slot);

public sealed record UploadState(Guid Id, int Slot, string FileName, long Size, int ChunkSize, int ChunkCount, IReadOnlyCollection<int> Received, string Status);

public sealed record StoredFile(int Id, int Slot, string FileName, long Size, string Sha256, string ContentType)
{
    /// <summary>The short receipt code the upload message shows (the full SHA-256 is on the receipt).</summary>
    public string ReceiptCode => Domain.Entries.ReceiptCode.FromSha256(Sha256);
}
