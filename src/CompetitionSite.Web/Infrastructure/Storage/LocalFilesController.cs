using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CompetitionSite.Web.Infrastructure.Storage;

/// <summary>
/// Serves a stored file to whoever holds a valid signed link (<see cref="LocalFileLinks"/>): the link is the
/// permission, like an Azure SAS link. A forged, altered or expired link gets the ordinary 404 page.
/// Always a download (<c>Content-Disposition: attachment</c>), never sniffed; range requests work (video seeking).
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
        [FromQuery(Name = "sig")] string? signature,
        CancellationToken cancellationToken)
    {
        if (!links.TryValidate(name, expires, fileName, contentType, signature, out var link))
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
        return File(content, link.ContentType, link.DownloadFileName, enableRangeProcessing: content.CanSeek);
    }
}
