using System.Text.Json;
using Microsoft.Playwright;

namespace CompetitionSite.EndToEnd.Support;

public sealed record Viewport(string Name, int Width, int Height, bool IsMobile)
{
    public static readonly Viewport Phone = new("phone", 390, 844, true);
    public static readonly Viewport Desktop = new("desktop", 1366, 768, false);

    public static Viewport Named(string name) => name == Phone.Name ? Phone : Desktop;
}

/// <summary>
/// Debian's chromium (/usr/bin/chromium) driven by Playwright, one browser for the test collection.
/// axe-core (from the npm package in tests/tools) is added to every page as an init script, which the
/// Content-Security-Policy does not apply to.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string RepositoryRoot { get; } = FindRoot();

    public static string ArtifactsDirectory { get; } = Path.Combine(RepositoryRoot, "TestResults", "screenshots");

    private static readonly Lazy<string> AxeSource = new(() =>
        File.ReadAllText(Path.Combine(RepositoryRoot, "tests", "tools", "node_modules", "axe-core", "axe.min.js")));

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run ./test.sh, which installs Debian's chromium.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    public async Task<IPage> NewPageAsync(Viewport viewport)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = viewport.Width, Height = viewport.Height },
            IsMobile = viewport.IsMobile,
            HasTouch = viewport.IsMobile,
            Locale = "id-ID",
            TimezoneId = "Asia/Jakarta",
        });
        await context.AddInitScriptAsync(AxeSource.Value);
        // A wait for a condition, not a measurement: on a busy 2-core CI machine a click can wait for the page a while.
        context.SetDefaultTimeout(45000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CompetitionSite.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found.");
    }
}

public static class PageChecks
{
    /// <summary>Runs axe-core on the page and fails on serious or critical violations.</summary>
    public static async Task AssertAccessibleAsync(this IPage page, string name)
    {
        var result = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
              const r = await axe.run(document, { resultTypes: ['violations'] });
              return r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
            }
            """);
        var problems = result.EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.True(problems.Count == 0, $"axe found problems on {name} ({page.Url}):\n" + string.Join("\n", problems));
    }

    /// <summary>Saves a full-page screenshot as a test artifact (TestResults/screenshots/{viewport}/{name}.png).</summary>
    public static async Task ScreenshotAsync(this IPage page, Viewport viewport, string name)
    {
        var folder = Path.Combine(BrowserFixture.ArtifactsDirectory, viewport.Name);
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    /// <summary>The page shows no raw exception and no untranslated text that we know of.</summary>
    public static async Task AssertNoErrorPageAsync(this IPage page)
    {
        var text = await page.InnerTextAsync("body");
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain("An unhandled", text);
    }
}
