using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Infrastructure.Email;
using MimeKit;
using static CompetitionSite.Tests.Email.OutboxTestKit;

namespace CompetitionSite.Tests.Email;

[LongRunning]
public sealed class OutboxDeliveryTests
{
    [Fact]
    public async Task A_queued_email_arrives_as_text_and_HTML_with_the_rows_Message_ID_and_is_marked_sent()
    {
        using var site = NewSite();
        var to = UniqueAddress("budi");

        var row = (await QueueAsync(site, to)).Single();

        var received = await site.Smtp.WaitForMessageAsync(to, timeout: TimeSpan.FromSeconds(8));
        Assert.Equal(row.MessageId, received.MessageId);
        Assert.Equal("Pengumuman lomba 1", received.Subject);
        var recipient = Assert.Single(received.To.Mailboxes);
        Assert.Equal("Budi Santoso", recipient.Name);
        Assert.Equal("noreply@competitionsite.local", received.From.Mailboxes.Single().Address);
        Assert.Equal("Lomba Online Relawan TIK", received.From.Mailboxes.Single().Name);
        Assert.Equal("id", received.Body!.Headers[HeaderId.ContentLanguage]);

        var alternative = Assert.IsType<MultipartAlternative>(received.Body);
        Assert.Equal("Halo Budi, pesan 1.", received.TextBody?.Trim());
        Assert.Contains("<b>Budi</b>", received.HtmlBody);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));

        var sent = await WaitForRowAsync(site, row.Id, r => r.Status == OutboxStatus.Sent && r.LockedBy is null);
        Assert.NotNull(sent.SentAt);
        Assert.Equal(1, sent.Attempts);
        Assert.Single(site.Smtp.MessagesTo(to));
    }

    [Fact]
    public async Task Several_queued_emails_are_each_delivered_once()
    {
        using var site = NewSite();
        site.Settings["Email:Smtp:Connections"] = "1";
        var to = UniqueAddress("sekolah");

        var rows = await QueueAsync(site, to, count: 60);

        await WaitUntilAllSentAsync(site, to, 60);
        var received = site.Smtp.MessagesTo(to);
        Assert.Equal(60, received.Count);
        Assert.Equal(rows.Select(r => r.MessageId).Order(), received.Select(m => m.MessageId).Order());

        // Two batches (50 + 10), one kept-open SMTP connection.
        Assert.Single(site.Logs, l => l.Contains("Connected to SMTP", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_several_connections_the_batches_go_out_side_by_side_and_each_email_is_delivered_and_recorded_once()
    {
        using var site = NewSite();
        site.Settings["Email:Smtp:Connections"] = "3";
        var to = UniqueAddress("serentak");

        var queued = await QueueAsync(site, to, count: 150);

        // Three full batches, woken at once: each sender claims its own.
        var rows = await WaitUntilAllSentAsync(site, to, 150, TimeSpan.FromSeconds(30));
        Assert.All(rows, r =>
        {
            Assert.Equal(OutboxStatus.Sent, r.Status);
            Assert.Equal(1, r.Attempts);
            Assert.Null(r.LockedBy);
            Assert.Null(r.LockedUntil);
        });
        await Task.Delay(300);
        Assert.Equal(queued.Select(r => r.MessageId).Order(), site.Smtp.MessagesTo(to).Select(m => m.MessageId).Order());
        var connections = site.Logs.Count(l => l.Contains("Connected to SMTP", StringComparison.Ordinal));
        Assert.InRange(connections, 2, 3);
        Assert.Contains(site.Logs, l => l.Contains("with 3 sender(s)", StringComparison.Ordinal));
        Assert.DoesNotContain(site.Logs, l => l.Contains("no longer held", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Emails_recorded_as_sent_while_the_next_one_goes_out_are_each_recorded_once_and_released()
    {
        using var site = NewSite();
        var to = UniqueAddress("rekap");

        var queued = await QueueAsync(site, to, count: 120);

        // Three batches; within each, an accepted message is recorded while the next one is sent.
        var rows = await WaitUntilAllSentAsync(site, to, 120, TimeSpan.FromSeconds(30));
        Assert.Equal(120, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(OutboxStatus.Sent, r.Status);
            Assert.Equal(1, r.Attempts);
            Assert.NotNull(r.SentAt);
            Assert.Null(r.LockedBy);
            Assert.Null(r.LockedUntil);
        });
        await Task.Delay(300);
        Assert.Equal(queued.Select(r => r.MessageId).Order(), site.Smtp.MessagesTo(to).Select(m => m.MessageId).Order());
        Assert.DoesNotContain(site.Logs, l => l.Contains("no longer held", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_queued_email_is_sent_right_away_not_at_the_next_regular_look()
    {
        using var site = NewSite();
        site.Settings["Email:DispatchIntervalSeconds"] = "60";
        _ = site.Services;
        await Task.Delay(300); // the dispatcher has had its first look and now waits a minute

        var to = UniqueAddress("segera");
        await QueueAsync(site, to);

        await site.Smtp.WaitForMessageAsync(to, timeout: TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task An_address_that_cannot_be_used_fails_at_once_without_troubling_the_server()
    {
        using var site = NewSite();
        var to = "bukan alamat email";

        var row = (await QueueAsync(site, to)).Single();

        var failed = await WaitForRowAsync(site, row.Id, r => r.Status == OutboxStatus.Failed);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("not a valid email address", failed.LastError);
    }

    [Fact]
    public async Task Without_an_SMTP_host_the_email_is_written_to_the_pickup_folder_as_an_eml_file()
    {
        using var site = NewSite();
        site.Settings["Email:Smtp:Host"] = "";
        var to = UniqueAddress("pickup");

        var row = (await QueueAsync(site, to)).Single();

        await WaitForRowAsync(site, row.Id, r => r.Status == OutboxStatus.Sent && r.LockedBy is null);
        var folder = Path.Combine(site.DataDirectory, "mail");
        var file = Path.Combine(folder, PickupDirectoryMailTransport.FileNameFor(row.MessageId));
        Assert.True(File.Exists(file), $"{file} was not written.");
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal(row.MessageId, message.MessageId);
        Assert.Equal(to, message.To.Mailboxes.Single().Address);
        Assert.Equal("Pengumuman lomba 1", message.Subject);
        Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Contains("<b>Budi</b>", message.HtmlBody);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        Assert.Empty(site.Smtp.MessagesTo(to));
    }

    [Fact]
    public void A_bad_email_setting_stops_start_up_with_a_message_that_names_it()
    {
        using var site = NewSite();
        site.Settings["Email:Smtp:Port"] = "0";

        var error = Record.Exception(() => site.Services);

        Assert.NotNull(error);
        Assert.Contains("Email:Smtp:Port must be between 1 and 65535", error.ToString());
    }

    [Fact]
    public void A_bad_sender_address_stops_start_up_with_a_message_that_names_it()
    {
        using var site = NewSite();
        site.Settings["Email:FromAddress"] = "not an address";

        var error = Record.Exception(() => site.Services);

        Assert.NotNull(error);
        Assert.Contains("Email:FromAddress must be an email address", error.ToString());
    }
}
