using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Accounts;

/// <summary>Registration, confirmation and password reset, following the links in the real emails.</summary>
public sealed class RegistrationTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task Register_confirm_by_email_log_in_and_log_out()
    {
        var email = Support.Accounts.NewEmail("siswa");
        var client = site.CreateBrowser();

        var registered = await client.RegisterAsync(email, fullName: "Ayu Lestari");
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Equal("/account/check-email", registered.RedirectPath());

        var mail = await site.Smtp.WaitForMessageAsync(email);
        Assert.Equal("Konfirmasi alamat email Anda", mail.Subject);
        Assert.Contains("Halo Ayu Lestari", mail.TextBody);
        Assert.Contains("Ayu Lestari", mail.To.Mailboxes.Single().Name);

        var beforeConfirm = await client.LogInAsync(email);
        Assert.Equal(HttpStatusCode.OK, beforeConfirm.StatusCode);
        Assert.Contains("Konfirmasi alamat email Anda dulu", Html.Parse(await beforeConfirm.Content.ReadAsStringAsync()).MainText());

        var (confirmed, page) = await client.GetPageAsync(Support.Accounts.LinkIn(mail, "/account/confirm-email"));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Akun Anda sudah aktif", page.MainText());

        var login = await client.LogInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var (_, profile) = await client.GetPageAsync("/account/profile");
        Assert.Contains("Siswa", profile.QuerySelector("main dd .badge")!.TextContent);

        await client.PostWithTokenAsync("/account/profile", "/account/logout");
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/account/profile")).StatusCode);
    }

    [Fact]
    public async Task Unconfirmed_account_cannot_log_in()
    {
        var email = Support.Accounts.NewEmail();
        var client = site.CreateBrowser();
        await client.RegisterAsync(email);

        var login = await client.LogInAsync(email);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/account/profile")).StatusCode);
    }

    [Fact]
    public async Task Guardian_registration_gets_the_guardian_role()
    {
        var email = Support.Accounts.NewEmail("guru");
        var client = await site.RegisteredAndLoggedInAsync(email, accountType: Roles.Guardian, fullName: "Ibu Nurhayati");

        var (_, profile) = await client.GetPageAsync("/account/profile");

        Assert.Contains("Pendamping", profile.QuerySelector("main dd .badge")!.TextContent);
    }

    [Fact]
    public async Task Common_password_is_refused_and_no_account_is_created()
    {
        var email = Support.Accounts.NewEmail();

        var response = await site.CreateBrowser().RegisterAsync(email, password: "password123");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("paling sering dipakai", page.QuerySelector("#Password-error")!.TextContent);
        await using var scope = site.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task Registering_an_existing_address_answers_the_same_and_tells_the_owner()
    {
        var email = Support.Accounts.NewEmail("ada");
        await site.CreateUserAsync(email, [Roles.Student]);
        var fresh = Support.Accounts.NewEmail("baru");

        var forExisting = await site.CreateBrowser().RegisterAsync(email);
        var forNew = await site.CreateBrowser().RegisterAsync(fresh);

        Assert.Equal(forNew.StatusCode, forExisting.StatusCode);
        Assert.Equal(forNew.RedirectPath(), forExisting.RedirectPath());
        var notice = await site.Smtp.WaitForMessageAsync(email);
        Assert.Equal("Seseorang mencoba mendaftar dengan alamat email Anda", notice.Subject);
    }

    [Fact]
    public async Task Forgot_password_answers_the_same_for_unknown_addresses()
    {
        var known = Support.Accounts.NewEmail();
        await site.CreateUserAsync(known, [Roles.Student]);

        var a = await site.CreateBrowser().SubmitFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = known });
        var b = await site.CreateBrowser().SubmitFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = Support.Accounts.NewEmail() });

        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(Html.Parse(await a.Content.ReadAsStringAsync()).MainText(), Html.Parse(await b.Content.ReadAsStringAsync()).MainText());
    }

    [Fact]
    public async Task Reset_link_works_once()
    {
        var email = Support.Accounts.NewEmail();
        await site.CreateUserAsync(email, [Roles.Student]);
        var client = site.CreateBrowser();
        await client.SubmitFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = email });
        var mail = await site.Smtp.WaitForMessageAsync(email, m => m.Subject == "Atur ulang kata sandi Anda");
        var link = Support.Accounts.LinkIn(mail, "/account/reset-password");

        var reset = await client.SubmitFormAsync(link, new Dictionary<string, string>
        {
            ["Password"] = "sungai cisadane mengalir",
            ["ConfirmPassword"] = "sungai cisadane mengalir",
        });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Contains("Kata sandi baru Anda sudah tersimpan", Html.Parse(await reset.Content.ReadAsStringAsync()).MainText());
        Assert.Equal(HttpStatusCode.Redirect, (await client.LogInAsync(email, "sungai cisadane mengalir")).StatusCode);

        var (again, page) = await site.CreateBrowser().GetPageAsync(link);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("tidak valid, sudah kedaluwarsa, atau sudah pernah dipakai", page.MainText());
        Assert.Null(page.QuerySelector("input[name=Password]"));
    }

    [Fact]
    public async Task Change_email_takes_effect_only_after_the_new_address_confirms()
    {
        var email = Support.Accounts.NewEmail("lama");
        var newEmail = Support.Accounts.NewEmail("baru");
        var client = await site.LoggedInAsAsync(email, Roles.Student);

        var asked = await client.SubmitFormAsync("/account/change-email", new Dictionary<string, string>
        {
            ["NewEmail"] = newEmail,
            ["CurrentPassword"] = Support.Accounts.GoodPassword,
        });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var (_, before) = await client.GetPageAsync("/account/profile");
        Assert.Contains(email, before.MainText());

        var mail = await site.Smtp.WaitForMessageAsync(newEmail);
        var (confirmed, page) = await client.GetPageAsync(Support.Accounts.LinkIn(mail, "/account/confirm-email-change"));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains(newEmail, page.MainText());

        await client.PostWithTokenAsync("/account/profile", "/account/logout");
        Assert.Equal(HttpStatusCode.Redirect, (await site.CreateBrowser().LogInAsync(newEmail)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await site.CreateBrowser().LogInAsync(email)).StatusCode);
    }

    [Fact]
    public async Task Change_password_needs_the_current_one()
    {
        var email = Support.Accounts.NewEmail();
        var client = await site.LoggedInAsAsync(email, Roles.Student);

        var wrong = await client.SubmitFormAsync("/account/change-password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = "bukan yang benar",
            ["NewPassword"] = "gunung karang tinggi",
            ["ConfirmPassword"] = "gunung karang tinggi",
        });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Kata sandi saat ini tidak benar", Html.Parse(await wrong.Content.ReadAsStringAsync()).MainText());

        var right = await client.SubmitFormAsync("/account/change-password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = Support.Accounts.GoodPassword,
            ["NewPassword"] = "gunung karang tinggi",
            ["ConfirmPassword"] = "gunung karang tinggi",
        });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await site.CreateBrowser().LogInAsync(email, "gunung karang tinggi")).StatusCode);
    }
}
