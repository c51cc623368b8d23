using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Email;
using SmtpServer.Protocol;
using static CompetitionSite.Tests.Email.OutboxTestKit;

namespace CompetitionSite.Tests.Email;

/// <summary>The organizers' outbox page at /admin/outbox.</summary>
public sealed class OutboxPageTests
{

    [Fact]
    public async Task A_visitor_who_is_not_signed_in_is_sent_to_the_login_page()
    {
        using var site = NewSite();

        var response = await site.CreateBrowser().GetAsync("/admin/outbox");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task Retry_cannot_be_posted_without_signing_in()
    {
        using var site = NewSite();
        var browser = site.CreateBrowser();
        var (_, home) = await browser.GetPageAsync("/account/login");
        var token = home.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await browser.PostAsync(
            $"/admin/outbox/{Guid.NewGuid()}/retry",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task An_organizer_sees_each_email_with_its_status_attempts_and_last_error()
    {
        using var smtp = new SmtpTestServer { RejectWith = (SmtpReplyCode)550 };
        using var site = NewSite(smtp);
        var to = UniqueAddress("ditolak");
        var row = (await QueueAsync(site, to)).Single();
        await WaitForRowAsync(site, row.Id, r => r.Status == OutboxStatus.Failed);
        var organizer = UniqueAddress("panitia");
        await site.CreateUserAsync(organizer, [Roles.Organizer], "Panitia Lomba");
        var browser = site.CreateBrowser();
        await browser.LogInAsync(organizer);

        var (response, page) = await browser.GetPageAsync("/admin/outbox?status=Failed");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = page.MainText();
        Assert.Contains("Kotak keluar email", text);
        Assert.Contains(to, text);
        Assert.Contains("Pengumuman lomba 1", text);
        Assert.Contains("Gagal", text);
        Assert.Contains("550 rejected by the test", text);
        Assert.Contains("WIB", text);
        Assert.NotNull(page.QuerySelector($"form[action='/admin/outbox/{row.Id}/retry']"));
    }

    [Fact]
    public async Task An_organizer_can_send_a_failed_email_again_and_it_arrives()
    {
        using var smtp = new SmtpTestServer { RejectWith = (SmtpReplyCode)550 };
        using var site = NewSite(smtp);
        var to = UniqueAddress("ulang");
        var row = (await QueueAsync(site, to)).Single();
        await WaitForRowAsync(site, row.Id, r => r.Status == OutboxStatus.Failed);
        var organizer = UniqueAddress("panitia");
        await site.CreateUserAsync(organizer, [Roles.Organizer], "Panitia Lomba");
        var browser = site.CreateBrowser();
        await browser.LogInAsync(organizer);
        smtp.RejectWith = null;

        var response = await browser.SubmitFormAsync(
            "/admin/outbox?status=Failed", new Dictionary<string, string>(), formAction: $"/admin/outbox/{row.Id}/retry");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var received = await smtp.WaitForMessageAsync(to, timeout: TimeSpan.FromSeconds(8));
        Assert.Equal(row.MessageId, received.MessageId);
        await WaitForRowAsync(site, row.Id, r => r.Status == OutboxStatus.Sent && r.LockedBy is null);
        var (_, page) = await browser.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Email akan dikirim ulang sebentar lagi.", page.MainText());
    }

    [Fact]
    public async Task The_list_is_paged_fifty_at_a_time_and_an_empty_filter_says_what_to_do()
    {
        using var site = NewSite();
        site.Settings["Email:Smtp:Host"] = "";
        var to = UniqueAddress("banyak");
        await QueueAsync(site, to, count: 55);
        await WaitUntilAllSentAsync(site, to, 55);
        var organizer = UniqueAddress("panitia");
        await site.CreateUserAsync(organizer, [Roles.Organizer], "Panitia Lomba");
        var browser = site.CreateBrowser();
        await browser.LogInAsync(organizer);

        var (_, first) = await browser.GetPageAsync("/admin/outbox");
        var (_, second) = await browser.GetPageAsync("/admin/outbox?page=2");
        var (_, failed) = await browser.GetPageAsync("/admin/outbox?status=Failed");

        Assert.Equal(50, first.QuerySelectorAll("table.data tbody tr").Length);
        Assert.Contains("Halaman 1 dari 2", first.MainText());
        Assert.Contains("Server email belum diatur", first.MainText());
        Assert.Equal(5, second.QuerySelectorAll("table.data tbody tr").Length);
        Assert.Contains("Tidak ada email dengan status ini.", failed.MainText());
        Assert.NotNull(failed.QuerySelector("main a[href='/admin/outbox']"));
    }

    [Fact]
    public async Task Someone_who_is_not_an_organizer_is_refused()
    {
        using var site = NewSite();
        var student = UniqueAddress("siswa");
        await site.CreateUserAsync(student, [Roles.Student], "Siswa");
        var browser = site.CreateBrowser();
        await browser.LogInAsync(student);

        var response = await browser.GetAsync("/admin/outbox");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
