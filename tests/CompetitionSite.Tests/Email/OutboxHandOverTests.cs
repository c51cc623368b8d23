using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Email;
using SmtpServer.Protocol;
using static CompetitionSite.Tests.Email.OutboxTestKit;

namespace CompetitionSite.Tests.Email;

/// <summary>
/// Over SMTP a message is recorded as handed over when it has been written and before the end of its data, and as Sent
/// after the server's reply: a crash between the two leaves it handed over, and it is sent again (OutboxCrashTests). A
/// refusal at the end of the data puts it back. Each test has its own server.
/// </summary>
public sealed class OutboxHandOverTests
{
    [Fact]
    public async Task The_message_is_recorded_as_handed_over_when_the_server_takes_it_and_as_sent_after_its_reply()
    {
        using var smtp = new SmtpTestServer();
        using var site = NewSite(smtp);
        var to = UniqueAddress("serah");
        var statusWhenTaken = new List<(OutboxStatus Status, DateTime? HandedOverAt, DateTime? SentAt, string? LockedBy)>();
        smtp.BeforeAccept = async message =>
        {
            if (message.To.Mailboxes.Any(m => m.Address == to))
            {
                var row = (await RowsToAsync(site, to)).Single(r => "<" + r.MessageId + ">" == "<" + message.MessageId + ">");
                lock (statusWhenTaken)
                {
                    statusWhenTaken.Add((row.Status, row.HandedOverAt, row.SentAt, row.LockedBy));
                }
            }
        };

        var rows = await QueueAsync(site, to, count: 3);

        var sent = await WaitUntilAllSentAsync(site, to, 3);
        Assert.Equal(3, statusWhenTaken.Count);
        Assert.All(statusWhenTaken, s =>
        {
            Assert.Equal(OutboxStatus.Pending, s.Status); // not Sent before the server's reply
            Assert.NotNull(s.HandedOverAt);
            Assert.Null(s.SentAt);
            Assert.NotNull(s.LockedBy); // still held by its sender
        });
        Assert.All(sent, r =>
        {
            Assert.Equal(1, r.Attempts);
            Assert.Equal(0, r.Repeats);
            Assert.NotNull(r.SentAt);
        });
        Assert.Equal(rows.Select(r => r.MessageId).Order(), smtp.MessagesTo(to).Select(m => m.MessageId).Order());
    }

    [Fact]
    public async Task A_temporary_refusal_at_the_end_of_the_data_puts_the_message_back_and_it_is_delivered_once_later()
    {
        using var smtp = new SmtpTestServer { RejectDataWith = (SmtpReplyCode)451 };
        using var site = NewSite(smtp);
        var to = UniqueAddress("tunda");

        var row = (await QueueAsync(site, to)).Single();

        var refused = await WaitForRowAsync(site, row.Id, r => r.Attempts >= 1 && r.LastError != null && r.LockedBy == null);
        Assert.Equal(OutboxStatus.Pending, refused.Status);
        Assert.Null(refused.SentAt);
        Assert.Null(refused.HandedOverAt); // the server answered: it does not have the message
        Assert.Contains("451", refused.LastError);
        Assert.Empty(smtp.MessagesTo(to));

        smtp.RejectDataWith = null;
        var sent = await WaitForRowAsync(site, row.Id, r => r.Status == OutboxStatus.Sent && r.LockedBy is null, TimeSpan.FromSeconds(15));
        Assert.NotNull(sent.SentAt);
        Assert.True(sent.Attempts >= 2);
        Assert.Equal(0, sent.Repeats); // refused, not repeated
        await Task.Delay(300);
        Assert.Equal(row.MessageId, Assert.Single(smtp.MessagesTo(to)).MessageId);
    }

    [Fact]
    public async Task A_permanent_refusal_at_the_end_of_the_data_marks_the_message_failed_not_sent()
    {
        using var smtp = new SmtpTestServer { RejectDataWith = (SmtpReplyCode)554 };
        using var site = NewSite(smtp);
        var to = UniqueAddress("tolak");

        var row = (await QueueAsync(site, to)).Single();

        var failed = await WaitForRowAsync(site, row.Id, r => r.Status == OutboxStatus.Failed);
        Assert.Null(failed.SentAt);
        Assert.Null(failed.HandedOverAt);
        Assert.Null(failed.LockedBy);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("554", failed.LastError);
        Assert.Empty(smtp.MessagesTo(to));
    }
}
