using System.Net;
using CompetitionSite.Tests.Support;

namespace CompetitionSite.Tests.Trust;

/// <summary>Issue 14, items 5 and 6: the antiforgery cookie's Secure flag, and error pages that bind only the route.</summary>
public sealed class CookieAndErrorPageTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task Token_less_post_to_reset_password_with_a_code_field_is_refused_with_400_not_500()
    {
        var response = await site.CreateBrowser().PostAsync("/account/reset-password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserId"] = "x",
            ["Code"] = "Q2ZESjhBYWJj",
            ["Password"] = Support.Accounts.GoodPassword,
            ["ConfirmPassword"] = Support.Accounts.GoodPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Permintaan tidak diterima", Html.Parse(await response.Content.ReadAsStringAsync()).MainText());
    }

    [Fact]
    public async Task A_posted_code_field_does_not_choose_the_error_page()
    {
        var response = await site.CreateBrowser().PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = "404",
            ["Email"] = "a@example.test",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = Html.Parse(await response.Content.ReadAsStringAsync()).MainText();
        Assert.Contains("Permintaan tidak diterima", text);
        Assert.DoesNotContain("Halaman tidak ditemukan", text);
    }

    [Fact]
    public async Task Antiforgery_and_sign_in_cookies_are_Secure_over_HTTPS()
    {
        var client = site.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            BaseAddress = new Uri("https://localhost"),
        });
        var email = Support.Accounts.NewEmail();
        await site.CreateUserAsync(email, [CompetitionSite.Web.Domain.Roles.Student]);

        var form = await client.GetAsync("/account/login");
        var antiforgery = SetCookie(form, ".cs.af");
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);

        var login = await client.LogInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains("secure", SetCookie(login, ".cs.auth"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Over_plain_HTTP_in_testing_the_antiforgery_cookie_follows_the_request()
    {
        var form = await site.CreateBrowser().GetAsync("/account/login");

        Assert.DoesNotContain("secure", SetCookie(form, ".cs.af"), StringComparison.OrdinalIgnoreCase);
    }

    private static string SetCookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) && values.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal)) is { } cookie
            ? cookie
            : throw new InvalidOperationException($"No {name} cookie set by {response.RequestMessage?.RequestUri}.");
}
