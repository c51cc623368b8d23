using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CompetitionSite.Web.Features.Entries;

/// <summary>
/// The JSON API behind the upload widget (wwwroot/js/upload.js). Antiforgery is checked on every non-GET request
/// by the global filter: the page's token goes in the <c>RequestVerificationToken</c> header. Only the owner of the
/// entry may upload; anyone else gets a 404. Refusals come back as <c>{ code, message }</c> with a localized message.
/// </summary>
[ApiController]
[Route("api/entries/{id:int}/uploads")]
[Authorize]
public sealed class UploadsController(EntryAccess access, EntryUploads uploads) : ControllerBase
{
    /// <summary>
    /// <paramref name="ChunkSize"/>: the chunk size the client would like (optional; see <see cref="EntryUploads.ChunkSizeFor"/>);
    /// <paramref name="Fingerprint"/>: what identifies the file (optional; see <see cref="UploadFingerprints"/>);
    /// <paramref name="Direct"/>: the client can send the blocks straight to the store (the answer's <c>direct</c> then says where, when the store takes them).
    /// </summary>
    public sealed record StartRequest(string? FileName, long Size, int? Slot, int? ChunkSize, string? Fingerprint, bool? Direct);

    [HttpPost("")]
    [RateLimited(RateLimitedAction.UploadStarts)]
    public async Task<IActionResult> Start(int id, [FromBody] StartRequest request, CancellationToken cancellationToken)
    {
        if (!await IsOwnerAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var (state, problem) = await uploads.StartAsync(id, EntryAccess.UserIdOf(User), new UploadStart(request.FileName, request.Size, request.Slot, request.ChunkSize, request.Fingerprint, request.Direct == true), cancellationToken);
        return problem is not null ? Refuse(problem) : Ok(state);
    }

    /// <summary>Which chunks arrived; a client about to continue the upload adds <c>?fingerprint=</c> of its file.</summary>
    [HttpGet("{session:guid}")]
    public async Task<IActionResult> Status(int id, Guid session, [FromQuery] string? fingerprint, CancellationToken cancellationToken)
    {
        if (!await IsOwnerAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var (state, problem) = await uploads.StatusAsync(id, session, fingerprint, cancellationToken);
        return problem is not null ? Refuse(problem) : Ok(state);
    }

    /// <summary>
    /// Chunk <paramref name="index"/> — or, with <c>?count=n</c>, the n consecutive chunks from it — as the raw request
    /// body (application/octet-stream, at most <see cref="EntryUploads.MaxRequestBytes"/>), streamed to the store.
    /// </summary>
    [HttpPut("{session:guid}/chunks/{index:int}")]
    [RequestSizeLimit(EntryUploads.MaxRequestBytes + 1024)]
    [RateLimited(RateLimitedAction.UploadChunks)]
    public async Task<IActionResult> Chunk(int id, Guid session, int index, [FromQuery] int? count,
        [FromHeader(Name = UploadFingerprints.Header)] string? fingerprint, CancellationToken cancellationToken)
    {
        if (!await IsOwnerAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var problem = await uploads.StageChunkAsync(id, session, index, count ?? 1, Request.Body, Request.ContentLength, fingerprint, cancellationToken);
        return problem is not null ? Refuse(problem) : NoContent();
    }

    [HttpPost("{session:guid}/complete")]
    public async Task<IActionResult> Complete(int id, Guid session, [FromHeader(Name = UploadFingerprints.Header)] string? fingerprint, CancellationToken cancellationToken)
    {
        if (!await IsOwnerAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var (file, problem) = await uploads.CompleteAsync(id, session, fingerprint, cancellationToken);
        return problem is not null ? Refuse(problem) : Ok(file);
    }

    [HttpDelete("{session:guid}")]
    public async Task<IActionResult> Abort(int id, Guid session, CancellationToken cancellationToken)
    {
        if (!await IsOwnerAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var problem = await uploads.AbortAsync(id, session, cancellationToken);
        return problem is not null ? Refuse(problem) : NoContent();
    }

    private async Task<bool> IsOwnerAsync(int id, CancellationToken cancellationToken) =>
        await access.RelationAsync(id, User, cancellationToken) == EntryRelation.Owner;

    private ObjectResult Refuse(Problem problem) => StatusCode(problem.Status, new { problem.Code, problem.Message });
}
