using System.Net;
using System.Text.RegularExpressions;
using CompetitionSite.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CompetitionSite.Tests.Support;

/// <summary>People for tests: register through the pages, follow links from real emails, log in.</summary>
public static partial class Accounts
{
    public const string GoodPassword = "pelangi senja di banten";

    public static string NewEmail(string who = "user") => $"{who}-{Guid.NewGuid():N}@example.test";

    public static Task<HttpResponseMessage> RegisterAsync(this HttpClient client, string email, string password = GoodPassword,
        string fullName = "Siti Rahmawati", string accountType = "Student") =>
        client.SubmitFormAsync("/account/register", new Dictionary<string, string>
        {
            ["FullName"] = fullName,
            ["Email"] = email,
            ["Password"] = password,
            ["ConfirmPassword"] = password,
            ["AccountType"] = accountType,
            ["AcceptPrivacy"] = "true",
        });

    public static Task<HttpResponseMessage> LogInAsync(this HttpClient client, string email, string password = GoodPassword) =>
        client.SubmitFormAsync("/account/login", new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
        });

    /// <summary>The first link in an email's HTML whose path starts with <paramref name="pathPrefix"/>, as a site-relative URL.</summary>
    public static string LinkIn(MimeMessage message, string pathPrefix)
    {
        var html = message.HtmlBody ?? "";
        foreach (Match m in Href().Matches(html))
        {
            var url = WebUtility.HtmlDecode(m.Groups[1].Value);
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.AbsolutePath.StartsWith(pathPrefix, StringComparison.Ordinal))
            {
                return uri.PathAndQuery;
            }
        }

        throw new InvalidOperationException($"No link to {pathPrefix} in the email '{message.Subject}'.");
    }

    /// <summary>Registers through the pages, opens the confirmation link from the email, and logs in.</summary>
    public static async Task<HttpClient> RegisteredAndLoggedInAsync(this SiteFactory site, string email, string accountType = "Student",
        string fullName = "Siti Rahmawati")
    {
        var client = site.CreateBrowser();
        await client.RegisterAsync(email, accountType: accountType, fullName: fullName);
        var mail = await site.Smtp.WaitForMessageAsync(email);
        await client.GetAsync(LinkIn(mail, "/account/confirm-email"));
        var login = await client.LogInAsync(email);
        if (login.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Login of {email} failed: {(int)login.StatusCode}.");
        }

        return client;
    }

    /// <summary>
    /// Creates a confirmed account with the given roles directly (as an organizer granting roles would), and
    /// returns a browser logged in as that person through the login page.
    /// </summary>
    public static async Task<HttpClient> LoggedInAsAsync(this SiteFactory site, string email, params string[] roles)
    {
        await site.CreateUserAsync(email, roles);
        var client = site.CreateBrowser();
        var login = await client.LogInAsync(email);
        if (login.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Login of {email} failed: {(int)login.StatusCode}.");
        }

        return client;
    }

    public static async Task<ApplicationUser> CreateUserAsync(this SiteFactory site, string email, string[] roles, string fullName = "Budi Santoso")
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
        var created = await users.CreateAsync(user, GoodPassword);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        foreach (var role in roles)
        {
            await users.AddToRoleAsync(user, role);
        }

        return user;
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
