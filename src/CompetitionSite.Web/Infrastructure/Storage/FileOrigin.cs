using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Infrastructure.Storage;

/// <summary>
/// The origin read links point at when it is not the site itself: the Azure storage account's blob endpoint
/// (e.g. <c>https://account.blob.core.windows.net</c>), or null for the local disk. The security headers allow
/// images, video and framed PDFs from it.
/// </summary>
public sealed class FileOrigin(IOptions<AzureBlobStorageOptions> options)
{
    private readonly Lazy<string?> _origin = new(() =>
    {
        var settings = options.Value;
        return settings.IsConfigured
            ? new BlobServiceClient(settings.ConnectionString).Uri.GetLeftPart(UriPartial.Authority)
            : null;
    });

    public string? Origin => _origin.Value;
}
