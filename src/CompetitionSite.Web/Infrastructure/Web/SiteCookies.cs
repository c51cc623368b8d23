using Microsoft.AspNetCore.Http;

namespace CompetitionSite.Web.Infrastructure.Web;

/// <summary>
/// The one Secure policy of the site's own cookies (sign-in and antiforgery): outside Development and Testing they
/// are always Secure (the site runs behind HTTPS); in Development and Testing they follow the request's scheme, so
/// a plain-HTTP local run still works and an HTTPS request still gets Secure cookies.
/// </summary>
public static class SiteCookies
{
    public static CookieSecurePolicy SecurePolicy(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment("Testing")
            ? CookieSecurePolicy.SameAsRequest
            : CookieSecurePolicy.Always;
}
