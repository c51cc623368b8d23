using System.ComponentModel.DataAnnotations;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Infrastructure.Storage;

/// <summary>The local-disk store (section "Storage:Local"), used when no Azure connection string is set.</summary>
public sealed class LocalDiskStorageOptions
{
    public const string Section = "Storage:Local";

    /// <summary>The folder files are kept in; relative to the content root. Empty: <c>data/files</c> under the content root.</summary>
    public string? Root { get; set; }

    /// <summary>Staged chunks of an upload nobody finished are deleted after this long.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00", ErrorMessage = "Storage:Local:AbandonedUploadLifetime must be between 1 hour and 30 days.")]
    public TimeSpan AbandonedUploadLifetime { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>Azure Blob Storage (section "Storage:Azure"); used when <see cref="ConnectionString"/> is set.</summary>
public sealed class AzureBlobStorageOptions
{
    public const string Section = "Storage:Azure";

    /// <summary>
    /// An Azure Storage connection string with the account key (read links are SAS links signed with it).
    /// Empty: files are kept on the local disk.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The private container the files are kept in; created at start when missing.</summary>
    [Required(ErrorMessage = "Storage:Azure:Container must be set.")]
    [RegularExpression("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$",
        ErrorMessage = "Storage:Azure:Container must be 3 to 63 lowercase letters, digits and single hyphens.")]
    public string Container { get; set; } = "entries";

    /// <summary>Block size of an upload in MiB; memory used by one upload is about this times (concurrency + 1).</summary>
    [Range(1, 100, ErrorMessage = "Storage:Azure:UploadBlockMegabytes must be between 1 and 100.")]
    public int UploadBlockMegabytes { get; set; } = 4;

    /// <summary>Blocks of one upload sent at the same time.</summary>
    [Range(1, 16, ErrorMessage = "Storage:Azure:UploadConcurrency must be between 1 and 16.")]
    public int UploadConcurrency { get; set; } = 2;

    /// <summary>
    /// Browsers send upload blocks straight to the storage account with a short-lived SAS (true, the default) instead of
    /// through the site. Needs the site's origin: <see cref="UploadOrigins"/> or <c>Site:PublicBaseUrl</c>; without one,
    /// uploads go through the site. Turn off for an account browsers cannot reach (network rules, a private endpoint).
    /// </summary>
    public bool DirectUploads { get; set; } = true;

    /// <summary>
    /// The origins (e.g. <c>https://lomba.example.org</c>, comma-separated) whose pages may send blocks to the account;
    /// the CORS rule set at start-up allows exactly these. Empty: the origin of <c>Site:PublicBaseUrl</c>.
    /// </summary>
    public string? UploadOrigins { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>The origins of <see cref="UploadOrigins"/> (or of <paramref name="publicBaseUrl"/>), normalized; null when one is not an http(s) origin.</summary>
    public static IReadOnlyList<string>? OriginsOf(string? uploadOrigins, string? publicBaseUrl)
    {
        var explicitOrigins = !string.IsNullOrWhiteSpace(uploadOrigins);
        string[] listed = !explicitOrigins
            ? string.IsNullOrWhiteSpace(publicBaseUrl) ? [] : [publicBaseUrl.Trim()]
            : uploadOrigins!.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var origins = new List<string>();
        foreach (var item in listed)
        {
            if (!Uri.TryCreate(item, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || (explicitOrigins && (uri.AbsolutePath != "/" || uri.Query.Length > 0)))
            {
                return null;
            }

            var origin = uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
            if (!origins.Contains(origin))
            {
                origins.Add(origin);
            }
        }

        return origins;
    }
}

/// <summary>A connection string that the SDK cannot parse, or one without the account key, stops start-up.</summary>
internal sealed class AzureBlobStorageOptionsValidator : IValidateOptions<AzureBlobStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureBlobStorageOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        BlobServiceClient client;
        try
        {
            client = new BlobServiceClient(options.ConnectionString);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            // The SDK's message does not repeat the connection string (it holds the account key).
            return ValidateOptionsResult.Fail(
                $"Storage:Azure:ConnectionString is not a valid Azure Storage connection string ({e.Message}). " +
                "Leave it empty to keep files on the local disk.");
        }

        if (!client.CanGenerateAccountSasUri)
        {
            return ValidateOptionsResult.Fail(
                "Storage:Azure:ConnectionString must contain AccountName and AccountKey: download links are SAS links signed with the key.");
        }

        if (options.DirectUploads && AzureBlobStorageOptions.OriginsOf(options.UploadOrigins, null) is null)
        {
            return ValidateOptionsResult.Fail(
                "Storage:Azure:UploadOrigins must be origins such as https://lomba.example.org (scheme, host and port only), separated by commas.");
        }

        return ValidateOptionsResult.Success;
    }
}
