using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Features.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CompetitionSite.Tests.Email.OutboxTestKit;

namespace CompetitionSite.Tests.Email;

/// <summary>The outbox page speaks the organizer's language: kinds of email in words, and no stale error on a sent email.</summary>
public sealed partial class OutboxWordsTests
{
    [Fact]
    public async Task Kinds_are_shown_in_words_and_a_sent_email_does_not_show_an_error_from_an_earlier_attempt()
    {
        using var site = NewSite();
        var to = UniqueAddress("siswa");
        var row = (await QueueAsync(site, to, kind: "entry.receipt")).Single();
        await WaitForRowAsync(site, row.Id, r => r.Status == OutboxStatus.Sent);
        // As the dispatcher leaves a message that failed once with a temporary error and then went out.
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.OutboxMessages.Where(m => m.Id == row.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastError, "421 4.7.0 Try again later").SetProperty(m => m.Attempts, 2));
        }

        var organizer = UniqueAddress("panitia");
        await site.CreateUserAsync(organizer, [Roles.Organizer], "Panitia Lomba");
        var browser = site.CreateBrowser();
        await browser.LogInAsync(organizer);

        var (response, page) = await browser.GetPageAsync("/admin/outbox");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tableRow = page.QuerySelectorAll("table tbody tr").Single(r => r.TextContent.Contains(to));
        Assert.Contains("Tanda terima karya", tableRow.TextContent);
        Assert.DoesNotContain("entry.receipt", tableRow.TextContent);
        Assert.DoesNotContain("Try again later", tableRow.TextContent);
        Assert.Contains("Terkirim", tableRow.TextContent);
    }

    [Fact]
    public void Every_kind_of_email_the_site_queues_has_words_in_both_languages()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "CompetitionSite.Web");
        var queued = Directory.EnumerateFiles(Path.Combine(web, "Features"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadAllLines(f).Where(l => l.Contains("Queue(") || l.Contains("QueueLocalized(") || l.Contains("EmailMessage(")))
            .SelectMany(l => KindLiteral().Matches(l).Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.Contains("entry.receipt", queued);
        var indonesian = XDocument.Load(Path.Combine(web, "Resources", "Features", "Admin", "AdminText.id.resx")).Root!
            .Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        var missing = queued.Where(k => EmailKinds.LabelKey(k) is not { } key || !indonesian.Contains(key)).ToList();
        Assert.True(missing.Count == 0, "Kinds without words: " + string.Join(", ", missing));
    }

    private static string RepositoryRoot()
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

    [GeneratedRegex("\"([a-z]+\\.[a-z-]+)\"")]
    private static partial Regex KindLiteral();
}
