using CompetitionSite.EndToEnd.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Features.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace CompetitionSite.EndToEnd.Journeys;

/// <summary>
/// The results print view printed by Chromium to an A4 PDF and read back (issue 17, item 15). The demo's published
/// competition (seed-demo: 100+ ranked entries) has a ranking longer than one page. A category that may not break
/// (<c>break-inside: avoid</c> on the whole section) is moved whole to page 2, leaving page 1 with only the title; the
/// rows must start on page 1 instead.
/// </summary>
public sealed class PrintViewTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    private readonly LiveSite _site = new LiveSite().Start();

    [Fact]
    public async Task The_printed_ranking_starts_on_page_one_and_not_only_its_heading()
    {
        var writer = new StringWriter();
        Assert.True(await SeedDemoCommand.RunAsync(_site.Services, writer) == 0, writer.ToString());

        int competitionId;
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = DateTime.UtcNow;
            var competitions = await db.Competitions.AsNoTracking().ToListAsync();
            competitionId = Assert.Single(competitions, c => c.PhaseAt(now) == Phase.Published).Id;
        }

        var page = await browser.NewPageAsync(Viewport.Desktop);
        await page.GotoAsync(_site.BaseUrl + "/account/login");
        await page.GetByLabel("Alamat email").FillAsync($"panitia@{DemoSeeder.EmailDomain}");
        await page.GetByLabel("Kata sandi").FillAsync(DemoSeeder.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk" }).Last.ClickAsync();
        await Assertions.Expect(page.Locator("header")).ToContainTextAsync("Keluar");

        await page.GotoAsync($"{_site.BaseUrl}/admin/competitions/{competitionId}/results/print");
        await page.AssertNoErrorPageAsync();
        var title = (await page.Locator("h1").InnerTextAsync()).Trim();
        var firstCategory = page.Locator(".print-category").First;
        var firstHeading = (await firstCategory.Locator("h2").InnerTextAsync()).Trim();
        var codes = await firstCategory.Locator("tbody tr td:nth-child(3) .small").AllInnerTextsAsync();
        Assert.True(codes.Count >= 3, $"the first category has {codes.Count} rows");
        var firstCode = codes[0].Trim('(', ')', ' ');

        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = false });
        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();
        // A code (K-7M3PW2) may wrap at its hyphen in the narrow column, with the next column's words between its two
        // halves in the PDF's text: look for the part after the hyphen, six random letters and digits.
        static string Tail(string code) => code.Trim('(', ')', ' ')[(code.Trim('(', ')', ' ').LastIndexOf('-') + 1)..];

        // The first category does not fit on page 1 below the title (its last row is on a later page): the case where a
        // category kept whole would be moved to page 2.
        var pageOne = pages[0];
        Assert.True(pages.Count >= 2 && !pageOne.Contains(Tail(codes[^1]), StringComparison.Ordinal),
            $"the first category ({codes.Count} rows) fits on page 1 of {pages.Count}: this test would prove nothing");
        Assert.Contains(Words(title)[0], pageOne);
        Assert.True(pageOne.Contains(Tail(firstCode), StringComparison.Ordinal),
            $"page 1 carries the first ranked row ({firstCode}), not only the heading; page 1 reads: {pageOne}");
        Assert.Contains(Words(firstHeading)[0], pageOne);

        // Every row is printed once, whole: each code of the first category is on exactly one page.
        foreach (var code in codes)
        {
            var on = pages.Count(p => p.Contains(Tail(code), StringComparison.Ordinal));
            Assert.True(on == 1, $"{code} is on {on} page(s); the pages read:\n{string.Join("\n---\n", pages)}");
        }
    }

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public void Dispose() => _site.Dispose();
}
