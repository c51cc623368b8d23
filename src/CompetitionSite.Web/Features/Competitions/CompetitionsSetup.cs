using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CompetitionSite.Web.Features.Competitions;

public static class CompetitionsSetup
{
    public static IServiceCollection AddCompetitions(this IServiceCollection services)
    {
        services.AddScoped<MarkdownRenderer>();
        services.AddScoped<BannerImages>();
        services.AddScoped<AuditLogQueries>();
        services.AddScoped<CompetitionEditor>();
        services.AddScoped<CategoryEditor>();
        services.AddScoped<RubricEditor>();
        services.AddScoped<CompetitionLifecycle>();
        services.AddScoped<CompetitionEmails>();
        services.AddScoped<CompetitionListings>();
        services.AddScoped<AnnouncementQueries>();
        services.AddScoped<AnnouncementRecipients>();
        services.AddScoped<PostAnnouncement>();
        services.AddScoped<RemoveAnnouncementFromPage>();
        services.AddScoped<QuestionQueries>();
        services.AddScoped<AskQuestion>();
        services.AddScoped<AnswerQuestion>();
        // Replaced by the entries feature with the real list of enrolled students.
        services.TryAddScoped<ICompetitionParticipants, EnrolledParticipants>();
        return services;
    }
}
