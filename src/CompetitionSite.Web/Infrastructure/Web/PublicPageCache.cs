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
/// With several instances (on PostgreSQL) each keeps its own cache and tells the others: an eviction is also a
/// <c>NOTIFY</c> on <see cref="Channel"/>, sent with the change's commit, and every instance <c>LISTEN</c>s
/// (<see cref="PublicPageCacheListener"/>) and evicts its copies when it hears one — within milliseconds, and never
/// before the change is visible. An instance whose listening connection broke evicts everything when it is back,
/// so a missed notice costs at most the time to reconnect (docs/decisions/0002).
/// </summary>
public static class PublicPageCache
{
    public const string Policy = "public-page";
    public const string Tag = "public";
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    /// <summary>The PostgreSQL notification channel on which instances announce an eviction.</summary>
    public const string Channel = "cs_public_pages";

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
        services.AddHostedService<PublicPageCacheListener>();
        // The database contexts add every IInterceptor the container holds (Data/DataSetup), so Data needs no
        // knowledge of the web cache.
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<PublicPageCacheInvalidator>());
        return services;
    }

    private static string MinuteOf(TimeProvider clock) =>
        (clock.GetUtcNow().UtcTicks / TimeSpan.TicksPerMinute).ToString(CultureInfo.InvariantCulture);

}

/// <summary>Evicts the public pages after a successful SaveChanges that touched what they show.</summary>
public sealed class PublicPageCacheInvalidator(IOutputCacheStore store, IServiceScopeFactory scopes) : SaveChangesInterceptor
{
    /// <summary>The statement that tells the other instances (delivered by PostgreSQL when the transaction commits).</summary>
    private static readonly string Notify = $"SELECT pg_notify('{PublicPageCache.Channel}', '')";

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
            if (context.Database.IsNpgsql())
            {
                await context.Database.ExecuteSqlRawAsync(Notify, cancellationToken);
            }
        }

        return await base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context && _pending.Remove(context))
        {
            store.EvictByTagAsync(PublicPageCache.Tag, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            if (context.Database.IsNpgsql())
            {
                context.Database.ExecuteSqlRaw(Notify);
            }
        }

        return base.SavedChanges(eventData, result);
    }

    /// <summary>Evicts now, here and on every other instance (for changes made outside EF and committed, e.g. ExecuteUpdate).</summary>
    public async ValueTask EvictAsync(CancellationToken cancellationToken = default)
    {
        await store.EvictByTagAsync(PublicPageCache.Tag, cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.AppDbContext>();
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync(Notify, cancellationToken);
        }
    }

    /// <summary>Evicts this instance's copies only (what another instance announced).</summary>
    public ValueTask EvictHereAsync(CancellationToken cancellationToken = default) => store.EvictByTagAsync(PublicPageCache.Tag, cancellationToken);

    private void Mark(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries().Any(e =>
                e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Watched.Contains(e.Metadata.ClrType)))
        {
            _pending.AddOrUpdate(context, this);
        }
    }
}

/// <summary>
/// On PostgreSQL, listens on <see cref="PublicPageCache.Channel"/> with a connection of its own and evicts this
/// instance's public pages whenever another instance (or this one) announces a change. After (re)connecting it evicts
/// everything once, since notices sent while it was not listening are lost. On SQLite (one process) it does nothing.
/// </summary>
public sealed class PublicPageCacheListener(
    Microsoft.Extensions.Options.IOptions<Data.DatabaseOptions> database,
    PublicPageCacheInvalidator invalidator,
    ILogger<PublicPageCacheListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Value.Kind != Data.DatabaseProvider.PostgreSql)
        {
            return;
        }

        // Keep-alives notice a dead connection while waiting; a notice's payload is not needed.
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(database.Value.ConnectionString) { KeepAlive = 15, Pooling = false }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new Npgsql.NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new Npgsql.NpgsqlCommand($"LISTEN {PublicPageCache.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                await invalidator.EvictHereAsync(stoppingToken);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                    await invalidator.EvictHereAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Listening for public page changes of other instances failed; reconnecting in a second.");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
