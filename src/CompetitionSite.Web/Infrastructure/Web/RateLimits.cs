using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Infrastructure.Web;

/// <summary>The actions that are rate limited per signed-in person and per client address (<see cref="RateLimitedAttribute"/>).</summary>
public enum RateLimitedAction
{
    UploadStarts,
    UploadChunks,
    EntryCreation,
    ScoreSaves,
    ConsentRequests,
    CertificateChecks,
}

/// <summary>Marks an action as counted against the limits of <paramref name="action"/>, per person and per client address.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class RateLimitedAttribute(RateLimitedAction action) : Attribute
{
    public RateLimitedAction Action { get; } = action;
}

/// <summary>
/// Requests per minute. Per person: what one student, judge or guardian at full speed needs. Per client address: what a
/// school's deadline rush needs, with 40 students behind one shared address (NAT) — at least 20 people at a person's
/// limit each; a school's uplink cannot carry 2,400 chunks of 4 MiB a minute (160 MiB/s) anyway.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    [Range(1, 1_000_000, ErrorMessage = "RateLimits:UploadStartsPerUser must be between 1 and 1000000.")]
    public int UploadStartsPerUser { get; set; } = 20;

    [Range(1, 1_000_000, ErrorMessage = "RateLimits:UploadStartsPerAddress must be between 1 and 1000000.")]
    public int UploadStartsPerAddress { get; set; } = 400;

    [Range(1, 1_000_000, ErrorMessage = "RateLimits:UploadChunksPerUser must be between 1 and 1000000.")]
    public int UploadChunksPerUser { get; set; } = 120;

    [Range(1, 1_000_000, ErrorMessage = "RateLimits:UploadChunksPerAddress must be between 1 and 1000000.")]
    public int UploadChunksPerAddress { get; set; } = 2400;

    [Range(1, 1_000_000, ErrorMessage = "RateLimits:EntriesPerUser must be between 1 and 1000000.")]
    public int EntriesPerUser { get; set; } = 10;

    [Range(1, 1_000_000, ErrorMessage = "RateLimits:EntriesPerAddress must be between 1 and 1000000.")]
    public int EntriesPerAddress { get; set; } = 200;

    [Range(1, 1_000_000, ErrorMessage = "RateLimits:ScoreSavesPerUser must be between 1 and 1000000.")]
    public int ScoreSavesPerUser { get; set; } = 60;

    [Range(1, 1_000_000, ErrorMessage = "RateLimits:ScoreSavesPerAddress must be between 1 and 1000000.")]
    public int ScoreSavesPerAddress { get; set; } = 600;

    [Range(1, 1_000_000, ErrorMessage = "RateLimits:ConsentRequestsPerUser must be between 1 and 1000000.")]
    public int ConsentRequestsPerUser { get; set; } = 5;

    [Range(1, 1_000_000, ErrorMessage = "RateLimits:ConsentRequestsPerAddress must be between 1 and 1000000.")]
    public int ConsentRequestsPerAddress { get; set; } = 100;

    [Range(1, 1_000_000, ErrorMessage = "RateLimits:CertificateChecksPerUser must be between 1 and 1000000.")]
    public int CertificateChecksPerUser { get; set; } = 30;

    [Range(1, 1_000_000, ErrorMessage = "RateLimits:CertificateChecksPerAddress must be between 1 and 1000000.")]
    public int CertificateChecksPerAddress { get; set; } = 300;

    public int PerMinute(RateLimitedAction action, bool perUser) => action switch
    {
        RateLimitedAction.UploadStarts => perUser ? UploadStartsPerUser : UploadStartsPerAddress,
        RateLimitedAction.UploadChunks => perUser ? UploadChunksPerUser : UploadChunksPerAddress,
        RateLimitedAction.EntryCreation => perUser ? EntriesPerUser : EntriesPerAddress,
        RateLimitedAction.ScoreSaves => perUser ? ScoreSavesPerUser : ScoreSavesPerAddress,
        RateLimitedAction.ConsentRequests => perUser ? ConsentRequestsPerUser : ConsentRequestsPerAddress,
        RateLimitedAction.CertificateChecks => perUser ? CertificateChecksPerUser : CertificateChecksPerAddress,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}

/// <summary>
/// The site-wide limiter: for an action marked <see cref="RateLimitedAttribute"/>, one fixed one-minute window per
/// signed-in person and one per client address, chained (a request needs a permit from both; an anonymous one only
/// the address's). Counted for the site as a whole on PostgreSQL (<see cref="RateLimitWindows"/>, docs/decisions/0002).
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddSiteRateLimitOptions(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }

    public static PartitionedRateLimiter<HttpContext> GlobalLimiter() => PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, perUser: true)),
        PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, perUser: false)));

    private static RateLimitPartition<string> Partition(HttpContext context, bool perUser)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedAttribute>() is not { } marked)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var who = perUser
            ? context.User.FindFirstValue(ClaimTypes.NameIdentifier)
            : context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (who is null)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var limit = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.PerMinute(marked.Action, perUser);
        return RateLimitWindows.Partition(context, $"{marked.Action}:{(perUser ? "user" : "address")}:{who}", limit);
    }
}
