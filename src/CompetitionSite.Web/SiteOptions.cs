using System.ComponentModel.DataAnnotations;

namespace CompetitionSite.Web;

/// <summary>Settings of the site as a whole (section "Site").</summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    [Required(ErrorMessage = "Site:Name must be set.")]
    public string Name { get; set; } = "Lomba Online Relawan TIK";

    /// <summary>
    /// The public address used in links inside emails (e.g. https://lomba.example.org). Empty: the address of
    /// the request that queued the email.
    /// </summary>
    [Url(ErrorMessage = "Site:PublicBaseUrl must be an absolute http(s) URL.")]
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// True when the site runs behind a reverse proxy that sets X-Forwarded-For/-Proto (client address for rate
    /// limits, https scheme). Leave false otherwise: the headers could be forged.
    /// </summary>
    public bool TrustForwardedHeaders { get; set; }

    /// <summary>The domain part of generated Message-ID headers.</summary>
    [Required(ErrorMessage = "Site:MessageIdDomain must be set.")]
    public string MessageIdDomain { get; set; } = "competitionsite.local";
}

public static class SiteOptionsSetup
{
    public static IServiceCollection AddSiteOptions(this IServiceCollection services)
    {
        services.AddOptions<SiteOptions>()
            .BindConfiguration(SiteOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
