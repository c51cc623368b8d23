using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Accounts;

public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>How long an email-confirmation link works.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00", ErrorMessage = "Accounts:ConfirmationLinkLifetime must be between 5 minutes and 30 days.")]
    public TimeSpan ConfirmationLinkLifetime { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How long a password-reset link works (it also works only once).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "2.00:00:00", ErrorMessage = "Accounts:PasswordResetLinkLifetime must be between 5 minutes and 2 days.")]
    public TimeSpan PasswordResetLinkLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Requests per minute, per client address, on login, registration and password reset.</summary>
    [Range(1, 10000, ErrorMessage = "Accounts:AuthRequestsPerMinute must be between 1 and 10000.")]
    public int AuthRequestsPerMinute { get; set; } = 20;
}

public static class AccountsSetup
{
    public const string AuthRateLimit = "auth";
    public const string PasswordResetTokenProvider = "PasswordReset";
    public const string EmailConfirmationTokenProvider = "EmailConfirmation";

    public static IServiceCollection AddAccounts(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddOptions<AccountOptions>()
            .BindConfiguration(AccountOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddIdentity<ApplicationUser, IdentityRole>(options =>
            {
                options.SignIn.RequireConfirmedEmail = true;
                options.SignIn.RequireConfirmedAccount = true;
                options.User.RequireUniqueEmail = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                // At least 8 characters, no composition rules; common passwords are refused by CommonPasswordValidator.
                options.Password.RequiredLength = 8;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Tokens.PasswordResetTokenProvider = PasswordResetTokenProvider;
                options.Tokens.EmailConfirmationTokenProvider = EmailConfirmationTokenProvider;
                options.Tokens.ChangeEmailTokenProvider = EmailConfirmationTokenProvider;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<PasswordResetTokenProvider<ApplicationUser>>(PasswordResetTokenProvider)
            .AddTokenProvider<EmailConfirmationTokenProvider<ApplicationUser>>(EmailConfirmationTokenProvider)
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>();

        services.AddOptions<PasswordResetTokenProviderOptions>()
            .Configure<IOptions<AccountOptions>>((o, a) =>
            {
                o.Name = PasswordResetTokenProvider;
                o.TokenLifespan = a.Value.PasswordResetLinkLifetime;
            });
        services.AddOptions<EmailConfirmationTokenProviderOptions>()
            .Configure<IOptions<AccountOptions>>((o, a) =>
            {
                o.Name = EmailConfirmationTokenProvider;
                o.TokenLifespan = a.Value.ConfirmationLinkLifetime;
            });

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = ".cs.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = Infrastructure.Web.SiteCookies.SecurePolicy(environment);
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/access-denied";
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromDays(14);
            // Every request checks its sign-in session, the security stamp and the roles (SignInSessions).
            SignInSessions.Attach(options.Events);
            options.Events.OnRedirectToAccessDenied = context =>
            {
                // A signed-in user without the role gets a plain 403 (the status page explains it), not a redirect.
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        services.AddDataProtection()
            .SetApplicationName("CompetitionSite")
            .PersistKeysToDbContext<AppDbContext>();

        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Organizer, p => p.RequireRole(Roles.Organizer))
            .AddPolicy(Roles.Judge, p => p.RequireRole(Roles.Judge))
            .AddPolicy(Roles.Student, p => p.RequireRole(Roles.Student))
            .AddPolicy(Roles.Guardian, p => p.RequireRole(Roles.Guardian));

        // Rate limits hold for the site as a whole: on PostgreSQL (several instances) their windows are counted in the
        // database, on SQLite (one process) in memory (Infrastructure/Web/SharedRateLimiter.cs, docs/decisions/0002).
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Uploads, entries, scores, consent requests and certificate checks: per person and per client address.
            options.GlobalLimiter = Infrastructure.Web.RateLimits.GlobalLimiter();
            options.AddPolicy(AuthRateLimit, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<AccountOptions>>().Value.AuthRequestsPerMinute;
                var key = "auth:address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
                return Infrastructure.Web.RateLimitWindows.Partition(context, key, perMinute);
            });
            options.OnRejected = async (context, cancellationToken) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 60;
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                http.Response.ContentType = "text/plain; charset=utf-8";
                var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                await http.Response.WriteAsync(
                    l["Too many attempts. Please wait {0} seconds and try again.", seconds], cancellationToken);
            };
        });

