using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Reminders;

/// <summary>
/// Runs <see cref="ReminderRun"/> every <see cref="ReminderOptions.IntervalMinutes"/>, first one interval after start.
/// Safe on several instances at once: the database's unique index decides who sends (see <see cref="ReminderRun"/>).
/// A failed pass is logged and the next one tries again; nothing is lost, as a reminder that was not saved was not sent.
/// </summary>
public sealed class ReminderJob(IServiceScopeFactory scopes, IOptions<ReminderOptions> options, ILogger<ReminderJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.IntervalMinutes));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
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
