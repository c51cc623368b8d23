using System.ComponentModel.DataAnnotations;

namespace CompetitionSite.Web.Features.Judging;

public sealed class JudgingOptions
{
    public const string Section = "Judging";

    /// <summary>How long an invitation link to judge works (it also works only once).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "60.00:00:00", ErrorMessage = "Judging:InvitationLifetime must be between 1 and 60 days.")]
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long the preview and download links on a judge's scoring page work.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "12:00:00", ErrorMessage = "Judging:FileLinkLifetime must be between 5 minutes and 12 hours.")]
    public TimeSpan FileLinkLifetime { get; set; } = TimeSpan.FromHours(1);
}

public static class JudgingSetup
{
    public static IServiceCollection AddJudging(this IServiceCollection services)
    {
        services.AddOptions<JudgingOptions>()
            .BindConfiguration(JudgingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<SubmittedEntries>();
        services.AddScoped<JudgingQueries>();
        services.AddScoped<JudgeQueue>();
        services.AddScoped<JudgingEmails>();
        services.AddScoped<JudgeInvitations>();
        services.AddScoped<JudgeConflicts>();
        services.AddScoped<AssignJudges>();
        services.AddScoped<ScoreEntry>();
        services.AddScoped<JudgingProgress>();
        services.AddScoped<RemindJudges>();
        return services;
    }
}
