using System.Net;
using System.Text;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Entries;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Entries;

/// <summary>Organizers: the list with filters, duplicate files, versions, disqualification (audited, emailed) and CSV.</summary>
public sealed class OrganizerTests(EntriesSite site) : IClassFixture<EntriesSite>
{
    private async Task<int> SubmittedAsync(Person student, int categoryId, string title, TestFile file)
    {
        var entryId = await student.Client.EnterAsync(categoryId, title);
        Assert.Equal(HttpStatusCode.OK, (await student.Client.UploadAsync(entryId, file)).StatusCode);
        var submit = await student.Client.SubmitFormAsync($"/entries/{entryId}", new Dictionary<string, string> { ["pledge"] = "true" }, $"/entries/{entryId}/submit");
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
        return entryId;
    }

    [Fact]
    public async Task Identical_files_from_different_participants_are_flagged_and_filters_narrow_the_list()
    {
        var category = await site.OpenCategoryAsync();
        var (ayu, _) = await site.StudentAsync("Ayu Lestari", school: "SMPN 1 Serang", regency: "Kota Serang");
        var (budi, _) = await site.StudentAsync("Budi Santoso", school: "SMPN 2 Cilegon", regency: "Kota Cilegon");
        var (citra, _) = await site.StudentAsync("Citra Dewi", school: "SMPN 3 Pandeglang", regency: "Kabupaten Pandeglang");
        var same = TestFile.Pdf("poster.pdf", 120_000, seed: 42);
        var a = await SubmittedAsync(ayu, category.Id, "Poster Ayu", same);
        var b = await SubmittedAsync(budi, category.Id, "Poster Budi", TestFile.Pdf("salinan.pdf", 120_000, seed: 42));
        await SubmittedAsync(citra, category.Id, "Poster Citra", TestFile.Pdf("asli.pdf", 120_000, seed: 43));
        var codes = await site.DbAsync(db => db.Entries.Where(e => e.CategoryId == category.Id).ToDictionaryAsync(e => e.Id, e => e.PublicCode));

        var organizer = await site.PersonAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);
        var (response, list) = await organizer.Client.GetPageAsync($"/admin/entries?competition={category.CompetitionId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = list.QuerySelectorAll("table.data tbody tr").ToList();
        Assert.Equal(3, rows.Count);
        string Row(string title) => rows.Single(r => r.TextContent.Contains(title)).TextContent;
        Assert.Contains($"File sama dengan {codes[b]}", Row("Poster Ayu"));
        Assert.Contains($"File sama dengan {codes[a]}", Row("Poster Budi"));
        Assert.DoesNotContain("File sama dengan", Row("Poster Citra"));

        var bySchool = (await organizer.Client.GetPageAsync($"/admin/entries?competition={category.CompetitionId}&school=cilegon")).Document.MainText();
        Assert.Contains("Poster Budi", bySchool);
        Assert.DoesNotContain("Poster Ayu", bySchool);
        var byRegency = (await organizer.Client.GetPageAsync($"/admin/entries?competition={category.CompetitionId}&regency=Kabupaten%20Pandeglang")).Document.MainText();
        Assert.Contains("Poster Citra", byRegency);
        Assert.DoesNotContain("Poster Budi", byRegency);
        var drafts = (await organizer.Client.GetPageAsync($"/admin/entries?competition={category.CompetitionId}&status=draft")).Document;
        Assert.Empty(drafts.QuerySelectorAll("table.data tbody tr"));
    }

    [Fact]
    public async Task An_organizer_disqualifies_with_a_reason_that_is_audited_and_emailed()
    {
        var category = await site.OpenCategoryAsync();
        var (ayu, _) = await site.StudentAsync();
        var entryId = await SubmittedAsync(ayu, category.Id, "Poster Jiplakan", TestFile.Pdf());
        var organizer = await site.PersonAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);

        var empty = await organizer.Client.SubmitFormAsync($"/admin/entries/{entryId}", new Dictionary<string, string> { ["reason"] = " " }, $"/admin/entries/{entryId}/disqualify");
        Assert.Equal(HttpStatusCode.Redirect, empty.StatusCode);
        Assert.Equal(EntryStatus.Submitted, await site.DbAsync(db => db.Entries.Where(e => e.Id == entryId).Select(e => e.Status).SingleAsync()));

        var response = await organizer.Client.SubmitFormAsync($"/admin/entries/{entryId}",
            new Dictionary<string, string> { ["reason"] = "Karya sama persis dengan poster yang sudah terbit di internet." }, $"/admin/entries/{entryId}/disqualify");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var entry = await site.DbAsync(db => db.Entries.SingleAsync(e => e.Id == entryId));
        Assert.Equal(EntryStatus.Disqualified, entry.Status);
        Assert.Equal("Karya sama persis dengan poster yang sudah terbit di internet.", entry.DisqualificationReason);
        var audit = await site.DbAsync(db => db.AuditEvents.SingleAsync(a => a.Action == "entry.disqualified" && a.ObjectId == entryId.ToString()));
        Assert.Equal(organizer.UserId, audit.ActorUserId);
        Assert.Contains("terbit di internet", audit.Details);
        var mail = await site.Smtp.WaitForMessageAsync(ayu.Email, m => (m.Subject ?? "").Contains("didiskualifikasi"));
        Assert.Contains("terbit di internet", mail.TextBody);

        var (_, mine) = await ayu.Client.GetPageAsync("/entries");
        Assert.Contains("Didiskualifikasi", mine.MainText());
        Assert.Contains("terbit di internet", mine.MainText());
    }

    [Fact]
    public async Task The_organizer_sees_every_file_version_and_exports_the_list_as_csv_for_excel()
    {
        var category = await site.OpenCategoryAsync();
        var (ayu, _) = await site.StudentAsync("Ayu \"Ayu\" Lestari, S.", school: "SMPN 1 Serang");
        var entryId = await SubmittedAsync(ayu, category.Id, "=Poster, dengan koma", TestFile.Pdf("v1.pdf", seed: 1));
        await ayu.Client.UploadAsync(entryId, TestFile.Pdf("v2.pdf", seed: 2));
        var code = await site.DbAsync(db => db.Entries.Where(e => e.Id == entryId).Select(e => e.PublicCode).SingleAsync());
        var organizer = await site.PersonAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);

        var (_, detail) = await organizer.Client.GetPageAsync($"/admin/entries/{entryId}");
        Assert.Contains("v1.pdf", detail.MainText());
        Assert.Contains("v2.pdf", detail.MainText());
        var earlier = detail.QuerySelectorAll("a").Single(a => a.TextContent == "v1.pdf").GetAttribute("href")!;
        Assert.Equal(HttpStatusCode.Redirect, (await organizer.Client.GetAsync(earlier)).StatusCode);

        var csv = await organizer.Client.GetAsync($"/admin/entries/export?competition={category.CompetitionId}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition?.DispositionType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var lines = text.Split("\r\n");
        Assert.StartsWith("Kode karya;Kategori;Judul;Status", lines[0]);
        Assert.Equal("", lines[^1]); // every record ends with CRLF
        Assert.Contains($"{code};Poster SMP;'=Poster, dengan koma;Terkirim", text); // ";" between fields: a comma needs no quotes
        Assert.Contains("\"Ayu \"\"Ayu\"\" Lestari, S.\"", text);
        Assert.Contains(TestFile.Pdf("v2.pdf", seed: 2).Sha256(), text);
    }
}
