using CompetitionSite.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Infrastructure.Web;

public static class WebUiSetup
{
    public static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        services.AddControllersWithViews(options =>
            {
                // Antiforgery on every POST, site-wide.
                options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                // The file store down: 503 with Retry-After and a localized message, not a 500.
                options.Filters.Add<StorageUnavailableFilter>();
                // Required fields say so explicitly, with a localized message.
                options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (type, factory) => factory.For(type));

        services.AddOptions<MvcOptions>().Configure<IStringLocalizerFactory>((options, factory) =>
        {
            var l = factory.Create(typeof(SharedResource));
            var m = options.ModelBindingMessageProvider;
            m.SetValueIsInvalidAccessor(v => l["The value '{0}' is not valid.", v]);
            m.SetValueMustBeANumberAccessor(f => l["The field {0} must be a number.", f]);
            m.SetMissingBindRequiredValueAccessor(f => l["A value for the '{0}' parameter or property was not provided.", f]);
            m.SetAttemptedValueIsInvalidAccessor((v, f) => l["The value '{0}' is not valid for {1}.", v, f]);
            m.SetMissingKeyOrValueAccessor(() => l["A value is required."]);
            m.SetUnknownValueIsInvalidAccessor(f => l["The supplied value is invalid for {0}.", f]);
            // Called with the (empty) value typed, not the field's name: an emptied number field.
            m.SetValueMustNotBeNullAccessor(_ => l["Fill in this field."]);
            m.SetNonPropertyAttemptedValueIsInvalidAccessor(v => l["The value '{0}' is not valid.", v]);
            m.SetNonPropertyUnknownValueIsInvalidAccessor(() => l["The supplied value is invalid."]);
            m.SetNonPropertyValueMustBeANumberAccessor(() => l["The field must be a number."]);
            m.SetMissingRequestBodyRequiredValueAccessor(() => l["A non-empty request body is required."]);
        });

        services.AddSingleton<Microsoft.AspNetCore.Mvc.DataAnnotations.IValidationAttributeAdapterProvider, LocalizedRequiredAdapterProvider>();

        services.Configure<RazorViewEngineOptions>(options =>
            options.ViewLocationExpanders.Add(new FeatureViewLocationExpander()));

        services.AddAntiforgery(options =>
        {
            options.HeaderName = "RequestVerificationToken";
            options.Cookie.Name = ".cs.af";
        });
        // The same Secure policy as the sign-in cookie (the antiforgery default never marks it Secure).
        services.AddOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>()
            .Configure<IHostEnvironment>((options, environment) => options.Cookie.SecurePolicy = SiteCookies.SecurePolicy(environment));

        services.AddSingleton<Microsoft.AspNetCore.Mvc.ViewFeatures.CookieTempDataProvider>();
        services.AddSingleton<Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataProvider, QuietTempDataProvider>();
        services.AddScoped<LinkBuilder>();
        services.AddPublicPageCache();
        services.AddResponseCompressionForText();
        return services;
    }

    public static WebApplication UseWebUi(this WebApplication app)
    {
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SiteOptions>>().Value.TrustForwardedHeaders)
        {
            var forwarded = new ForwardedHeadersOptions
            {
                ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
            };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            app.UseForwardedHeaders(forwarded);
        }

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseResponseCompression();
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFilesWithCaching();
        app.UseRouting();
        return app;
    }

    public static WebApplication MapWebUi(this WebApplication app)
    {
        app.MapControllers();
        return app;
    }
}
