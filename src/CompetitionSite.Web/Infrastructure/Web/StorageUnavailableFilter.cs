using System.Globalization;
using CompetitionSite.Web.Infrastructure.Localization;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Infrastructure.Web;

/// <summary>
/// The file store could not be reached (<see cref="FileStoreException"/>, other than a missing file or missing
/// chunks): the answer is 503 with <c>Retry-After</c>, never a 500. The upload API gets <c>{ code, message }</c>
/// with a localized message saying the upload continues; a page gets the status page for 503.
/// </summary>
public sealed class StorageUnavailableFilter(IStringLocalizer<SharedResource> l, ILogger<StorageUnavailableFilter> logger) : IExceptionFilter
{
    /// <summary>What <c>Retry-After</c> says, in seconds.</summary>
    public const int RetryAfterSeconds = 10;

    public void OnException(ExceptionContext context)
    {
        if (context.Exception is not FileStoreException e || e is FileNotFoundInStoreException or ChunksMissingException)
        {
            return;
        }

        logger.LogWarning("The file store is unavailable ({Path}): {Message}", context.HttpContext.Request.Path, e.Message);
        context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        var isApi = context.ActionDescriptor.EndpointMetadata.OfType<ApiControllerAttribute>().Any();
        context.Result = isApi
            ? new ObjectResult(new
            {
                Code = "storage-unavailable",
                Message = l["The site's file storage is not available at the moment. Your upload continues by itself when it is back: keep this page open."].Value,
            }) { StatusCode = StatusCodes.Status503ServiceUnavailable }
            : new StatusCodeResult(StatusCodes.Status503ServiceUnavailable);
        context.ExceptionHandled = true;
    }
}
