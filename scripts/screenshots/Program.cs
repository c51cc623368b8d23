using Microsoft.Playwright;

// Viewport screenshots (390 px phone, 1280 px desktop; Indonesian and English) of the pages changed by issues 13, 17, 18 and 19,
// taken from a site started on a fresh `seed-demo` database (see README, "Screenshots"). Usage:
//   dotnet run --project scripts/screenshots -- http://127.0.0.1:5188 /tmp/shots [name,name,...]
// Files are named {phone|desktop}-{id|en}-{name}.png; docs/screenshots names them {phone|desktop}-{name}[-en].png.

var baseUrl = args[0];
var outDir = args[1];
Directory.CreateDirectory(outDir);
using var pw = await Playwright.CreateAsync();
await using var browser = await pw.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"] });
const string org = "panitia@demo.test";
var shots = new (string Name, string? Login, string Path, string? ScrollTo)[]
{
    ("competition-share", null, "/lomba/festival-karya-tik-2026", ".share, [class*=share]"),
    ("winners-share", null, "/lomba/kreativitas-digital-2026/pemenang", ".share, [class*=share]"),
    ("certificate-verification", null, "/sertifikat", null),
    ("dashboard", org, "/admin", null),
    ("statistics", org, "/admin/competitions/1/statistics", null),
    ("entries-list", org, "/admin/entries?competition=1", null),
    ("outbox", org, "/admin/outbox", null),
    ("outbox-pager", org, "/admin/outbox", ".pager"),
    ("users", org, "/admin/users", null),
    ("users-pager", org, "/admin/users", ".pager"),
    ("reminder-settings", org, "/admin/competitions/3/edit", "#reminder-settings"),
    ("judge-scoring", "juri01@demo.test", "JUDGE", null),
    ("my-entries", "iqbal.wijaya@demo.test", "/entries", null),
    ("gallery", null, "/lomba/kreativitas-digital-2026/galeri", null),
    ("gallery-entry", null, "GALLERY_ENTRY", null),
    ("gallery-settings", org, "/admin/competitions/1/edit", "#gallery-settings"),
    ("announcements", org, "/admin/competitions/3/announcements", null),
    ("announcements-posted", org, "/admin/competitions/3/announcements", "#posted-title"),
    ("competition-announcements", null, "/lomba/festival-karya-tik-2026", "#pengumuman"),
    ("competition-faq", null, "/lomba/festival-karya-tik-2026", "#faq"),
    ("questions-admin", org, "/admin/competitions/3/questions", null),
    ("questions-mine", "iqbal.santoso@demo.test", "/lomba/festival-karya-tik-2026/tanya", "#mine-title"),
};
var only = args.Length > 2 ? args[2].Split(',') : null;
foreach (var culture in new[] { "id", "en" })
foreach (var (width, label) in new[] { (390, "phone"), (1280, "desktop") })
{
    await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = width == 390 ? 844 : 900 }, DeviceScaleFactor = 1, IsMobile = width == 390, HasTouch = width == 390 });
    async Task SetCulture()
    {
        await context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = $"c={culture}|uic={culture}", Url = baseUrl }]);
    }
    await SetCulture();
    string? loggedIn = null;
    var page = await context.NewPageAsync();
    foreach (var (name, login, path, scrollTo) in shots)
    {
        if (only is not null && !only.Contains(name)) continue;
        if (login != loggedIn)
        {
            await context.ClearCookiesAsync();
            await SetCulture();
            if (login is not null)
            {
                await page.GotoAsync(baseUrl + "/account/login");
                await page.FillAsync("input[name=Email]", login);
                await page.FillAsync("input[name=Password]", "demo-lomba-2026");
                await page.ClickAsync("main form button[type=submit]");
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                // Logging in takes the account's language; set the wanted one again.
                await SetCulture();
            }
            loggedIn = login;
        }

        if (path == "GALLERY_ENTRY")
        {
            await page.GotoAsync(baseUrl + "/lomba/kreativitas-digital-2026/galeri");
            await page.Locator(".gallery-card a").First.ClickAsync();
        }
        else if (path == "JUDGE")
        {
            await page.GotoAsync(baseUrl + "/judge/competitions/2");
            await page.Locator("a.queue-link").First.ClickAsync();
        }
        else
        {
            await page.GotoAsync(baseUrl + path);
        }
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        if (scrollTo is not null && await page.Locator(scrollTo).CountAsync() > 0)
        {
            await page.Locator(scrollTo).First.ScrollIntoViewIfNeededAsync();
        }
        else if (scrollTo is not null) Console.WriteLine($"  ({scrollTo} not found on {path})");

        var file = Path.Combine(outDir, $"{label}-{culture}-{name}.png");
        await page.ScreenshotAsync(new() { Path = file });
        Console.WriteLine(file + " " + new FileInfo(file).Length + " lang=" + await page.EvaluateAsync<string>("document.documentElement.lang"));
    }
}
