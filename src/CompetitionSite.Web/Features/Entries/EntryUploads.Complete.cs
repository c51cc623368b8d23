using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Infrastructure.Auditing;
using CompetitionSite.Web.Infrastructure.Localization;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Entries;

/// <summary>Completing an upload: the claim, the checks of the stored bytes, and recording the file.</summary>
public sealed partial class EntryUploads
{
    /// <summary>
    /// Commits the chunks and records the file, exactly once per session: the call that claims the session (a
    /// conditional update from Active to Completing) does the work; a repeat while it works waits for its outcome,
    /// and every repeat afterwards gets the same answer (the recorded file). A claim whose holder died (older than
    /// <see cref="ClaimLifetime"/>) may be taken over. The file row is recorded only under the caller's own claim
    /// (a concurrency token) and the stored name is unique, so a session can never give two file rows. A session started
    /// with a fingerprint is completed only by a request presenting the same one (<paramref name="fingerprint"/>).
    /// </summary>
    public async Task<(StoredFile? File, Problem? Problem)> CompleteAsync(int entryId, Guid sessionId, string? fingerprint, CancellationToken cancellationToken)
    {
        var claim = Guid.NewGuid();
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        UploadSession? session;
        Competition competition;
        while (true)
        {
            session = await db.UploadSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId && s.EntryId == entryId, cancellationToken);
            if (session is null)
            {
                return (null, NotFound());
            }

            if (!UploadFingerprints.MayContinue(session, fingerprint))
            {
                return (null, DifferentFile(session));
            }

            if (session.Status == UploadStatus.Completed)
            {
                // A repeated "complete" (its answer was lost, or it ran beside the first): the file is already recorded.
                return await RecordedAsync(entryId, session, cancellationToken);
            }

            var claimable = session.Status == UploadStatus.Active
                || (session.Status == UploadStatus.Completing && session.ClaimedAt < Now - ClaimLifetime);
            if (session.Status == UploadStatus.Completing && !claimable)
            {
                // Another call is committing this upload: wait for its outcome and answer the same.
                if (waiting.Elapsed > ClaimWait)
                {
                    return (null, StillCompleting());
                }

                await Task.Delay(ClaimPollInterval, cancellationToken);
                continue;
            }

            if (!claimable)
            {
                return (null, SessionClosed(session));
            }

            competition = await db.Entries.Where(e => e.Id == entryId).Select(e => e.Category.Competition).AsNoTracking().SingleAsync(cancellationToken);
            var now = Now;
            if (!CompetitionPhases.AcceptsUpload(competition, now, session.StartedAt))
            {
                return (null, ClosedProblem(competition, now));
            }

            if (await TryClaimAsync(session, claim, cancellationToken))
            {
                break;
            }
        }

