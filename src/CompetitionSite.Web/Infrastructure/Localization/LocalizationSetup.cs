using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Infrastructure.Localization;

public static class LocalizationSetup
{
    public const string Indonesian = "id";
    public const string English = "en";
    public static readonly string[] SupportedCultures = [Indonesian, English];

    public static IServiceCollection AddAppLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = SupportedCultures.Select(c => new CultureInfo(c)).ToList();
            options.DefaultRequestCulture = new RequestCulture(Indonesian);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            // Bahasa Indonesia unless the visitor chose otherwise (cookie, written by the language switch
            // and at login from the account's preference). The browser's Accept-Language is not consulted.
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        return services;
    }

    public static IApplicationBuilder UseAppLocalization(this IApplicationBuilder app) => app.UseRequestLocalization();

    public static string Normalize(string? culture) =>
        SupportedCultures.Contains(culture, StringComparer.OrdinalIgnoreCase) ? culture!.ToLowerInvariant() : Indonesian;

    /// <summary>
    /// Finds the resource marker of the feature area a type belongs to: <c>{Area}Text</c> in the area's namespace
    /// (<c>Features.Judging.JudgingText</c>, strings in <c>Resources/Features/Judging/JudgingText.id.resx</c>), looked
    /// up from the type's namespace outwards; the shared strings when no area has one.
    /// </summary>
    public static Type ResourceFor(Type type)
    {
        var ns = type.Namespace;
        while (!string.IsNullOrEmpty(ns))
        {
            var marker = type.Assembly.GetType(ns + "." + ns[(ns.LastIndexOf('.') + 1)..] + "Text");
            if (marker is not null)
            {
                return marker;
            }

            var dot = ns.LastIndexOf('.');
            ns = dot < 0 ? null : ns[..dot];
        }

        return typeof(SharedResource);
    }

    public static IStringLocalizer For(this IStringLocalizerFactory factory, Type type) => factory.Create(ResourceFor(type));
}

/// <summary>Runs code in another culture (for emails written in the recipient's language).</summary>
public readonly struct CultureScope : IDisposable
{
    private readonly CultureInfo _culture;
    private readonly CultureInfo _uiCulture;

    private CultureScope(string culture)
    {
        _culture = CultureInfo.CurrentCulture;
        _uiCulture = CultureInfo.CurrentUICulture;
        // The shared, read-only instance: a new CultureInfo would build its number and date formats from ICU again on
        // first use, for every email written.
        var info = CultureInfo.GetCultureInfo(LocalizationSetup.Normalize(culture));
        CultureInfo.CurrentCulture = info;
        CultureInfo.CurrentUICulture = info;
    }

    public static CultureScope Use(string? culture) => new(LocalizationSetup.Normalize(culture));

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }
}
