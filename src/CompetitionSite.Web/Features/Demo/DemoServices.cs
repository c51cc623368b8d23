using System.Security.Claims;
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
/// options) comes from the real request scope. One instance per type, like a scope. The person acting (the
/// organizer, a student, a judge) is signed in on a request of its own, so the audit log names them as on the site.
/// </summary>
public sealed class DemoServices(IServiceProvider scope, DemoClock clock, IOptions<SiteOptions> site, DemoActor? actor = null) : IServiceProvider
{
    private readonly Dictionary<Type, object> _made = [];
    private readonly HttpContextAccessor _request = new() { HttpContext = actor is null ? null : actor.Request() };

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

        if (serviceType == typeof(IHttpContextAccessor))
        {
            return _request;
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

/// <summary>Who does a step of the demo: their account id and user name (the email), as the sign-in cookie carries them.</summary>
public sealed record DemoActor(string UserId, string UserName)
{
    public HttpContext Request() => new DefaultHttpContext
    {
        User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, UserId), new Claim(ClaimTypes.Name, UserName)], authenticationType: "demo")),
    };
}
