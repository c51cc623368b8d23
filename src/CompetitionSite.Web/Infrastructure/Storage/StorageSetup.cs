namespace CompetitionSite.Web.Infrastructure.Storage;

public static class StorageSetup
{
    public static IServiceCollection AddFileStorage(this IServiceCollection services)
    {
        // Filled in by the storage work: local disk by default, Azure Blob Storage when configured.
        return services;
    }
}
