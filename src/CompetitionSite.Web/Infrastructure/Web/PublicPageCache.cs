using System.Globalization;
using CompetitionSite.Web.Domain.Competitions;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CompetitionSite.Web.Infrastructure.Web;

/// <summary>
/// Public pages (home, competition pages, winners) are served from an output cache to anonymous visitors, one
/// copy per language, for at most a minute; any change to competition data evicts them at once.
/// Signed-in people always get a fresh page (it shows their own menu and tokens).
/// With several instances each keeps its own cache: eviction is local, so another instance may show a page up to
/// <see cref="Lifetime"/> old (docs/decisions/0002); a shared store (Redis) would remove that lag.
/// </summary>
public static class PublicPageCache
{
    public const string Policy = "public-page";
    public const string Tag = "public";
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    public static IServiceCollection AddPublicPageCache(this IServiceCollection services)
    {
        services.AddOutputCache(options =>
        {
            options.AddPolicy(Policy, builder => builder
                .With(context => context.HttpContext.User.Identity?.IsAuthenticated != true
                                 && !context.HttpContext.Request.Cookies.ContainsKey(".AspNetCore.Mvc.CookieTempDataProvider"))
                // One copy per language and per minute of the site's clock: phases change with the clock (deadlines
                // fall on whole minutes), so a page never outlives the minute its phase was computed in.
                .VaryByValue(context => new KeyValuePair<string, string>(
                    "culture-minute",
                    CultureInfo.CurrentUICulture.Name + "|" + MinuteOf(context.RequestServices.GetRequiredService<TimeProvider>())))
                .Expire(Lifetime)
                .Tag(Tag));
        });
        services.AddSingleton<PublicPageCacheInvalidator>();
        // The database contexts add every IInterceptor the container holds (Data/DataSetup), so Data needs no
        // knowledge of the web cache.
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<PublicPageCacheInvalidator>());
        return services;
    }

    private static string MinuteOf(TimeProvider clock) =>
        (clock.GetUtcNow().UtcTicks / TimeSpan.TicksPerMinute).ToString(CultureInfo.InvariantCulture);

}

/// <summary>Evicts the public pages after a successful SaveChanges that touched what they show.</summary>
public sealed class PublicPageCacheInvalidator(IOutputCacheStore store) : SaveChangesInterceptor
{
    private static readonly Type[] Watched = [typeof(Competition), typeof(Category), typeof(AwardTier), typeof(Rubric), typeof(Criterion),
        typeof(Domain.Results.EntryAward), typeof(Domain.Results.CategoryAwardDecision)];

    // Contexts whose pending save touches what public pages show (decided before the save, acted on after it).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> _pending = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Mark(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.Remove(context))
        {
            await store.EvictByTagAsync(PublicPageCache.Tag, cancellationToken);
        }

        return await base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context && _pending.Remove(context))
        {
            store.EvictByTagAsync(PublicPageCache.Tag, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        return base.SavedChanges(eventData, result);
    }

    /// <summary>Evicts now (for changes made outside EF, e.g. ExecuteUpdate).</summary>
    public ValueTask EvictAsync(CancellationToken cancellationToken = default) => store.EvictByTagAsync(PublicPageCache.Tag, cancellationToken);

    private void Mark(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries().Any(e =>
                e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Watched.Contains(e.Metadata.ClrType)))
        {
            _pending.AddOrUpdate(context, this);
        }
    }
}
