using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Auditing;
using CompetitionSite.Web.Infrastructure.Scheduling;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Participants;

/// <summary>
/// Deletes stored files after the database change that made them unneeded has been committed, durably: the names
/// are written as "file.delete-pending" audit events in the same transaction as that change, and each successful
/// delete writes "file.deleted". A delete that fails (store down) is logged and tried again by
/// <see cref="FileDeletionRetry"/> until it succeeds. Deleting is idempotent, so several instances may retry the
/// same file. See docs/decisions/0005-participant-data.md.
/// </summary>
public sealed class FileDeletions(AppDbContext db, IServiceProvider services, TimeProvider clock, ILogger<FileDeletions> logger)
{
    public const string PendingAction = "file.delete-pending";
    public const string DoneAction = "file.deleted";
    private const string ObjectType = "file";

    /// <summary>Adds the durable "to delete" record to the current unit of work (no personal data: generated names only).</summary>
    public void Schedule(string storedName) => db.AuditEvents.Add(Event(PendingAction, storedName));

    /// <summary>Deletes the files now; returns how many were deleted. Failures are logged and left for the retry.</summary>
    public async Task<int> DeleteNowAsync(IReadOnlyCollection<string> storedNames, CancellationToken cancellationToken = default)
    {
        if (storedNames.Count == 0)
        {
            return 0;
        }

        var store = services.GetService<IFileStore>();
        if (store is null)
        {
            logger.LogWarning("No file store is configured; {Count} file deletions stay pending and are tried again later.", storedNames.Count);
            return 0;
        }

        var deleted = 0;
        foreach (var name in storedNames.Distinct())
        {
            try
            {
                // Its previews first (they show the same picture): the file's deletion is recorded only when all are gone.
                await store.DeleteAsync(Infrastructure.Imaging.FilePreviews.NameOf(name, Infrastructure.Imaging.FilePreviews.Small), cancellationToken);
                await store.DeleteAsync(Infrastructure.Imaging.FilePreviews.NameOf(name, Infrastructure.Imaging.FilePreviews.Large), cancellationToken);
                await store.DeleteAsync(name, cancellationToken);
                // The staged chunks of an upload that was never completed (nothing for a committed file).
                await store.DiscardChunksAsync(name, cancellationToken);
                db.AuditEvents.Add(Event(DoneAction, name));
                deleted++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Deleting the stored file {StoredName} failed; it is tried again later.", name);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return deleted;
    }

    /// <summary>Tries again every scheduled delete that has not succeeded yet.</summary>
    public async Task<int> RetryPendingAsync(CancellationToken cancellationToken = default)
    {
        var pending = await db.AuditEvents.AsNoTracking()
            .Where(e => e.ObjectType == ObjectType && e.Action == PendingAction
                        && !db.AuditEvents.Any(d => d.ObjectType == ObjectType && d.Action == DoneAction && d.Details == e.Details))
            .Select(e => e.Details)
            .Distinct()
            .Take(500)
            .ToListAsync(cancellationToken);
        return await DeleteNowAsync(pending, cancellationToken);
    }

    private AuditEvent Event(string action, string storedName) => new()
    {
        At = clock.GetUtcNow().UtcDateTime,
        ActorName = "system",
        Action = action,
        ObjectType = ObjectType,
        ObjectId = storedName.Length <= 64 ? storedName : storedName[..64],
        Details = storedName,
    };
}

/// <summary>
/// Runs <see cref="FileDeletions.RetryPendingAsync"/> every <see cref="ParticipantOptions.FileDeletionRetryInterval"/>, on one
/// instance per interval however many run (<see cref="ScheduledRuns"/>).
/// </summary>
public sealed class FileDeletionRetry(IServiceScopeFactory scopes, IOptions<ParticipantOptions> options, TimeProvider clock, ILogger<FileDeletionRetry> logger)
    : BackgroundService
{
    /// <summary>The job's name in <c>ScheduledRuns</c>.</summary>
    public const string Job = "file-deletion-retry";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.FileDeletionRetryInterval;
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    if (await scope.ServiceProvider.GetRequiredService<ScheduledRuns>().TryClaimAsync(Job, interval, stoppingToken) is not { } period)
                    {
                        continue;
                    }

                    logger.LogInformation("File deletion retry pass of period {Period} started by {Instance}.", period, ScheduledRuns.Instance);
                    var deleted = await scope.ServiceProvider.GetRequiredService<FileDeletions>().RetryPendingAsync(stoppingToken);
                    if (deleted > 0)
                    {
                        logger.LogInformation("Deleted {Count} stored files whose deletion had failed before.", deleted);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Retrying pending file deletions failed; trying again in {Interval}.", options.Value.FileDeletionRetryInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