        Infrastructure.Web.RateLimits.AddSiteRateLimitOptions(services);
        services.AddHostedService<FirstOrganizerSetupLink>();
        services.AddScoped<AccountEmails>();
        services.AddSingleton<DummyPassword>();
        services.AddScoped<SetupTokens>();
        return services;
    }

    public static WebApplication UseAccounts(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        // After authentication (signed-in people bypass it) and request localization (one copy per language).
        app.UseOutputCache();
        return app;
    }
}

public sealed class PasswordResetTokenProviderOptions : DataProtectionTokenProviderOptions;

public sealed class EmailConfirmationTokenProviderOptions : DataProtectionTokenProviderOptions;

/// <summary>
/// Identity's token provider, with the expiry also checked against the site's clock (TimeProvider from DI),
/// so the lifetime rule is the same one the rest of the site (and its tests) see.
/// </summary>
public abstract class ClockedTokenProvider<TUser>(
    Microsoft.AspNetCore.DataProtection.IDataProtectionProvider dataProtectionProvider,
    IOptions<DataProtectionTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<TUser>> logger,
    TimeProvider clock)
    : DataProtectorTokenProvider<TUser>(dataProtectionProvider, options, logger)
    where TUser : class
{
    /// <summary>
    /// The same token as Identity's (creation time, user id, purpose, security stamp, protected), but stamped with the
    /// site's clock: the base class stamps the system clock, so a link made under a clock that is not the system's
    /// (tests that move it) could expire up to the clock's difference early or late.
    /// </summary>
    public override async Task<string> GenerateAsync(string purpose, UserManager<TUser> manager, TUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        using var stream = new MemoryStream();
        await using (var writer = new BinaryWriter(stream, new System.Text.UTF8Encoding(false, true), leaveOpen: true))
        {
            writer.Write(clock.GetUtcNow().UtcTicks);
            writer.Write(await manager.GetUserIdAsync(user));
            writer.Write(purpose ?? "");
            var stamp = manager.SupportsUserSecurityStamp ? await manager.GetSecurityStampAsync(user) : null;
            writer.Write(stamp ?? "");
        }

        return Convert.ToBase64String(Protector.Protect(stream.ToArray()));
    }

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<TUser> manager, TUser user)
    {
        try
        {
            var data = Protector.Unprotect(Convert.FromBase64String(token));
            using var reader = new BinaryReader(new MemoryStream(data));
            var created = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            if (created + Options.TokenLifespan < clock.GetUtcNow())
            {
                return false;
            }
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException or EndOfStreamException)
        {
            return false;
        }

        return await base.ValidateAsync(purpose, token, manager, user);
    }
}

public sealed class PasswordResetTokenProvider<TUser>(
    Microsoft.AspNetCore.DataProtection.IDataProtectionProvider dataProtectionProvider,
    IOptions<PasswordResetTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<TUser>> logger,
    TimeProvider clock)
    : ClockedTokenProvider<TUser>(dataProtectionProvider, options, logger, clock)
    where TUser : class;

public sealed class EmailConfirmationTokenProvider<TUser>(
    Microsoft.AspNetCore.DataProtection.IDataProtectionProvider dataProtectionProvider,
    IOptions<EmailConfirmationTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<TUser>> logger,
    TimeProvider clock)
    : ClockedTokenProvider<TUser>(dataProtectionProvider, options, logger, clock)
    where TUser : class;
