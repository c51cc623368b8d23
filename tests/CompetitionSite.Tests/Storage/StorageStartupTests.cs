using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CompetitionSite.Tests.Support;

namespace CompetitionSite.Tests.Storage;

/// <summary>How the site starts with each store, and what /healthz says about it.</summary>
[Trait("Database", "Independent")]
public sealed class StorageStartupTests
{
    [Fact]
    public async Task Healthz_is_200_with_files_on_the_local_disk()
    {
        using var site = new SiteFactory();

        var (status, files) = await HealthAsync(site);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", files);
    }

    [Fact]
    public async Task Healthz_is_200_when_Azure_Blob_Storage_answers()
    {
        using var site = new SiteFactory().UseAzurite(AzuriteServer.Shared);

        var (status, files) = await HealthAsync(site);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", files);
    }

    [Fact]
    public async Task The_site_starts_and_healthz_is_503_without_waiting_on_retries_when_Azure_Blob_Storage_is_unreachable()
    {
        var deadPort = SmtpTestServer.FreePort();
        using var site = new SiteFactory().UseAzureBlobStorage(
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.AccountName};AccountKey={AzuriteServer.AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{deadPort}/{AzuriteServer.AccountName};",
            "entries");
        // A guard against hanging (say, on the client's 100 s network timeout), not a speed target: a wall-clock
        // bound tight enough to measure speed failed on a busy machine (18 s with the load average at 100).
        var (home, (status, files)) = await Task.Run(async () =>
            (await site.CreateBrowser().GetAsync("/"), await HealthAsync(site))).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", files);
    }

    [Fact]
    public async Task The_container_is_created_private_at_start()
    {
        var container = AzuriteServer.NewContainerName("start");
        using var site = new SiteFactory().UseAzurite(AzuriteServer.Shared, container);
        var client = new BlobContainerClient(AzuriteServer.Shared.ConnectionString, container);

        _ = site.Services; // starts the site, and with it the store's start-up work
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!(await client.ExistsAsync()).Value && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var properties = await client.GetPropertiesAsync();
        Assert.Equal(PublicAccessType.None, properties.Value.PublicAccess);
    }

    [Theory]
    [InlineData("this is not a connection string")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=%%not-base64%%")]
    [InlineData("BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;SharedAccessSignature=sv=2024-01-01&sig=abc")]
    public void A_wrong_connection_string_stops_start_up_naming_the_setting(string connectionString)
    {
        using var site = new SiteFactory().UseAzureBlobStorage(connectionString, "entries");

        var error = Record.Exception(() => site.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("Storage:Azure:ConnectionString", error.ToString());
        Assert.DoesNotContain(connectionString, error.ToString());
    }

    [Fact]
    public void A_wrong_container_name_stops_start_up_naming_the_setting()
    {
        using var site = new SiteFactory().UseAzurite(AzuriteServer.Shared, "Not_A_Container");

        var error = Record.Exception(() => site.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("Storage:Azure:Container", error.ToString());
    }

    private static async Task<(HttpStatusCode Status, string? Files)> HealthAsync(SiteFactory site)
    {
        var response = await site.CreateBrowser().GetAsync("/healthz");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var files = body.RootElement.GetProperty("checks").TryGetProperty("files", out var check)
            ? check.GetProperty("status").GetString()
            : null;
        return (response.StatusCode, files);
    }
}
