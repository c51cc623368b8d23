namespace CompetitionSite.Web.Features.Results;

public static class ResultsSetup
{
    public static IServiceCollection AddResults(this IServiceCollection services)
    {
        services.AddScoped<ResultsQueries>();
        services.AddScoped<ResultRecipients>();
        services.AddScoped<ResultEmails>();
        services.AddScoped<Infrastructure.Email.IOutboxTemplate, ResultEmailTemplate>();
        services.AddScoped<ReviewResults>();
        services.AddScoped<PublishResults>();
        services.AddScoped<ConsentMissingNotices>();
        services.AddScoped<WinnersQuery>();
        services.AddScoped<EntryResults>();
        services.AddScoped<ResultsExport>();
        return services;
    }
}
