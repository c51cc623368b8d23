using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Infrastructure.Auditing;
using CompetitionSite.Web.Infrastructure.Localization;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Entries;

/// <summary>
/// Resumable chunked uploads of an entry's files (see docs/decisions/0003-file-storage.md): start checks everything
/// that can be checked before a byte is stored; chunks stream straight into the file store; complete commits them,
/// hashes it and checks its real type — from the scan made while the chunks passed through (<see cref="UploadScans"/>)
/// when they came in order, else by reading the file back once — and records it as the slot's current file.
/// The deadline is the server's clock: an upload that began before the deadline may finish within the grace period.
/// </summary>
public sealed partial class EntryUploads(
    AppDbContext db,
    IFileStore store,
    UploadScans scans,
    TimeProvider clock,
    IAuditLog audit,
    EntryReceipts receipts,
    IStringLocalizer<EntriesText> t,
    Microsoft.Extensions.Options.IOptions<Infrastructure.Imaging.ImageOptions> images,
    ILogger<EntryUploads> logger)
{
    /// <summary>
    /// The chunk size of a session whose client asks for none (4 MiB), and the most one request may carry
    /// (<see cref="MaxRequestBytes"/>). A client may ask for a smaller chunk at start and then send several
    /// consecutive chunks in one request, so it can adapt how much it sends at once to its link.
    /// </summary>
    public const int ChunkSize = 4 * 1024 * 1024;

    /// <summary>The smallest chunk a client may ask for (256 KiB): a few seconds on slow 3G.</summary>
    public const int MinChunkSize = 256 * 1024;

    /// <summary>The most bytes one chunk request may carry (one chunk, or several consecutive ones).</summary>
    public const int MaxRequestBytes = ChunkSize;

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

        var fingerprint = UploadFingerprints.Normalize(request.Fingerprint, out var fingerprintValid);
        if (!fingerprintValid)
        {
            return (null, new Problem(400, "fingerprint", t["The upload could not be prepared. Reload the page and choose the file again."]));
        }

        var chunkSize = ChunkSizeFor(request.ChunkSize, request.Size);
        var chunkCount = (int)((request.Size + chunkSize - 1) / chunkSize);
        var direct = request.Direct ? store.DirectUploads : null;
        var session = new UploadSession
        {
            Id = Guid.NewGuid(),
            EntryId = entryId,
            Slot = slot,
            FileName = name,
            DeclaredSize = request.Size,
            ChunkSize = chunkSize,
            ChunkCount = chunkCount,
            StoredName = FileNames.New(extension),
            StartedByUserId = userId,
            StartedAt = now,
            Status = UploadStatus.Active,
            Fingerprint = fingerprint,
            StagingName = direct is null ? null : FileNames.New("upload"),
        };
        db.UploadSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return (StateOf(session, [], DirectLink(session, category.Competition)), null);
    }

    /// <summary>
    /// Which chunks of the session arrived. With <paramref name="fingerprint"/> (a client about to continue the session
    /// with its file), a session started with another fingerprint is refused as <c>different-file</c> (409).
    /// </summary>
    public async Task<(UploadState? State, Problem? Problem)> StatusAsync(int entryId, Guid sessionId, string? fingerprint, CancellationToken cancellationToken)
    {
        var found = await db.UploadSessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.EntryId == entryId)
            .Join(db.Entries, s => s.EntryId, e => e.Id, (s, e) => new { Session = s, e.Category.Competition })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return (null, NotFound());
        }

        var session = found.Session;
        if (fingerprint is not null && !UploadFingerprints.MayContinue(session, fingerprint))
        {
            return (null, DifferentFile(session));
        }

        IReadOnlyCollection<int> received = session.Status != UploadStatus.Active
            ? session.Status == UploadStatus.Completed ? Enumerable.Range(0, session.ChunkCount).ToList() : []
            : session.StagingName is { } staging
                // A block counts only when it has the chunk's length: one cut short or too long is sent again.
                ? (await Direct.StagedChunkLengthsAsync(staging, cancellationToken))
                    .Where(b => b.Key < session.ChunkCount && b.Value == ExpectedChunkLength(session, b.Key)).Select(b => b.Key).Order().ToList()
                : await store.GetStagedChunksAsync(session.StoredName, cancellationToken);
        return (StateOf(session, received, session.Status == UploadStatus.Active ? DirectLink(session, found.Competition) : null), null);
    }

    /// <summary>
    /// Streams chunks <paramref name="index"/> … <paramref name="index"/> + <paramref name="count"/> − 1 (the request
    /// body, at most <see cref="MaxRequestBytes"/>) into the store, one after the other. The body is never held in
    /// memory whole. Every chunk staged is whole; when the body ends early or runs long, the chunks before the bad one
    /// are kept (they are complete and at their offsets) and the answer says to send the request again. A session
    /// started with a fingerprint takes chunks only from requests presenting the same one (<paramref name="fingerprint"/>);
    /// any other is refused as <c>different-file</c> before a byte is read.
    /// </summary>
    public async Task<Problem?> StageChunkAsync(int entryId, Guid sessionId, int index, int count, Stream body, long? contentLength, string? fingerprint, CancellationToken cancellationToken)
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

        if (!UploadFingerprints.MayContinue(session, fingerprint))
        {
            return DifferentFile(session);
        }

        if (session.StagingName is not null)
        {
            // A direct upload's chunks go to the store, never here (and a chunk here could not join them anyway).
            return new Problem(409, "direct-upload", t["This upload goes straight to the file storage. Reload the page and choose the file again."]);
        }

        var now = Now;
        if (!CompetitionPhases.AcceptsUpload(found.Competition, now, session.StartedAt))
        {
            return ClosedProblem(found.Competition, now);
        }

        if (index < 0 || index >= session.ChunkCount || count < 1 || count > session.ChunkCount - index)
        {
            return new Problem(400, "chunk-index", t["This part of the file does not belong to the upload."]);
        }

        var expected = ExpectedLength(session, index, count);
        if (expected > MaxRequestBytes || contentLength > expected)
        {
            return new Problem(413, "chunk-too-large", t["A part of the file was larger than agreed. Reload the page and try again."]);
        }

        if (contentLength is { } length && length != expected)
        {
            return new Problem(400, "chunk-size", t["A part of the file arrived incomplete. It will be sent again."]);
        }

        // Counted before the bytes go to the store, whichever instance this is: completion trusts a scan of the chunks
        // on their way only when the count says no chunk was sent more than once (UploadSession.ChunkWrites).
        await db.Writes.WriteAsync(ct => db.UploadSessions.Where(s => s.Id == session.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ChunkWrites, s => s.ChunkWrites + count), ct), cancellationToken);
        for (var i = index; i < index + count; i++)
        {
            using var scan = scans.Begin(session.Id, i);
            try
            {
                // Every chunk but the last reads exactly its length; the last also notices a byte too many.
                var last = i == index + count - 1;
                await using var exact = new ExactLengthStream(body, ExpectedChunkLength(session, i), noticeExtraByte: last);
                await store.StageChunkAsync(session.StoredName, i, scan.Wrap(exact), ExpectedChunkLength(session, i), cancellationToken);
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
                logger.LogInformation("Chunk {Index} of upload {Session} was cut off: {Message}", i, sessionId, e.Message);
                return new Problem(400, "chunk-interrupted", t["A part of the file arrived incomplete. It will be sent again."]);
            }
        }

        return null;
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
            if (session.StagingName is { } staging)
            {
                await Direct.DiscardAsync(staging, cancellationToken);
            }
            else
            {
                await store.DiscardChunksAsync(session.StoredName, cancellationToken);
            }

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

    /// <summary>The bytes of chunks index … index + count − 1 (the last chunk of the file may be short).</summary>
    private static long ExpectedLength(UploadSession session, int index, int count) =>
        Math.Min((long)count * session.ChunkSize, session.DeclaredSize - (long)index * session.ChunkSize);

    /// <summary>
    /// The chunk size of a new session: what the client asked for, kept between <see cref="MinChunkSize"/> and
    /// <see cref="ChunkSize"/> (<see cref="ChunkSize"/> when it asked for none), and large enough that the file needs at
    /// most <see cref="IFileStore.MaxChunks"/> chunks.
    /// </summary>
    public static int ChunkSizeFor(int? asked, long size)
    {
        var chunk = Math.Clamp(asked ?? ChunkSize, MinChunkSize, ChunkSize);
        while ((size + chunk - 1) / chunk > IFileStore.MaxChunks && chunk < ChunkSize)
        {
            chunk = Math.Min(ChunkSize, chunk * 2);
        }

        return chunk;
    }

    private static UploadState StateOf(UploadSession s, IReadOnlyCollection<int> received, DirectUpload? direct = null) =>
        new(s.Id, s.Slot, s.FileName, s.DeclaredSize, s.ChunkSize, s.ChunkCount, received, s.Status.ToString().ToLowerInvariant(),
            Math.Max(1, MaxRequestBytes / s.ChunkSize), direct);

    /// <summary>The longest an upload URL works: an hour, and never past the end of the deadline's grace period.</summary>
    public static readonly TimeSpan DirectLinkLifetime = TimeSpan.FromHours(1);

    /// <summary>
    /// The store of direct uploads. A session that was started as one stays one even if direct uploads were turned off
    /// since (its blocks are in its staging blob), so this is the Azure store itself, not only what the settings offer now.
    /// </summary>
    private IDirectUploads Direct => store as IDirectUploads
        ?? throw new FileStoreException("This upload was started straight to Azure Blob Storage, which is no longer the file store.");

    /// <summary>
    /// A fresh upload URL for a direct session that may still take chunks: valid for <see cref="DirectLinkLifetime"/>, and
    /// never past the deadline plus the competition's grace period (the last moment a session begun before the deadline
    /// may complete; a block sent later could never be committed anyway). Null for a session through the site, or one
    /// that may take no more chunks.
    /// </summary>
    private DirectUpload? DirectLink(UploadSession session, Competition competition)
    {
        if (session.StagingName is not { } staging || session.Status != UploadStatus.Active)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (!CompetitionPhases.AcceptsUpload(competition, now.UtcDateTime, session.StartedAt))
        {
            return null;
        }

        var lastMoment = new DateTimeOffset(DateTime.SpecifyKind(competition.SubmissionClosesAt, DateTimeKind.Utc)).AddMinutes(Math.Max(0, competition.GraceMinutes));
        var expires = now + DirectLinkLifetime < lastMoment ? now + DirectLinkLifetime : lastMoment;
        return new DirectUpload(Direct.UploadUrl(staging, expires), expires);
    }

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

    /// <summary>The file picked to continue an upload is not the one it began with: the client starts a new upload.</summary>
    private Problem DifferentFile(UploadSession session) =>
        new(409, "different-file", t["This {0} is not the same file as the one whose upload stopped, so the upload starts again from the beginning.", session.FileName]);

    private Problem NotFound() => new(404, "not-found", t["This upload does not exist. Reload the page and choose the file again."]);

    private Problem SessionClosed(UploadSession session) => session.Status == UploadStatus.Rejected && session.RejectionReason is { } reason
        ? new Problem(422, "rejected", reason)
        : new Problem(409, "session-closed", t["This upload is already finished or was cancelled. Reload the page to see your files."]);

    private Problem ClosedProblem(Competition competition, DateTime now) => now >= competition.SubmissionClosesAt
        ? new Problem(409, "deadline", t["The deadline has passed ({0}). Files are no longer accepted.",
            Infrastructure.Localization.TimeDisplay.Format(competition.SubmissionClosesAt, competition.TimeZoneId)])
        : new Problem(409, "not-open", t["This competition is not accepting entries now."]);
}
