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

    /// <summary>
    /// The gallery's pages (<c>/lomba/{slug}/galeri</c>) carry this tag too: changes to entries, their files and members,
    /// consents and participant profiles evict only them, not every public page.
    /// </summary>
    public const string GalleryPolicy = "gallery-page";
    public const string GalleryTag = "gallery";
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    /// <summary>The PostgreSQL notification channel on which instances announce an eviction.</summary>
    public const string Channel = "cs_public_pages";

    public static IServiceCollection AddPublicPageCache(this IServiceCollection services)
    {
        services.AddOutputCache(options =>
        {
            options.AddPolicy(Policy, builder => Configure(builder).Tag(Tag));
            options.AddPolicy(GalleryPolicy, builder => Configure(builder).Tag(Tag, GalleryTag));
        });
        services.AddSingleton<PublicPageCacheInvalidator>();
        services.AddHostedService<PublicPageCacheListener>();
        // The database contexts add every IInterceptor the container holds (Data/DataSetup), so Data needs no
        // knowledge of the web cache.
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<PublicPageCacheInvalidator>());
        return services;
    }

    private static OutputCachePolicyBuilder Configure(OutputCachePolicyBuilder builder) => builder
        .With(context => context.HttpContext.User.Identity?.IsAuthenticated != true
                         && !context.HttpContext.Request.Cookies.ContainsKey(".AspNetCore.Mvc.CookieTempDataProvider"))
        // One copy per language and per minute of the site's clock: phases change with the clock (deadlines
        // fall on whole minutes), so a page never outlives the minute its phase was computed in.
        .VaryByValue(context => new KeyValuePair<string, string>(
            "culture-minute",
            CultureInfo.CurrentUICulture.Name + "|" + MinuteOf(context.RequestServices.GetRequiredService<TimeProvider>())))
        .Expire(Lifetime);

    private static string MinuteOf(TimeProvider clock) =>
        (clock.GetUtcNow().UtcTicks / TimeSpan.TicksPerMinute).ToString(CultureInfo.InvariantCulture);

}

/// <summary>Evicts the public pages after a successful SaveChanges that touched what they show.</summary>
public sealed class PublicPageCacheInvalidator(IOutputCacheStore store, IServiceScopeFactory scopes) : SaveChangesInterceptor
{
    private static readonly Type[] GalleryWatched = [typeof(Domain.Entries.Entry), typeof(Domain.Entries.EntryFile), typeof(Domain.Entries.EntryMember),
        typeof(Domain.Participants.GuardianConsent), typeof(Domain.Participants.ParticipantProfile)];

    private static readonly Type[] Watched = [typeof(Competition), typeof(Category), typeof(AwardTier), typeof(Rubric), typeof(Criterion), typeof(Announcement), typeof(Question),
        typeof(Domain.Results.EntryAward), typeof(Domain.Results.CategoryAwardDecision)];

    // Contexts whose pending save touches what public pages show, with the tag to evict (decided before the save, acted on after it).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, string> _pending = new();

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
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var tag) && _pending.Remove(context))
        {
            await store.EvictByTagAsync(tag, cancellationToken);
            if (context.Database.IsNpgsql())
            {
                await context.Database.ExecuteSqlRawAsync(NotifySql, [tag], cancellationToken);
            }
        }

        return await base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var tag) && _pending.Remove(context))
        {
            store.EvictByTagAsync(tag, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            if (context.Database.IsNpgsql())
            {
                context.Database.ExecuteSqlRaw(NotifySql, tag);
            }
        }

        return base.SavedChanges(eventData, result);
    }

    /// <summary>
    /// Evicts now, here and on every other instance (for changes made outside EF, e.g. ExecuteUpdate, or inside a
    /// transaction: call it after the commit). <paramref name="tag"/>: every public page, or only the gallery's.
    /// </summary>
    public async ValueTask EvictAsync(CancellationToken cancellationToken = default, string tag = PublicPageCache.Tag)
    {
        await store.EvictByTagAsync(tag, cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.AppDbContext>();
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync(NotifySql, [tag], cancellationToken);
        }
    }

    /// <summary>Evicts this instance's copies only (what another instance announced: the tag it sent, every public page for any other payload).</summary>
    public ValueTask EvictHereAsync(CancellationToken cancellationToken = default, string? tag = null) =>
        store.EvictByTagAsync(tag == PublicPageCache.GalleryTag ? tag : PublicPageCache.Tag, cancellationToken);

    /// <summary>The statement that tells the other instances, with the tag as payload (delivered by PostgreSQL when the transaction commits).</summary>
    private static readonly string NotifySql = $"SELECT pg_notify('{PublicPageCache.Channel}', {{0}})";

    private void Mark(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var changed = context.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => e.Metadata.ClrType)
            .ToList();
        if (changed.Any(Watched.Contains))
        {
            _pending.AddOrUpdate(context, PublicPageCache.Tag);
        }
        else if (changed.Any(GalleryWatched.Contains))
        {
            _pending.AddOrUpdate(context, PublicPageCache.GalleryTag);
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

                var heard = new System.Collections.Concurrent.ConcurrentQueue<string>();
                connection.Notification += (_, notice) => heard.Enqueue(notice.Payload);
                await invalidator.EvictHereAsync(stoppingToken);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                    var tags = new HashSet<string>();
                    while (heard.TryDequeue(out var tag))
                    {
                        tags.Add(tag);
                    }

                    foreach (var tag in tags.Count == 0 ? [PublicPageCache.Tag] : tags)
                    {
                        await invalidator.EvictHereAsync(stoppingToken, tag);
                    }
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
