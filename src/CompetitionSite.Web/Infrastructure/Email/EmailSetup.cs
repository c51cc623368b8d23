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
        services.AddScoped<OutboxRenderer>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<IOutboxSignal>(sp => sp.GetRequiredService<OutboxSignal>());

        // SMTP through MailKit when Email:Smtp:Host is set; otherwise .eml files in the pickup folder.
        services.AddSingleton<MailTransportFactory>();
        services.AddHostedService<OutboxDispatcher>();
        return services;
    }
}

/// <summary>
/// Makes the dispatcher's transports: one per sender, as a transport holds one connection and is used by one loop.
/// SMTP through MailKit when Email:Smtp:Host is set (<see cref="SmtpOptions.Connections"/> senders); otherwise .eml
/// files in the pickup folder (one sender).
/// </summary>
public sealed class MailTransportFactory(IServiceProvider services, IOptions<EmailOptions> options)
{
    private readonly EmailOptions _options = options.Value;

    /// <summary>How many senders (connections) the dispatcher runs side by side.</summary>
    public int Connections => _options.UsesPickupDirectory ? 1 : _options.Smtp.Connections;

    public string Description => _options.UsesPickupDirectory
        ? PickupDirectoryMailTransport.Describe(_options.PickupDirectory!)
        : SmtpMailTransport.Describe(_options.Smtp);

    public IMailTransport Create() => _options.UsesPickupDirectory
        ? new PickupDirectoryMailTransport(_options.PickupDirectory!)
        : ActivatorUtilities.CreateInstance<SmtpMailTransport>(services);
}
