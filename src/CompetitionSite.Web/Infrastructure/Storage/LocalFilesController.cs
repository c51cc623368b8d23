using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CompetitionSite.Web.Infrastructure.Storage;

/// <summary>
/// Serves a stored file to whoever holds a valid signed link (<see cref="LocalFileLinks"/>): the link is the
/// permission, like an Azure SAS link. A forged, altered or expired link gets the ordinary 404 page.
/// A download (<c>Content-Disposition: attachment</c>) unless the link was made inline for a safe preview type (a PDF
/// shown in an <c>iframe</c> of the site: then framing by the site itself is allowed). Never sniffed; range requests
/// work (video seeking).
/// </summary>
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class LocalFilesController(LocalFileLinks links, IFileStore store) : ControllerBase
{
    [HttpGet("/files/{name}")]
    public async Task<IActionResult> Download(
        string name,
        [FromQuery(Name = "exp")] string? expires,
        [FromQuery(Name = "fn")] string? fileName,
        [FromQuery(Name = "ct")] string? contentType,
        [FromQuery(Name = "disp")] string? disposition,
        [FromQuery(Name = "sig")] string? signature,
        CancellationToken cancellationToken)
    {
        if (!links.TryValidate(name, expires, fileName, contentType, disposition, signature, out var link))
        {
            return NotFound();
        }

        Stream content;
        try
        {
            content = await store.OpenReadAsync(name, cancellationToken);
        }
        catch (FileNotFoundInStoreException)
        {
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "private, no-store";
        if (link.Inline)
        {
            Response.Headers.ContentDisposition = FileNames.Disposition(inline: true, link.DownloadFileName, name);
            // May be framed by the site's own pages (a PDF preview), by no one else: the security headers follow it.
            Response.Headers.XFrameOptions = "SAMEORIGIN";
            return File(content, link.ContentType, enableRangeProcessing: content.CanSeek);
        }

        return File(content, link.ContentType, link.DownloadFileName, enableRangeProcessing: content.CanSeek);
    }
}
