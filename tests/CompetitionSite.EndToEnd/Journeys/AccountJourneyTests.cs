using System.Text.RegularExpressions;
using CompetitionSite.EndToEnd.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CompetitionSite.EndToEnd.Journeys;

/// <summary>A student registers in a real browser, confirms from the real email, logs in and switches language.</summary>
public sealed partial class AccountJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    private readonly LiveSite _site = new LiveSite().Start();

    [Theory]
    [InlineData("phone")]
    [InlineData("desktop")]
    public async Task Student_registers_confirms_from_the_email_and_logs_in(string size)
    {
        var viewport = Viewport.Named(size);
        var page = await browser.NewPageAsync(viewport);
        var email = $"ayu-{Guid.NewGuid():N}@example.test";

        await page.GotoAsync(_site.BaseUrl + "/");
        Assert.Equal("id", await page.GetAttributeAsync("html", "lang"));
        await page.AssertAccessibleAsync("home");
        await page.ScreenshotAsync(viewport, "home");

        await page.GetByRole(AriaRole.Link, new() { Name = "Daftar", Exact = true }).First.ClickAsync();
        await page.GetByLabel("Saya siswa (SD, SMP, SMA/SMK)").CheckAsync();
        await page.GetByLabel("Nama lengkap").FillAsync("Ayu Lestari");
        await page.GetByLabel("Alamat email").FillAsync(email);
        await page.GetByLabel("Kata sandi", new() { Exact = true }).FillAsync("pelangi senja di banten");
        await page.GetByLabel("Ulangi kata sandi").FillAsync("pelangi senja di banten");
        await page.AssertAccessibleAsync("register");
        await page.ScreenshotAsync(viewport, "register");

        // Submitting without the privacy checkbox shows the error next to it, in Indonesian.
        await page.GetByRole(AriaRole.Button, new() { Name = "Buat akun" }).ClickAsync();
        await Assertions.Expect(page.Locator("#AcceptPrivacy-error")).ToContainTextAsync("menyetujui pemberitahuan privasi");
        await page.AssertAccessibleAsync("register with errors");
        await page.ScreenshotAsync(viewport, "register-errors");
        await page.GetByLabel("Kata sandi", new() { Exact = true }).FillAsync("pelangi senja di banten");
        await page.GetByLabel("Ulangi kata sandi").FillAsync("pelangi senja di banten");
        await page.Locator("#AcceptPrivacy").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Buat akun" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Periksa email Anda");

        var mail = await _site.Smtp.WaitForMessageAsync(email);
        var link = ConfirmLink().Match(mail.HtmlBody ?? "").Value.Replace("&amp;", "&");
        await page.GotoAsync(link);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Akun Anda sudah aktif");

        await page.GetByRole(AriaRole.Link, new() { Name = "Masuk" }).Last.ClickAsync();
        await page.GetByLabel("Alamat email").FillAsync(email);
        await page.GetByLabel("Kata sandi").FillAsync("pelangi senja di banten");
        await page.AssertAccessibleAsync("login");
        await page.ScreenshotAsync(viewport, "login");
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk" }).ClickAsync();

        // A student lands on their entries, where the work is; the account is one link away.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Karya saya");
        Assert.EndsWith("/entries", new Uri(page.Url).AbsolutePath);
        await page.GotoAsync(_site.BaseUrl + "/account/profile");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Akun saya");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(email);
        await page.AssertAccessibleAsync("profile");
        await page.ScreenshotAsync(viewport, "profile");

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to English" }).ClickAsync();
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("My account");
        await page.AssertNoErrorPageAsync();
    }

    [Theory]
    [InlineData("phone")]
    [InlineData("desktop")]
    public async Task A_judge_lands_on_the_judging_list_and_a_page_that_asked_for_the_login_wins(string size)
    {
        var viewport = Viewport.Named(size);
        var page = await browser.NewPageAsync(viewport);
        var email = $"juri-{Guid.NewGuid():N}@example.test";
        const string password = "pelangi senja di banten";
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, FullName = "Dewi Juri", CreatedAt = DateTime.UtcNow };
            Assert.True((await users.CreateAsync(user, password)).Succeeded);
            await users.AddToRoleAsync(user, Roles.Judge);
        }

        await page.GotoAsync(_site.BaseUrl + "/account/login");
        await page.GetByLabel("Alamat email").FillAsync(email);
        await page.GetByLabel("Kata sandi").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Penjurian");
        Assert.Equal("/judge", new Uri(page.Url).AbsolutePath);
        await page.ScreenshotAsync(viewport, "judge-landing");

        await page.GetByRole(AriaRole.Button, new() { Name = "Keluar" }).ClickAsync();
        await page.GotoAsync(_site.BaseUrl + "/account/change-password");
        Assert.Equal("/account/login", new Uri(page.Url).AbsolutePath);
        await page.GetByLabel("Alamat email").FillAsync(email);
        await page.GetByLabel("Kata sandi").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Ganti kata sandi");
        Assert.Equal("/account/change-password", new Uri(page.Url).AbsolutePath);
        await page.AssertNoErrorPageAsync();
    }

    /// <summary>
    /// The people list on a phone: each person is a card with their roles and the buttons to change them, all within
    /// the screen (it used to be a wide table whose buttons sat past the right edge), and a role is given from there.
    /// </summary>
    [Fact]
    public async Task An_organizer_gives_a_role_from_the_people_list_on_a_phone_with_every_button_on_screen()
    {
        var viewport = Viewport.Phone;
        var page = await browser.NewPageAsync(viewport);
        var organizer = $"panitia-{Guid.NewGuid():N}@example.test";
        var teacher = $"guru-{Guid.NewGuid():N}@example.test";
        const string password = "pelangi senja di banten";
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            foreach (var (email, name, role) in new[] { (organizer, "Rina Panitia", Roles.Organizer), (teacher, "Bu Guru Siti", Roles.Student) })
            {
                var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, FullName = name, CreatedAt = DateTime.UtcNow };
                Assert.True((await users.CreateAsync(user, password)).Succeeded);
                await users.AddToRoleAsync(user, role);
            }
        }

        await page.GotoAsync(_site.BaseUrl + "/account/login");
        await page.GetByLabel("Alamat email").FillAsync(organizer);
        await page.GetByLabel("Kata sandi").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk" }).ClickAsync();
        await page.GotoAsync(_site.BaseUrl + "/admin/users?q=" + Uri.EscapeDataString(teacher));
        var buttons = page.Locator("table.data tbody button");
        Assert.Equal(4, await buttons.CountAsync());
        for (var i = 0; i < 4; i++)
        {
            var box = await buttons.Nth(i).BoundingBoxAsync() ?? throw new Xunit.Sdk.XunitException($"Button {i} is not shown.");
            Assert.True(box.X >= 0 && box.X + box.Width <= viewport.Width, $"Button {i} ({await buttons.Nth(i).InnerTextAsync()}) spans x {box.X}–{box.X + box.Width} on a {viewport.Width} px screen.");
        }

        await page.AssertAccessibleAsync("people list");
        await page.ScreenshotAsync(viewport, "users-phone");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Jadikan Juri" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cabut Juri" })).ToBeVisibleAsync();
        await page.AssertNoErrorPageAsync();
    }

    public void Dispose() => _site.Dispose();

    [GeneratedRegex("http://127\\.0\\.0\\.1:\\d+/account/confirm-email\\?[^\"]+")]
    private static partial Regex ConfirmLink();
}
