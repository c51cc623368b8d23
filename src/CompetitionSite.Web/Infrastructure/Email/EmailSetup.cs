using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Infrastructure.Email;

public static class EmailSetup
{
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.Section)
            .PostConfigure<IHostEnvironment>((options, environment) =>
            {
                options.PickupDirectory = string.IsNullOrWhiteSpace(options.PickupDirectory)
                    ? Path.Combine(environment.ContentRootPath, "data", "mail")
                    : Path.GetFullPath(options.PickupDirectory, environment.ContentRootPath);
            })
            .ValidateDataAnnotations()
            .Validate(
                o => o.LockSeconds >= 10 * o.Smtp.TimeoutSeconds,
                "Email:LockSeconds must be at least 10 times Email:Smtp:TimeoutSeconds (a claimed message must be sent well within the lease).")
            .Validate(
                o => string.IsNullOrEmpty(o.Smtp.Password) || !string.IsNullOrEmpty(o.Smtp.Username),
                "Email:Smtp:Password is set but Email:Smtp:Username is empty.")
            .ValidateOnStart();

        services.AddScoped<IEmailOutbox, EmailOutbox>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<IOutboxSignal>(sp => sp.GetRequiredService<OutboxSignal>());

        // SMTP through MailKit when Email:Smtp:Host is set; otherwise .eml files in the pickup folder.
        services.AddSingleton<IMailTransport>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmailOptions>>().Value;
            return options.UsesPickupDirectory
                ? new PickupDirectoryMailTransport(options.PickupDirectory!)
                : ActivatorUtilities.CreateInstance<SmtpMailTransport>(sp);
        });
        services.AddHostedService<OutboxDispatcher>();
        return services;
    }
}
