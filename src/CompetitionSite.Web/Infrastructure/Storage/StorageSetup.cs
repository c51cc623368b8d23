using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Infrastructure.Storage;

public static class StorageSetup
{
    public const string HealthCheckName = "files";

    /// <summary>
    /// The file store: Azure Blob Storage when <c>Storage:Azure:ConnectionString</c> is set, else the local disk
    /// (<c>Storage:Local:Root</c>). Adds the signed-link endpoint for local files and the "files" health check.
    /// </summary>
    public static IServiceCollection AddFileStorage(this IServiceCollection services)
    {
        services.AddOptions<LocalDiskStorageOptions>()
            .BindConfiguration(LocalDiskStorageOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<AzureBlobStorageOptions>()
            .BindConfiguration(AzureBlobStorageOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureBlobStorageOptions>, AzureBlobStorageOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddDataProtection(); // key ring configured (and shared through the database) by AddAccounts
        services.AddSingleton<LocalFileLinks>();
        services.AddSingleton<LocalDiskFileStore>();
        services.AddSingleton<AzureBlobFileStore>();
        services.AddSingleton<IFileStore>(sp => sp.GetRequiredService<IOptions<AzureBlobStorageOptions>>().Value.IsConfigured
            ? sp.GetRequiredService<AzureBlobFileStore>()
            : sp.GetRequiredService<LocalDiskFileStore>());

        services.AddHostedService<FileStoreMaintenance>();
        services.AddHealthChecks().AddCheck<FileStoreHealthCheck>(HealthCheckName, timeout: TimeSpan.FromSeconds(10));
        return services;
    }
}
