using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Infrastructure.Auditing;
using CompetitionSite.Web.Infrastructure.Localization;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Entries;

public sealed record UploadStart(string? FileName, long Size, int? Slot);

public sealed record UploadState(Guid Id, int Slot, string FileName, long Size, int ChunkSize, int ChunkCount, IReadOnlyCollection<int> Received, string Status);

public sealed record StoredFile(int Id, int Slot, string FileName, long Size, string Sha256, string ContentType)
{
    /// <summary>The short receipt code the upload message shows (the full SHA-256 is on the receipt).</summary>
    public string ReceiptCode => Domain.Entries.ReceiptCode.FromSha256(Sha256);
}

/// <summary>
/// Resumable chunked uploads of an entry's files (see docs/decisions/0003-file-storage.md): start checks everything
/// that can be checked before a byte is stored; chunks stream straight into the file store; complete commits them,
/// hashes it and checks its real type — from the scan made while the chunks passed through (<see cref="UploadScans"/>)
/// when they came in order, else by reading the file back once — and records it as the slot's current file.
/// The deadline is the server's clock: an upload that began before the deadline may finish within the grace period.
/// </summary>
public sealed class EntryUploads(
    AppDbContext db,
    IFileStore store,
    UploadScans scans,
    TimeProvider clock,
    IAuditLog audit,
    EntryReceipts receipts,
    IStringLocalizer<Text> t,
    Microsoft.Extensions.Options.IOptions<Infrastructure.Imaging.ImageOptions> images,
    ILogger<EntryUploads> logger)
{
    /// <summary>4 MiB: a few seconds each on slow mobile data, and few enough requests for a large video.</summary>
    public const int ChunkSize = 4 * 1024 * 1024;

    public async Task<(UploadState? State, Problem? Problem)> StartAsync(int entryId, string userId, UploadStart request, CancellationToken cancellationToken)
    {
        var entry = await db.Entries.Include(e => e.Category).ThenInclude(c => c.Competition)
            .SingleAsync(e => e.Id == entryId, cancellationToken);
        var category = entry.Category;
        var now = Now;

        if (entry.Status is EntryStatus.Withdrawn or EntryStatus.Disqualified)
        {
            return (null, new Problem(409, "entry-closed", t["This entry was withdrawn or disqualified and takes no more files."]));
        }

        if (category.Kind == EntryKind.Link)
        {
            return (null, new Problem(400, "link-category", t["This category takes a link, not files."]));
        }

        if (!CompetitionPhases.AcceptsUpload(category.Competition, now, null))
        {
            return (null, ClosedProblem(category.Competition, now));
        }

        var name = (request.FileName ?? "").Trim();
        if (name.Length == 0)
        {
            return (null, new Problem(400, "name", t["Choose a file to upload."]));
        }

        if (IsPathLike(name))
        {
            return (null, new Problem(400, "path-name", t["The file name \"{0}\" looks like a path. Give the file a plain name (letters, digits, spaces, dots) and try again.", name]));
        }

        if (name.Length > 200)
        {
            return (null, new Problem(400, "name-too-long", t["The file name is too long (at most 200 characters). Rename the file and try again."]));
        }

        var extension = Path.GetExtension(name).ToLowerInvariant();
        var allowed = category.AllowedExtensionList.Select(e => e.ToLowerInvariant()).ToList();
        if (!allowed.Contains(extension) || !FileSignatures.IsCheckable(extension))
        {
            return (null, new Problem(415, "type", t["Files of this type are not accepted in this category. Allowed: {0}.", string.Join(", ", allowed)]));
        }

        if (request.Size <= 0)
        {
            return (null, new Problem(400, "empty", t["The file \"{0}\" is empty. Choose the file with your work in it.", name]));
        }

        var limit = MaxBytes(category);
        if (request.Size > limit)
        {
            return (null, new Problem(413, "too-large", t["The file is {0}; this category accepts at most {1} per file.", Sizes.Format(request.Size), Sizes.Format(limit)]));
        }

        var max = Math.Max(1, category.MaxFilesPerEntry);
        int slot;
        if (request.Slot is { } asked)
        {
            if (asked < 0 || asked >= max)
            {
                return (null, TooManyFiles(max));
            }

            slot = asked;
        }
        else
        {
            var used = await db.EntryFiles.Where(f => f.EntryId == entryId && f.IsCurrent).Select(f => f.Slot).ToListAsync(cancellationToken);
            var free = Enumerable.Range(0, max).Where(s => !used.Contains(s)).ToList();
            if (free.Count == 0)
            {
                return (null, TooManyFiles(max));
            }

            slot = free[0];
        }

        var chunkCount = (int)((request.Size + ChunkSize - 1) / ChunkSize);
        var session = new UploadSession
        {
            Id = Guid.NewGuid(),
            EntryId = entryId,
            Slot = slot,
            FileName = name,
            DeclaredSize = request.Size,
            ChunkSize = ChunkSize,
            ChunkCount = chunkCount,
            StoredName = FileNames.New(extension),
            StartedByUserId = userId,
            StartedAt = now,
            Status = UploadStatus.Active,
        };
        db.UploadSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return (StateOf(session, []), null);
    }

    public async Task<(UploadState? State, Problem? Problem)> StatusAsync(int entryId, Guid sessionId, CancellationToken cancellationToken)
    {
        var session = await db.UploadSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId && s.EntryId == entryId, cancellationToken);
        if (session is null)
        {
            return (null, NotFound());
        }

        IReadOnlyCollection<int> received = session.Status == UploadStatus.Active
            ? await store.GetStagedChunksAsync(session.StoredName, cancellationToken)
            : session.Status == UploadStatus.Completed ? Enumerable.Range(0, session.ChunkCount).ToList() : [];
        return (StateOf(session, received), null);
    }

    /// <summary>Streams one chunk (the request body) into the store. The body is never held in memory whole.</summary>
    public async Task<Problem?> StageChunkAsync(int entryId, Guid sessionId, int index, Stream body, long? contentLength, CancellationToken cancellationToken)
    {
        var found = await db.UploadSessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.EntryId == entryId)
            .Join(db.Entries, s => s.EntryId, e => e.Id, (s, e) => new { Session = s, e.Category.Competition })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return NotFound();
        }

        var session = found.Session;
        if (session.Status != UploadStatus.Active)
        {
            return SessionClosed(session);
        }

        var now = Now;
        if (!CompetitionPhases.AcceptsUpload(found.Competition, now, session.StartedAt))
        {
            return ClosedProblem(found.Competition, now);
        }

        if (index < 0 || index >= session.ChunkCount)
        {
            return new Problem(400, "chunk-index", t["This part of the file does not belong to the upload."]);
        }

        var expected = ExpectedChunkLength(session, index);
        if (contentLength > expected)
        {
            return new Problem(413, "chunk-too-large", t["A part of the file was larger than agreed. Reload the page and try again."]);
        }

        if (contentLength is { } length && length != expected)
        {
            return new Problem(400, "chunk-size", t["A part of the file arrived incomplete. It will be sent again."]);
        }

        using var scan = scans.Begin(session.Id, index);
        try
        {
            await using var exact = new ExactLengthStream(body, expected);
            await store.StageChunkAsync(session.StoredName, index, scan.Wrap(exact), expected, cancellationToken);
            scan.Staged();
        }
        catch (ChunkLengthException e)
        {
            return e.TooLong
                ? new Problem(413, "chunk-too-large", t["A part of the file was larger than agreed. Reload the page and try again."])
                : new Problem(400, "chunk-size", t["A part of the file arrived incomplete. It will be sent again."]);
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException or OperationCanceledException)
        {
            // The connection dropped mid-chunk: nothing of this chunk was kept; the browser sends it again.
            logger.LogInformation("Chunk {Index} of upload {Session} was cut off: {Message}", index, sessionId, e.Message);
            return new Problem(400, "chunk-interrupted", t["A part of the file arrived incomplete. It will be sent again."]);
        }

        return null;
    }

    /// <summary>
    /// Commits the chunks and records the file, exactly once per session: the call that claims the session (a
    /// conditional update from Active to Completing) does the work; a repeat while it works waits for its outcome,
    /// and every repeat afterwards gets the same answer (the recorded file). A claim whose holder died (older than
    /// <see cref="ClaimLifetime"/>) may be taken over. The file row is recorded only under the caller's own claim
    /// (a concurrency token) and the stored name is unique, so a session can never give two file rows.
    /// </summary>
    public async Task<(StoredFile? File, Problem? Problem)> CompleteAsync(int entryId, Guid sessionId, CancellationToken cancellationToken)
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
        try
        {
            await store.CommitChunksAsync(session.StoredName, session.ChunkCount, GuessType(extension), cancellationToken);
        }
        catch (ChunksMissingException e)
        {
            await ReleaseClaimAsync(sessionId, claim, UploadStatus.Active, null);
            return (null, new Problem(409, "missing-chunks", t.Plural(e.Missing.Count, "{0} part of the file has not arrived yet. It will be sent again.", "{0} parts of the file have not arrived yet. They will be sent again.")));
        }

        // The scan made on the way in when every chunk came through here in order; else read the file back once.
        var scan = scans.Complete(session.Id, session.ChunkCount);
        if (scan is null)
        {
            await using var stored = await store.OpenReadAsync(session.StoredName, cancellationToken);
            scan = await FileSignatures.ScanAsync(stored, cancellationToken);
        }

        var limit = MaxBytes(category);
        string? refusal = null;
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

    public async Task<Problem?> AbortAsync(int entryId, Guid sessionId, CancellationToken cancellationToken)
    {
        var session = await db.UploadSessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.EntryId == entryId, cancellationToken);
        if (session is null)
        {
            return NotFound();
        }

        if (session.Status == UploadStatus.Active)
        {
            scans.Abandon(session.Id);
            await store.DiscardChunksAsync(session.StoredName, cancellationToken);
            session.Status = UploadStatus.Abandoned;
            session.CompletedAt = Now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return null;
    }

    /// <summary>Anything but a plain file name: separators, "..", a drive letter, control characters, a leading dot.</summary>
    public static bool IsPathLike(string name) =>
        name.IndexOfAny(['/', '\\', ':', '\0']) >= 0
        || name.Contains("..", StringComparison.Ordinal)
        || name.StartsWith('.')
        || name.StartsWith('~')
        || name.Any(char.IsControl);

    public static long MaxBytes(Category category) => Math.Max(1, category.MaxFileSizeMb) * 1024L * 1024L;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static long ExpectedChunkLength(UploadSession session, int index) =>
        Math.Min(session.ChunkSize, session.DeclaredSize - (long)index * session.ChunkSize);

    private static UploadState StateOf(UploadSession s, IReadOnlyCollection<int> received) =>
        new(s.Id, s.Slot, s.FileName, s.DeclaredSize, s.ChunkSize, s.ChunkCount, received, s.Status.ToString().ToLowerInvariant());

    private static StoredFile ToStored(EntryFile f) => new(f.Id, f.Slot, f.OriginalFileName, f.SizeBytes, f.Sha256, f.ContentType);

    private static string GuessType(string extension) =>
        FileSignatures.ContentTypeOf(extension switch
        {
            ".jpg" or ".jpeg" => DetectedType.Jpeg,
            ".png" => DetectedType.Png,
            ".gif" => DetectedType.Gif,
            ".webp" => DetectedType.WebP,
            ".pdf" => DetectedType.Pdf,
            ".mp4" or ".m4v" => DetectedType.Mp4,
            ".mov" => DetectedType.QuickTime,
            ".webm" => DetectedType.WebM,
            ".zip" => DetectedType.Zip,
            ".docx" => DetectedType.Docx,
            _ => DetectedType.Unknown,
        });

    private Problem TooManyFiles(int max) =>
        new(400, "too-many-files", t.Plural(max, "This category accepts at most {0} file per entry. Replace your file instead.", "This category accepts at most {0} files per entry. Replace one of your files instead."));

    private Problem StillCompleting() =>
        new(409, "completing", t["The file is still being checked. Wait a moment; the page will ask again."]);

    private Problem NotFound() => new(404, "not-found", t["This upload does not exist. Reload the page and choose the file again."]);

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

    private Problem SessionClosed(UploadSession session) => session.Status == UploadStatus.Rejected && session.RejectionReason is { } reason
        ? new Problem(422, "rejected", reason)
        : new Problem(409, "session-closed", t["This upload is already finished or was cancelled. Reload the page to see your files."]);

    private Problem ClosedProblem(Competition competition, DateTime now) => now >= competition.SubmissionClosesAt
        ? new Problem(409, "deadline", t["The deadline has passed ({0}). Files are no longer accepted.",
            Infrastructure.Localization.TimeDisplay.Format(competition.SubmissionClosesAt, competition.TimeZoneId)])
        : new Problem(409, "not-open", t["This competition is not accepting entries now."]);
}

/// <summary>A chunk whose length was not the agreed one.</summary>
public sealed class ChunkLengthException(bool tooLong) : IOException(tooLong ? "The chunk is longer than agreed." : "The chunk is shorter than agreed.")
{
    public bool TooLong { get; } = tooLong;
}

/// <summary>
/// Passes a request body through while counting: more than <paramref name="expected"/> bytes, or fewer at the end,
/// throws <see cref="ChunkLengthException"/>, so the store discards the partial chunk instead of staging it.
/// </summary>
internal sealed class ExactLengthStream(Stream inner, long expected) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Check(inner.Read(buffer, offset, (int)Math.Min(count, expected - _read + 1)), count);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Ask for at most one byte more than still expected: enough to notice an over-long chunk.
        var want = (int)Math.Min(buffer.Length, expected - _read + 1);
        return Check(await inner.ReadAsync(buffer[..want], cancellationToken), buffer.Length);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

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
