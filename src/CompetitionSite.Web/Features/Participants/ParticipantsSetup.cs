using Microsoft.Extensions.DependencyInjection.Extensions;
namespace CompetitionSite.Web.Features.Participants;

public static class ParticipantsSetup
{
    /// <summary>Participant profiles, guardian consent, guardian accounts, and the "your data" export and deletion.</summary>
    public static IServiceCollection AddParticipants(this IServiceCollection services)
    {
        services.AddOptions<ParticipantOptions>()
            .BindConfiguration(ParticipantOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddScoped<ParticipantDirectory>();
        services.AddScoped<ParticipantEmails>();
        services.AddScoped<GuardianConsents>();
        services.AddScoped<PersonalDataExport>();
        services.AddScoped<AccountDeletion>();
        services.AddScoped<FileDeletions>();
        services.AddHostedService<FileDeletionRetry>();
        services.TryAddScoped<Infrastructure.Scheduling.ScheduledRuns>();
        return services;
    }
}
