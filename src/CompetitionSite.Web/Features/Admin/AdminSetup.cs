namespace CompetitionSite.Web.Features.Admin;

public static class AdminSetup
{
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddScoped<Dashboard>();
        services.AddScoped<RetryEmail>();
        services.AddScoped<RetryFailedEmails>();
        services.AddScoped<UserQueries>();
        services.AddScoped<OutboxQueries>();
        return services;
    }
}
