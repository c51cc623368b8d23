using CompetitionSite.Web.Infrastructure.Auditing;
using CompetitionSite.Web.Infrastructure.Email;
using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Demo;

/// <summary>
/// The demo's clock. The seed walks through a competition's life (created months ago, opened, entries, judging,
/// publication), so the site's own use cases can check each phase against the time the step happens at.
/// </summary>
public sealed class DemoClock(DateTime startUtc) : TimeProvider
{
    public DateTime UtcNow { get; private set; } = DateTime.SpecifyKind(startUtc, DateTimeKind.Utc);

    public override DateTimeOffset GetUtcNow() => new(UtcNow, TimeSpan.Zero);

    public void Set(DateTime utc) => UtcNow = DateTime.SpecifyKind(utc, DateTimeKind.Utc);

    public void Advance(TimeSpan by) => UtcNow += by;
}

/// <summary>
/// The site's use cases, built as the site's container builds them, but on the demo clock: every class of the
/// features (and the audit log, the email outbox and the link builder) is made here with <see cref="DemoClock"/> as
/// its <see cref="TimeProvider"/>; everything else (the database context, Identity, the file store, localizers,
/// options) comes from the real request scope. One instance per type, like a scope.
/// </summary>
public sealed class DemoServices(IServiceProvider scope, DemoClock clock, IOptions<SiteOptions> site) : IServiceProvider
{
    private readonly Dictionary<Type, object> _made = [];

    public T Get<T>() where T : notnull => (T)(GetService(typeof(T)) ?? throw new InvalidOperationException($"No service {typeof(T)}."));

    public object? GetService(Type serviceType)
    {
        if (serviceType == typeof(TimeProvider))
        {
            return clock;
        }

        if (serviceType == typeof(IOptions<SiteOptions>))
        {
            return site;
        }

        if (_made.TryGetValue(serviceType, out var made))
        {
            return made;
        }

        var implementation = serviceType == typeof(IAuditLog) ? typeof(AuditLog)
            : serviceType == typeof(IEmailOutbox) ? typeof(EmailOutbox)
            : serviceType == typeof(LinkBuilder) || IsFeatureClass(serviceType) ? serviceType
            : null;
        if (implementation is null)
        {
            return scope.GetService(serviceType);
        }

        var instance = ActivatorUtilities.CreateInstance(this, implementation);
        _made[serviceType] = instance;
        return instance;
    }

    private static bool IsFeatureClass(Type type) =>
        type is { IsClass: true, IsAbstract: false, IsGenericType: false }
        && type.Namespace?.StartsWith("CompetitionSite.Web.Features.", StringComparison.Ordinal) == true
        && !typeof(Microsoft.AspNetCore.Mvc.ControllerBase).IsAssignableFrom(type);
}
