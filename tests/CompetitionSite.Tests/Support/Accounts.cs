using System.Net;
using CompetitionSite.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Support;

/// <summary>People for tests: created with the site's own UserManager, and signed in through the real login page.</summary>
public static class Accounts
{
    public const string Password = "kopi-tubruk-di-pagi-hari";

    /// <summary>Creates a person with a confirmed email address and the given roles.</summary>
    public static async Task<ApplicationUser> CreateUserAsync(SiteFactory site, string email, string fullName, params string[] roles)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            FullName = fullName,
            CreatedAt = DateTime.UtcNow,
        };
        Check(await users.CreateAsync(user, Password), email);
        foreach (var role in roles)
        {
            Check(await users.AddToRoleAsync(user, role), email);
        }

        return user;
    }

    /// <summary>Signs in through <c>/account/login</c> with its antiforgery token; the client keeps the cookie.</summary>
    public static async Task LogInAsync(HttpClient client, string email, string password = Password)
    {
        var response = await client.SubmitFormAsync(
            "/account/login",
            new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
        {
            throw new InvalidOperationException(
                $"Logging in as {email} answered {(int)response.StatusCode} instead of a redirect: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not set up {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
