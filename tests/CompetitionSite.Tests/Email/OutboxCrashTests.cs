using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Email;
using Microsoft.EntityFrameworkCore;
using static CompetitionSite.Tests.Email.OutboxTestKit;

namespace CompetitionSite.Tests.Email;

/// <summary>
/// A sender killed (SIGKILL) after the SMTP server has the whole message and before the server's reply reaches it: the
/// message is sent again by another instance once the lease has run out, with the same Message-ID, exactly once more
/// (at least once, never lost: decision 0004). The site that dies runs as a process of its own, so nothing of it runs
/// after the kill; the test server holds its reply until the process is gone, so the kill lands in that window every time.
/// </summary>
[LongRunning]
public sealed class OutboxCrashTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cs-tests", "crash-" + Guid.NewGuid().ToString("N"));
    private readonly string _database;

    public OutboxCrashTests()
    {
        Directory.CreateDirectory(_folder);
        _database = TestDatabase.NewConnectionString(_folder);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (TestDatabase.IsPostgreSql)
        {
            TestDatabase.Drop(_database);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task A_message_whose_sender_was_killed_before_the_servers_reply_is_sent_again_once_with_the_same_message_id()
    {
        using var smtp = new SmtpTestServer();
        var to = UniqueAddress("putus");
        var row = await QueueDirectlyAsync(to);
        var dataArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        smtp.BeforeAccept = async message =>
        {
            if (message.To.Mailboxes.Any(m => m.Address == to) && dataArrived.TrySetResult())
            {
                // The server has the whole message (its end-of-data mark came); its reply waits until the sender is dead.
                await reply.Task.WaitAsync(TimeSpan.FromMinutes(2));
            }
        };

        OutboxMessage left;
        using (var first = await SiteProcess.StartAsync(new Dictionary<string, string>
        {
            ["Database:Provider"] = TestDatabase.Provider.ToString(),
            ["Database:ConnectionString"] = _database,
            ["Storage:Local:Root"] = Path.Combine(_folder, "files"),
            ["Email:PickupDirectory"] = Path.Combine(_folder, "mail"),
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.Port.ToString(),
            ["Email:Smtp:DisablePipelining"] = "true",
            ["Email:Smtp:Connections"] = "1",
            ["Email:DispatchIntervalSeconds"] = "0.2",
            ["Reminders:Enabled"] = "false",
        }))
        {
            await dataArrived.Task.WaitAsync(TimeSpan.FromMinutes(2));
            first.Kill();
            reply.SetResult();
            left = await RowAsync(row.Id);
        }

        // As the crash left it: handed over, never confirmed, still under the dead sender's lease (5 minutes by default).
        Assert.Equal(OutboxStatus.Pending, left.Status);
        Assert.NotNull(left.HandedOverAt);
        Assert.NotNull(left.LockedBy);
        Assert.True(left.LockedUntil > DateTime.UtcNow, "The dead sender's lease should still be running.");
        Assert.Equal(0, left.Repeats);

        using var second = NewSite(smtp);
        second.Settings["Database:ConnectionString"] = _database;
        var organizer = UniqueAddress("panitia");
        await second.CreateUserAsync(organizer, [Roles.Organizer], "Panitia Lomba");
        var browser = second.CreateBrowser();
        await browser.LogInAsync(organizer);
        var (response, waiting) = await browser.GetPageAsync("/admin/outbox");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Sudah diserahkan, belum dikonfirmasi: akan dikirim lagi", waiting.MainText());

        // The lease runs out (moved to the past rather than waited for).
        await ExpireLeaseAsync(row.Id);

        var sent = await WaitForRowAsync(second, row.Id, r => r.Status == OutboxStatus.Sent && r.LockedBy is null, TimeSpan.FromSeconds(30));
        Assert.Equal(1, sent.Repeats);
        Assert.Equal(1, sent.Attempts);
        Assert.NotNull(sent.SentAt);

        // The server stored the first copy (it had the whole message) before the second was sent and recorded as Sent.
        var copies = smtp.MessagesTo(to);
        Assert.Equal(2, copies.Count);
        Assert.All(copies, copy => Assert.Equal(row.MessageId, copy.MessageId));

        var (_, after) = await browser.GetPageAsync("/admin/outbox");
        var text = after.MainText();
        Assert.Contains("Dikirim lagi 1× setelah penyerahan yang belum dikonfirmasi", text);
        Assert.Contains("1 pengiriman mengulang email", text);
        Assert.DoesNotContain("belum dikonfirmasi: akan dikirim lagi", text);
    }

    private AppDbContext Open() => DataSetup.CreateContext(TestDatabase.Provider, _database);

    /// <summary>A due message in a freshly migrated database, written the way a use case's SaveChanges writes it.</summary>
    private async Task<OutboxMessage> QueueDirectlyAsync(string to)
    {
        await using var db = Open();
        await DataSetup.MigrateAsync(db);
        var id = Guid.NewGuid();
        var now = DateTime.UtcNow;
        var row = new OutboxMessage
        {
            Id = id,
            MessageId = $"{id:N}@competitionsite.local",
            ToAddress = to,
            ToName = "Siti",
            Subject = "Hasil lomba",
            HtmlBody = "<p>Hasil lomba</p>",
            TextBody = "Hasil lomba",
            Culture = "id",
            Kind = "test.message",
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.OutboxMessages.Add(row);
        await db.SaveChangesAsync();
        return row;
    }

    private async Task<OutboxMessage> RowAsync(Guid id)
    {
        await using var db = Open();
        return await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    private async Task ExpireLeaseAsync(Guid id)
    {
        await using var db = Open();
        var past = DateTime.UtcNow.AddSeconds(-1);
        await db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, past));
    }
}
