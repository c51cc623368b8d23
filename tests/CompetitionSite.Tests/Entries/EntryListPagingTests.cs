using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;

namespace CompetitionSite.Tests.Entries;

/// <summary>The organizer's entries list with 230 entries: pages of 50 in a stable order, and search by name, code or title.</summary>
public sealed class EntryListPagingTests(LocalEntriesSite site) : IClassFixture<LocalEntriesSite>
{
    private const int Count = 230;

    [Fact]
    public async Task The_list_pages_through_230_entries_and_finds_one_by_name_code_or_title()
    {
        var category = await site.OpenCategoryAsync();
        var codes = await EntriesAsync(category.Id);
        var organizer = await site.PersonAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);
        var list = $"/admin/entries?competition={category.CompetitionId}";

        // Five pages of at most 50, every entry exactly once, in code order; the count says how many in all.
        var seen = new List<string>();
        var url = list;
        var pages = 0;
        while (url is not null)
        {
            var (response, page) = await organizer.Client.GetPageAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages++;
            var rows = page.QuerySelectorAll("table.data tbody tr td:first-child a").Select(a => a.TextContent.Trim()).ToList();
            Assert.InRange(rows.Count, 1, 50);
            seen.AddRange(rows);
            Assert.Contains($"{Count} karya", page.QuerySelector("#entry-count")!.TextContent);
            Assert.Contains($"halaman {pages} dari 5", page.QuerySelector("#entry-count")!.TextContent);
            url = page.QuerySelector("nav.pager a[rel=next]")?.GetAttribute("href");
        }

        Assert.Equal(5, pages);
        Assert.Equal(codes.Values.Order(StringComparer.Ordinal), seen);

        // Search: part of a participant's name (any case), an entry code, a title.
        var target = codes.Single(kv => kv.Key == 137);
        await AssertFindsOnlyAsync(organizer, list + "&q=nurhaliza", target.Value);
        await AssertFindsOnlyAsync(organizer, list + "&q=" + target.Value.ToLowerInvariant(), target.Value);
        await AssertFindsOnlyAsync(organizer, list + "&q=" + Uri.EscapeDataString("Karya nomor 137"), target.Value);

        var (_, none) = await organizer.Client.GetPageAsync(list + "&q=zzzz");
        Assert.Empty(none.QuerySelectorAll("table.data tbody tr"));
        Assert.Contains("Tidak ada karya yang cocok dengan \"zzzz\".", none.MainText());

        // A search that matches many pages keeps its text in the page links; a page past the end shows the last.
        var (_, many) = await organizer.Client.GetPageAsync(list + "&q=peserta");
        var next = many.QuerySelector("nav.pager a[rel=next]")?.GetAttribute("href");
        Assert.NotNull(next);
        Assert.Contains("q=peserta", next);
        var (_, last) = await organizer.Client.GetPageAsync(list + "&page=99");
        Assert.Contains("halaman 5 dari 5", last.QuerySelector("#entry-count")!.TextContent);
        Assert.Equal(Count - 200, last.QuerySelectorAll("table.data tbody tr").Length);
    }

    private static async Task AssertFindsOnlyAsync(Person organizer, string url, string code)
    {
        var (response, page) = await organizer.Client.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = page.QuerySelectorAll("table.data tbody tr td:first-child a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal([code], rows);
        Assert.Contains("1 karya", page.QuerySelector("#entry-count")!.TextContent);
    }

    /// <summary>230 submitted entries, one per participant; number 137's participant is called Siti Nurhaliza. Returns number → code.</summary>
    private async Task<Dictionary<int, string>> EntriesAsync(int categoryId)
    {
        var codes = new Dictionary<int, string>();
        await site.DbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var participants = Enumerable.Range(1, Count).Select(i => new ParticipantProfile
            {
                FullName = i == 137 ? "Siti Nurhaliza" : $"Peserta {i:000}",
                DateOfBirth = new DateOnly(2005, 1, 1),
                SchoolName = "SMAN 1 Serang",
                Level = SchoolLevels.SMP,
                Grade = 8,
                Province = "Banten",
                Regency = "Kota Serang",
                CreatedAt = now,
                UpdatedAt = now,
            }).ToList();
            db.Participants.AddRange(participants);
            await db.SaveChangesAsync();
            for (var i = 1; i <= Count; i++)
            {
                var code = $"P-{categoryId:X3}{i:000}";
                codes[i] = code;
                db.Entries.Add(new Entry
                {
                    PublicCode = code,
                    CategoryId = categoryId,
                    Title = $"Karya nomor {i:000}",
                    Status = EntryStatus.Submitted,
                    SubmittedAt = now,
                    CreatedAt = now.AddSeconds(i),
                    UpdatedAt = now,
                    Members = [new EntryMember { IsLead = true, ParticipantId = participants[i - 1].Id }],
                });
            }

            await db.SaveChangesAsync();
        });
        return codes;
    }
}
