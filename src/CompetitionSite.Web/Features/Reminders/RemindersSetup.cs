using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CompetitionSite.Web.Features.Reminders;

public static class RemindersSetup
{
    public static IServiceCollection AddReminders(this IServiceCollection services)
    {
        services.AddOptions<ReminderOptions>().BindConfiguration(ReminderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<StopLinks>();
        services.AddScoped<ReminderEmails>();
        services.AddScoped<ReminderRun>();
        services.AddHostedService<ReminderJob>();
        services.TryAddScoped<Infrastructure.Scheduling.ScheduledRuns>();
        return services;
    }
}
