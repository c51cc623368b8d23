using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CompetitionSite.Web.Infrastructure.Storage;

/// <summary>The "files" entry of /healthz: unhealthy when the file store can't be reached or written.</summary>
internal sealed class FileStoreHealthCheck(IFileStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.CheckAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (FileStoreException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The file store is not reachable.", e);
        }
    }
}
