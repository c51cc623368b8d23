using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Infrastructure.Storage;

/// <summary>
/// Start-up and housekeeping of the file store, in the background so a store that is down never stops the site
/// from starting (/healthz reports it instead). Azure: creates the private container when missing (every instance
/// may do this; it is idempotent). Local disk: removes temporary files a crash left and chunks of uploads nobody
/// finished, once an hour (local disk means one machine, so this runs once).
/// </summary>
internal sealed class FileStoreMaintenance(
    IServiceProvider services,
    IOptions<LocalDiskStorageOptions> localOptions,
    TimeProvider time,
    ILogger<FileStoreMaintenance> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IFileStore store;
        try
        {
            store = services.GetRequiredService<IFileStore>();
        }
        catch (Exception e) when (e is FileStoreException or IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "The file store could not be set up (e.g. its folder could not be created).");
            return;
        }

        switch (store)
        {
            case AzureBlobFileStore azure:
                try
                {
                    await azure.EnsureContainerAsync(stoppingToken);
                    logger.LogInformation("Files are kept in Azure Blob Storage, container {Container}.", azure.ContainerName);
                    if (azure.DirectUploads is { } direct)
                    {
                        // Browsers put upload blocks straight into the account: its CORS rule must allow this site's pages.
                        await direct.EnsureCorsAsync(stoppingToken);
                        logger.LogInformation("Browsers upload straight to Azure Blob Storage from {Origins} (CORS rule set).", string.Join(", ", direct.Origins));
                    }
                    else
                    {
                        logger.LogInformation("Uploads go through the site (Storage:Azure:DirectUploads is off, or neither Storage:Azure:UploadOrigins nor Site:PublicBaseUrl is set).");
                    }
                }
                catch (FileStoreException e)
                {
                    logger.LogWarning(e, "The Azure Blob Storage container {Container} (or its CORS rule for uploads) could not be checked or created at start; " +
                        "the site tries again on the first upload. /healthz reports the store until it answers.", azure.ContainerName);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                }

                break;

            case LocalDiskFileStore local:
                logger.LogInformation("Files are kept on the local disk in {Root}.", local.Root);
                using (var timer = new PeriodicTimer(TimeSpan.FromHours(1), time))
                {
                    try
                    {
                        do
                        {
                            try
                            {
                                var removed = local.PurgeLeftovers(localOptions.Value.AbandonedUploadLifetime);
                                if (removed > 0)
                                {
                                    logger.LogInformation("Removed {Count} leftover temporary files or abandoned uploads from the local file store.", removed);
                                }
                            }
                            catch (Exception e) when (e is not OperationCanceledException)
                            {
                                // Housekeeping only: never let it stop the site.
                                logger.LogError(e, "Cleaning up the local file store failed; trying again in an hour.");
                            }
                        }
                        while (await timer.WaitForNextTickAsync(stoppingToken));
                    }
                    catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                    {
                    }
                }

                break;
        }
    }
}
