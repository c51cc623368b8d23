using System.Security.Claims;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Auditing;

namespace CompetitionSite.Web.Infrastructure.Auditing;

/// <summary>Adds audit events to the current unit of work; they are saved with the change they describe.</summary>
public interface IAuditLog
{
    void Record(string action, string objectType, string objectId, string details = "", int? competitionId = null);
}

public sealed class AuditLog(AppDbContext db, IHttpContextAccessor httpContextAccessor, TimeProvider clock) : IAuditLog
{
    public void Record(string action, string objectType, string objectId, string details = "", int? competitionId = null)
    {
        var user = httpContextAccessor.HttpContext?.User;
        var authenticated = user?.Identity?.IsAuthenticated == true;
        db.AuditEvents.Add(new AuditEvent
        {
            At = clock.GetUtcNow().UtcDateTime,
            ActorUserId = authenticated ? user!.FindFirstValue(ClaimTypes.NameIdentifier) : null,
            ActorName = authenticated ? user!.Identity!.Name ?? "" : "system",
            Action = action,
            ObjectType = objectType,
            ObjectId = objectId,
            Details = details,
            CompetitionId = competitionId,
        });
    }
}

public static class AuditingSetup
{
    public static IServiceCollection AddAuditing(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<IAuditLog, AuditLog>();
        return services;
    }
}
