namespace CompetitionSite.Web.Infrastructure.Email;

public static class EmailSetup
{
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddScoped<IEmailOutbox, EmailOutbox>();
        // The dispatcher (SMTP through MailKit, or .eml files in data/mail) is added by the email work.
        return services;
    }
}
