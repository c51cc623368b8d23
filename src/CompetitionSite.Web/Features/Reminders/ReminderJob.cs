using CompetitionSite.Web.Infrastructure.Scheduling;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Reminders;

/// <summary>
/// Runs <see cref="ReminderRun"/> every <see cref="ReminderOptions.IntervalMinutes"/>, first one interval after start,
/// on one instance per interval however many run (<see cref="ScheduledRuns"/>). Even two passes at once would queue
/// each reminder once: the database's unique index decides who sends (see <see cref="ReminderRun"/>).
/// A failed pass is logged and the next one tries again; nothing is lost, as a reminder that was not saved was not sent.
/// </summary>
public sealed class ReminderJob(IServiceScopeFactory scopes, IOptions<ReminderOptions> options, ILogger<ReminderJob> logger) : BackgroundService
{
    /// <summary>The job's name in <c>ScheduledRuns</c>.</summary>
    public const string Job = "reminders";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var interval = TimeSpan.FromMinutes(options.Value.IntervalMinutes);
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<ScheduledRuns>().TryClaimAsync(Job, interval, stoppingToken) is not { } period)
                {
                    continue;
                }

                logger.LogInformation("Reminder pass of period {Period} started by {Instance}.", period, ScheduledRuns.Instance);
                await scope.ServiceProvider.GetRequiredService<ReminderRun>().RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The reminder pass failed; the next pass tries again.");
            }
        }
    }
}
