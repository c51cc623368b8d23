using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Tests.Storage;

/// <summary>
/// The CORS rule for direct uploads, set by each instance at start-up on a storage account of its own (an Azurite of
/// this test alone, so no other test's site changes the account's rules meanwhile).
/// </summary>
[Trait("Database", "Independent")]
public sealed class UploadCorsTests : IDisposable
{
    private readonly AzuriteServer _azurite = new();

    private AzureBlobFileStore StoreFor(string? uploadOrigins, string? publicBaseUrl = null, bool direct = true) => new(
        Options.Create(new AzureBlobStorageOptions
        {
            ConnectionString = _azurite.ConnectionString,
            Container = AzuriteServer.NewContainerName(),
            DirectUploads = direct,
            UploadOrigins = uploadOrigins,
        }),
        TimeProvider.System,
        Options.Create(new SiteOptions { PublicBaseUrl = publicBaseUrl }));

    [Fact]
    public async Task Each_instance_adds_its_origins_to_one_upload_rule_and_the_accounts_other_rules_stay()
    {
        var service = new BlobServiceClient(_azurite.ConnectionString);
        var properties = (await service.GetPropertiesAsync()).Value;
        properties.Cors = [new BlobCorsRule { AllowedOrigins = "https://lain.example", AllowedMethods = "GET", AllowedHeaders = "*", ExposedHeaders = "*", MaxAgeInSeconds = 60 }];
        await service.SetPropertiesAsync(properties);

        await StoreFor("https://lomba.example.org").EnsureCorsAsync();
        await StoreFor(null, "https://www.lomba.example.org/acara/").EnsureCorsAsync();
        await StoreFor("https://lomba.example.org").EnsureCorsAsync(); // again: nothing changes

        var rules = (await service.GetPropertiesAsync()).Value.Cors;
        Assert.Equal(2, rules.Count);
        Assert.Contains(rules, r => r is { AllowedOrigins: "https://lain.example", AllowedMethods: "GET" });
        var upload = Assert.Single(rules, r => r.AllowedMethods == "PUT");
        Assert.Equal("https://lomba.example.org,https://www.lomba.example.org", upload.AllowedOrigins);
        Assert.Equal(("content-type", "x-ms-error-code,x-ms-request-id", 3600), (upload.AllowedHeaders, upload.ExposedHeaders, upload.MaxAgeInSeconds));
    }

    [Fact]
    public void Without_an_origin_or_with_direct_uploads_off_uploads_go_through_the_site()
    {
        Assert.Null(StoreFor(null).DirectUploads);
        Assert.Null(StoreFor("https://lomba.example.org", direct: false).DirectUploads);
        Assert.NotNull(StoreFor(null, "https://lomba.example.org").DirectUploads);
        Assert.Null(AzureBlobStorageOptions.OriginsOf("https://lomba.example.org/path", null));
        Assert.Null(AzureBlobStorageOptions.OriginsOf("ftp://lomba.example.org", null));
        Assert.Equal(["https://a.example", "http://b.example:8080"], AzureBlobStorageOptions.OriginsOf("https://A.example, http://b.example:8080", null)!);
    }

    public void Dispose() => _azurite.Dispose();
}