        try
        {
            return await CompleteClaimedAsync(entryId, session, claim, competition, cancellationToken);
        }
        catch
        {
            // The store failed (or the request was cut off): give the claim back so the next "complete" can try again.
            await ReleaseClaimAsync(sessionId, claim, UploadStatus.Active, null);
            throw;
        }
    }

    /// <summary>How long a claim on a session's completion holds before another call may take it over.</summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(10);

    /// <summary>How long a repeated "complete" waits for the call holding the claim before answering "still being checked".</summary>
    private static readonly TimeSpan ClaimWait = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan ClaimPollInterval = TimeSpan.FromMilliseconds(200);

    private async Task<bool> TryClaimAsync(UploadSession session, Guid claim, CancellationToken cancellationToken)
    {
        var now = Now;
        var stale = now - ClaimLifetime;
        var claimed = await db.Writes.WriteAsync(ct => db.UploadSessions
            .Where(s => s.Id == session.Id
                && (s.Status == UploadStatus.Active || (s.Status == UploadStatus.Completing && s.ClaimedAt < stale)))
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, UploadStatus.Completing)
                .SetProperty(s => s.CompletionClaim, claim)
                .SetProperty(s => s.ClaimedAt, now), ct), cancellationToken);
        return claimed == 1;
    }

    /// <summary>Ends a claim that did not record a file: back to Active (chunks missing, a failure) or Rejected.</summary>
    private Task<int> ReleaseClaimAsync(Guid sessionId, Guid claim, UploadStatus status, string? rejection)
    {
        DateTime? completedAt = status == UploadStatus.Active ? null : Now;
        return db.Writes.WriteAsync(ct => db.UploadSessions
            .Where(s => s.Id == sessionId && s.Status == UploadStatus.Completing && s.CompletionClaim == claim)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, status)
                .SetProperty(s => s.CompletionClaim, (Guid?)null)
                .SetProperty(s => s.ClaimedAt, (DateTime?)null)
                .SetProperty(s => s.RejectionReason, rejection)
                .SetProperty(s => s.CompletedAt, completedAt), ct), CancellationToken.None);
    }

    private Task<int> ChunkWritesAsync(Guid sessionId, CancellationToken cancellationToken) =>
        db.UploadSessions.AsNoTracking().Where(s => s.Id == sessionId).Select(s => s.ChunkWrites).SingleAsync(cancellationToken);

    private async Task<(StoredFile? File, Problem? Problem)> RecordedAsync(int entryId, UploadSession session, CancellationToken cancellationToken)
    {
        var done = await db.EntryFiles.AsNoTracking().Where(f => f.EntryId == entryId && f.StoredName == session.StoredName).SingleOrDefaultAsync(cancellationToken);
        return done is null ? (null, SessionClosed(session)) : (ToStored(done), null);
    }

    private async Task<(StoredFile? File, Problem? Problem)> CompleteClaimedAsync(
        int entryId, UploadSession session, Guid claim, Competition competition, CancellationToken cancellationToken)
    {
        var sessionId = session.Id;
        var category = await db.Entries.Where(e => e.Id == entryId).Select(e => e.Category).AsNoTracking().SingleAsync(cancellationToken);
        var now = Now;
        var extension = Path.GetExtension(session.FileName).ToLowerInvariant();
        var limit = MaxBytes(category);
        string? refusal = null;
        ScanResult? scan;
        try
        {
            if (session.StagingName is { } staging)
            {
                (scan, refusal) = await CommitDirectAsync(session, staging, extension, limit, cancellationToken);
            }
            else
            {
                await store.CommitChunksAsync(session.StoredName, session.ChunkCount, GuessType(extension), cancellationToken);

                // The scan made on the way in when every chunk came through here in order and no chunk was sent twice to
                // any instance (one sent again elsewhere may have carried other bytes); else read the file back once.
                scan = scans.Complete(session.Id, session.ChunkCount);
                if (scan is not null && await ChunkWritesAsync(session.Id, cancellationToken) != session.ChunkCount)
                {
                    scan = null;
                }
            }
        }
        catch (ChunksMissingException e)
        {
            await ReleaseClaimAsync(sessionId, claim, UploadStatus.Active, null);
            return (null, new Problem(409, "missing-chunks", t.Plural(e.Missing.Count, "{0} part of the file has not arrived yet. It will be sent again.", "{0} parts of the file have not arrived yet. They will be sent again.")));
        }

        if (scan is null)
        {
            await using var stored = await store.OpenReadAsync(session.StoredName, cancellationToken);
            scan = await FileSignatures.ScanAsync(stored, cancellationToken);
        }

        // A direct upload refused from the stored file's length or first bytes has been read no further.
        if (refusal is null)
        {
            if (scan.Length == 0)
            {
                refusal = t["The file \"{0}\" is empty. Choose the file with your work in it.", session.FileName];
            }
            else if (scan.Length > limit)
            {
                refusal = t["The file is {0}; this category accepts at most {1} per file.", Sizes.Format(scan.Length), Sizes.Format(limit)];
            }
            else if (scan.Length != session.DeclaredSize)
            {
                refusal = t["The file arrived with a different size than announced. Upload it again."];
            }
            else if (!FileSignatures.Matches(extension, scan.Type))
            {
                refusal = t["The content of \"{0}\" is not a {1} file, although its name says so. It was not accepted. Save your work as a real {1} file and upload it again.",
                    session.FileName, FileSignatures.Describe(extension)];
            }
            else if (scan.Type is DetectedType.Png or DetectedType.Jpeg or DetectedType.WebP or DetectedType.Gif
                     && await ImageSizeAsync(session.StoredName, scan, cancellationToken) is { } size && size.Pixels > images.Value.MaxPixels)
            {
                // A decompression bomb, or just far larger than any screen or print needs: refused before anything decodes it.
                refusal = t["\"{0}\" is {1} × {2} pixels; images of at most {3} megapixels are accepted. Save a smaller version and upload it again.",
                    session.FileName, size.Width.ToString("N0", System.Globalization.CultureInfo.CurrentCulture),
                    size.Height.ToString("N0", System.Globalization.CultureInfo.CurrentCulture), images.Value.MaxPixels / 1_000_000];
            }
        }

        if (refusal is not null)
        {
            await store.DeleteAsync(session.StoredName, CancellationToken.None);
            var reason = refusal.Length > 500 ? refusal[..500] : refusal;
            audit.Record("entry.file-rejected", "entry", entryId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"upload {session.Id:N}: {scan.Type}, {scan.Length} bytes", competition.Id);
            await db.SaveChangesAsync(CancellationToken.None);
            await ReleaseClaimAsync(sessionId, claim, UploadStatus.Rejected, reason);
            return (null, new Problem(422, "rejected", refusal));
        }

        // All database changes of the completion in one SaveChanges, under this call's claim (a concurrency token on
        // the session); the entry's version guards against a concurrent change (another slot completing at the same
        // moment), in which case the work is redone — after checking the claim is still this call's.
        for (var attempt = 1; ; attempt++)
        {
            var tracked = await db.UploadSessions.SingleAsync(s => s.Id == sessionId, cancellationToken);
            // The claim was written with ExecuteUpdate, past the change tracker: a context that already tracked this
            // session (one that also started it, as seed-demo's does) would otherwise see the status it had before.
            await db.Entry(tracked).ReloadAsync(cancellationToken);
            if (tracked.Status != UploadStatus.Completing || tracked.CompletionClaim != claim)
            {
                // The claim was taken over (this call took longer than the claim's lifetime): the other call's answer counts.
                db.ChangeTracker.Clear();
                return tracked.Status == UploadStatus.Completed ? await RecordedAsync(entryId, tracked, cancellationToken) : (null, StillCompleting());
            }

            var entry = await db.Entries.Include(e => e.Files).Include(e => e.Category).ThenInclude(c => c.Competition)
                .SingleAsync(e => e.Id == entryId, cancellationToken);
            foreach (var previous in entry.Files.Where(f => f.Slot == tracked.Slot && f.IsCurrent))
            {
                previous.IsCurrent = false;
                previous.ReplacedAt = now;
            }

            var file = new EntryFile
            {
                EntryId = entryId,
                Slot = tracked.Slot,
                StoredName = tracked.StoredName,
                OriginalFileName = tracked.FileName,
                ContentType = FileSignatures.ContentTypeOf(scan.Type),
                SizeBytes = scan.Length,
                Sha256 = scan.Sha256,
                UploadedAt = now,
                IsCurrent = true,
            };
            entry.Files.Add(file);
            entry.UpdatedAt = now;
            entry.Version = Guid.NewGuid();
            tracked.Status = UploadStatus.Completed;
            tracked.CompletedAt = now;
            audit.Record("entry.file-uploaded", "entry", entryId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"slot {tracked.Slot}: upload {tracked.Id:N}, {scan.Length} bytes, sha256 {scan.Sha256}", competition.Id);
            if (entry.Status == EntryStatus.Submitted)
            {
                await receipts.QueueAsync(entry, isChange: true, cancellationToken);
            }

            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                return (ToStored(file), null);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // A concurrent change of the entry, a claim taken over, or the stored name already recorded: look again.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// Commits a direct upload (the blocks the site names, each of its agreed length, in order) and copies it to the
    /// session's stored name, then checks what was stored before reading all of it: its length (from the store) and its
    /// type (from a ranged read of its first bytes). Returns a refusal and a partial scan (length, type, no hash) when
    /// one fails; else null for both, and the caller reads the stored file once, streaming, for its SHA-256 and the rest
    /// of the checks. The client's word counts for nothing here: the receipt's hash is the site's own over stored bytes.
    /// </summary>
    private async Task<(ScanResult? Scan, string? Refusal)> CommitDirectAsync(UploadSession session, string staging, string extension, long limit, CancellationToken cancellationToken)
    {
        var lengths = Enumerable.Range(0, session.ChunkCount).Select(i => ExpectedChunkLength(session, i)).ToList();
        var length = await Direct.CommitAsync(staging, session.StoredName, lengths, GuessType(extension), cancellationToken);
        if (length > limit)
        {
            return (new ScanResult(length, "", DetectedType.Unknown),
                t["The file is {0}; this category accepts at most {1} per file.", Sizes.Format(length), Sizes.Format(limit)]);
        }

        if (length != session.DeclaredSize)
        {
            return (new ScanResult(length, "", DetectedType.Unknown), t["The file arrived with a different size than announced. Upload it again."]);
        }

        var head = new byte[FileSignatures.HeaderLength];
        var read = await Direct.ReadHeadAsync(session.StoredName, head, cancellationToken);
        var type = FileSignatures.Detect(head.AsSpan(0, read));
        // A DOCX is a ZIP by its first bytes; the full read finds the word/ part that makes it one.
        var plausible = FileSignatures.Matches(extension, type) || (type == DetectedType.Zip && FileSignatures.Matches(extension, DetectedType.Docx));
        return plausible
            ? (null, null)
            : (new ScanResult(length, "", type) { Head = head[..read] },
                t["The content of \"{0}\" is not a {1} file, although its name says so. It was not accepted. Save your work as a real {1} file and upload it again.",
                    session.FileName, FileSignatures.Describe(extension)]);
    }

    /// <summary>
    /// An image's size from its header: PNG, GIF and WebP from the first bytes the scan kept (nothing is read again); a
    /// JPEG from the first 1 MiB of the stored file (its EXIF blocks come before the size).
    /// </summary>
    private async Task<Infrastructure.Imaging.ImageSize?> ImageSizeAsync(string storedName, ScanResult scan, CancellationToken cancellationToken)
    {
        if (scan.Type != DetectedType.Jpeg)
        {
            return Infrastructure.Imaging.ImageResizer.SizeFromHead(scan.Head);
        }

        const int HeadLength = 1024 * 1024;
        var head = System.Buffers.ArrayPool<byte>.Shared.Rent(HeadLength);
        try
        {
            await using var stored = await store.OpenReadAsync(storedName, cancellationToken);
            var length = await stored.ReadAtLeastAsync(head.AsMemory(0, HeadLength), HeadLength, throwOnEndOfStream: false, cancellationToken);
            return Infrastructure.Imaging.ImageResizer.ReadSize(head, length);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(head);
        }
    }
}
