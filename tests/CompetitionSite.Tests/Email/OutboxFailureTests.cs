using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Email;
using SmtpServer.Protocol;
using static CompetitionSite.Tests.Email.OutboxTestKit;

namespace CompetitionSite.Tests.Email;

/// <summary>Outages and refusals. Each test has its own SMTP server, so stopping it bothers no other test.</summary>
public sealed class OutboxFailureTests
{
    [Fact]
    public async Task The_outbox_survives_an_SMTP_outage_and_delivers_each_message_once_afterwards()
    {
        using var smtp = new SmtpTestServer();
        using var site = NewSite(smtp);
        var to = UniqueAddress("outage");
        var before = (await QueueAsync(site, to)).Single();
        await WaitForRowAsync(site, before.Id, r => r.Status == OutboxStatus.Sent && r.LockedBy is null);

        smtp.Stop();
        var during = (await QueueAsync(site, to)).Single();
        var waiting = await WaitForRowAsync(site, during.Id, r => r.Attempts >= 2);
        Assert.Equal(OutboxStatus.Pending, waiting.Status);
        Assert.False(string.IsNullOrEmpty(waiting.LastError));
        Assert.Single(smtp.MessagesTo(to));

        smtp.Start();
        var sent = await WaitForRowAsync(site, during.Id, r => r.Status == OutboxStatus.Sent && r.LockedBy is null);

        Assert.NotNull(sent.SentAt);
        await Task.Delay(300);
        var received = smtp.MessagesTo(to);
        Assert.Equal(2, received.Count);
        Assert.Single(received, m => m.MessageId == during.MessageId);
        Assert.Single(received, m => m.MessageId == before.MessageId);
    }

    [Fact]
    public async Task A_permanent_refusal_marks_the_message_failed_with_the_servers_reply_and_it_is_not_retried()
    {
        using var smtp = new SmtpTestServer { RejectWith = (SmtpReplyCode)550 };
        using var site = NewSite(smtp);
        var to = UniqueAddress("refused");

        var row = (await QueueAsync(site, to)).Single();

        var failed = await WaitForRowAsync(site, row.Id, r => r.Status == OutboxStatus.Failed);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("550", failed.LastError);
        Assert.Contains("rejected by the test", failed.LastError);

        smtp.RejectWith = null;
        await Task.Delay(1000);
        var later = await RowAsync(site, row.Id);
        Assert.Equal(OutboxStatus.Failed, later.Status);
        Assert.Equal(1, later.Attempts);
        Assert.Empty(smtp.MessagesTo(to));
    }

    [Fact]
    public async Task A_temporary_refusal_is_retried_and_the_message_is_delivered_once_the_server_accepts_it()
    {
        using var smtp = new SmtpTestServer { RejectWith = (SmtpReplyCode)450 };
        using var site = NewSite(smtp);
        var to = UniqueAddress("busy");

        var row = (await QueueAsync(site, to)).Single();

        var retrying = await WaitForRowAsync(site, row.Id, r => r.Attempts >= 2);
        Assert.Equal(OutboxStatus.Pending, retrying.Status);
        Assert.Contains("450", retrying.LastError);
        Assert.Empty(smtp.MessagesTo(to));

        smtp.RejectWith = null;
        var sent = await WaitForRowAsync(site, row.Id, r => r.Status == OutboxStatus.Sent && r.LockedBy is null);

        Assert.True(sent.Attempts >= 3);
        await Task.Delay(300);
        var received = Assert.Single(smtp.MessagesTo(to));
        Assert.Equal(row.MessageId, received.MessageId);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_given_up_after_the_maximum_number_of_attempts()
    {
        using var smtp = new SmtpTestServer();
        smtp.Stop();
        using var site = NewSite(smtp);
        site.Settings["Email:MaxAttempts"] = "3";
        var to = UniqueAddress("gone");

        var row = (await QueueAsync(site, to)).Single();

        var failed = await WaitForRowAsync(site, row.Id, r => r.Status == OutboxStatus.Failed);
        Assert.Equal(3, failed.Attempts);
        Assert.Contains("Could not connect", failed.LastError);
    }
}
