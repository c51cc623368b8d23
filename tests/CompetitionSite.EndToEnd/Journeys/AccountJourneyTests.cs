using System.Text.RegularExpressions;
using CompetitionSite.EndToEnd.Support;
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

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Akun saya");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(email);
        await page.AssertAccessibleAsync("profile");
        await page.ScreenshotAsync(viewport, "profile");

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to English" }).ClickAsync();
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("My account");
        await page.AssertNoErrorPageAsync();
    }

    public void Dispose() => _site.Dispose();

    [GeneratedRegex("http://127\\.0\\.0\\.1:\\d+/account/confirm-email\\?[^\"]+")]
    private static partial Regex ConfirmLink();
}
