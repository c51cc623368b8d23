using System.Text.Json;
using CompetitionSite.Web.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Infrastructure.Web;

public static class OperationsSetup
{
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database");
        return services;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResponseWriter = WriteJsonAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).DisableRateLimiting();
        return app;
    }

    /// <summary>The "database" entry of /healthz: healthy when the configured database answers; its data names the provider.</summary>
    private sealed class DatabaseHealthCheck(AppDbContext db, IOptions<DatabaseOptions> options) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var data = new Dictionary<string, object> { ["provider"] = options.Value.Kind?.ToString() ?? options.Value.Provider };
            try
            {
                return await db.Database.CanConnectAsync(cancellationToken)
                    ? HealthCheckResult.Healthy(data: data)
                    : new HealthCheckResult(context.Registration.FailureStatus, "The database does not answer.", data: data);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, "The database does not answer.", e, data);
            }
        }
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new Dictionary<string, object?>(e.Value.Data.Select(d => KeyValuePair.Create(d.Key, (object?)d.Value)))
                {
                    ["status"] = e.Value.Status.ToString(),
                    ["error"] = e.Value.Exception?.Message,
                }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
    }
}
