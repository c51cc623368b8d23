using System.Net;
using CompetitionSite.Tests.Entries;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Trust;

/// <summary>Issue 14, items 1 and 2: sessions end on logout and password change, and a revoked role counts at once.</summary>
public sealed class SessionTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task Logout_ends_that_cookie_for_good_even_replayed_and_leaves_the_other_device_signed_in()
    {
        var email = Support.Accounts.NewEmail();
        await site.CreateUserAsync(email, [Roles.Student]);
        var (phone, phoneCookies) = Browser();
        var (laptop, _) = Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await phone.LogInAsync(email)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.LogInAsync(email)).StatusCode);
        var cookie = AuthCookie(phoneCookies);

        Assert.Equal(HttpStatusCode.Redirect, (await phone.PostWithTokenAsync("/account/profile", "/account/logout")).StatusCode);

        var replayed = await Replay(cookie, "/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith("/account/login", replayed.RedirectPath(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/account/profile")).StatusCode);
    }

    [Fact]
    public async Task Password_change_ends_every_other_session_at_once_and_keeps_this_one()
    {
        var email = Support.Accounts.NewEmail();
        await site.CreateUserAsync(email, [Roles.Student]);
        var (phone, _) = Browser();
        var (laptop, laptopCookies) = Browser();
        await phone.LogInAsync(email);
        await laptop.LogInAsync(email);
        var laptopCookie = AuthCookie(laptopCookies);

        var changed = await phone.SubmitFormAsync("/account/change-password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = Support.Accounts.GoodPassword,
            ["NewPassword"] = "hujan turun di kota serang",
            ["ConfirmPassword"] = "hujan turun di kota serang",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/account/profile")).StatusCode);
        var other = await laptop.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.StartsWith("/account/login", other.RedirectPath(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Redirect, (await Replay(laptopCookie, "/account/profile")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_on_all_devices_from_the_profile_ends_every_session()
    {
        var email = Support.Accounts.NewEmail();
        await site.CreateUserAsync(email, [Roles.Student]);
        var (phone, phoneCookies) = Browser();
        var (laptop, _) = Browser();
        await phone.LogInAsync(email);
        await laptop.LogInAsync(email);
        var phoneCookie = AuthCookie(phoneCookies);

        var (_, profile) = await phone.GetPageAsync("/account/profile");
        Assert.NotNull(Html.FindForm(profile, "/account/sign-out-everywhere"));
        var done = await phone.SubmitFormAsync("/account/profile", new Dictionary<string, string>(), "/account/sign-out-everywhere");
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("Keluar dari semua perangkat", Html.Parse(await done.Content.ReadAsStringAsync()).MainText());

        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/account/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/account/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Replay(phoneCookie, "/account/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await site.CreateBrowser().LogInAsync(email)).StatusCode);
    }

    [Theory]
    [InlineData(Roles.Organizer, "/admin/users")]
    [InlineData(Roles.Judge, "/judge")]
    public async Task A_revoked_role_answers_403_on_the_next_request(string role, string page)
    {
        var organizer = await site.LoggedInAsAsync(Support.Accounts.NewEmail("org"), Roles.Organizer);
        var email = Support.Accounts.NewEmail("revoked");
        var person = await site.LoggedInAsAsync(email, role);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync(page)).StatusCode);
        var userId = await site.DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

        var revoke = await organizer.PostWithTokenAsync("/admin/users", $"/admin/users/{userId}/roles/revoke", new Dictionary<string, string> { ["role"] = role });
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await person.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/account/profile")).StatusCode);
    }

    [Fact]
    public async Task A_granted_role_counts_on_the_next_request()
    {
        var organizer = await site.LoggedInAsAsync(Support.Accounts.NewEmail("org"), Roles.Organizer);
        var email = Support.Accounts.NewEmail("new-judge");
        var person = await site.LoggedInAsAsync(email, Roles.Student);
        var userId = await site.DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

        await organizer.PostWithTokenAsync("/admin/users", $"/admin/users/{userId}/roles/grant", new Dictionary<string, string> { ["role"] = Roles.Judge });

        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/judge")).StatusCode);
    }

    /// <summary>A browser whose cookies the test can read (to replay one after it was signed out).</summary>
    private (HttpClient Client, System.Net.CookieContainer Cookies) Browser()
    {
        var cookies = new System.Net.CookieContainer();
        return (site.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies)), cookies);
    }

    private static string AuthCookie(System.Net.CookieContainer cookies) =>
        cookies.GetCookies(new Uri("http://localhost")).FirstOrDefault(c => c.Name == ".cs.auth") is { } c
            ? $"{c.Name}={c.Value}"
            : throw new InvalidOperationException("Not signed in.");

    private Task<HttpResponseMessage> Replay(string cookie, string url)
    {
        var client = site.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookie);
        return client.SendAsync(request);
    }
}
