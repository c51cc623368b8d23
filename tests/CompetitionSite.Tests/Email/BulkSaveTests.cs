using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CompetitionSite.Tests.Email.OutboxTestKit;

namespace CompetitionSite.Tests.Email;

/// <summary>The prepared-INSERT save a large publication uses, and the SQLite connection settings it relies on.</summary>
public sealed class BulkSaveTests
{
    [Fact]
    [Trait("Database", "SqliteOnly")]
    public async Task Every_connection_the_site_opens_syncs_normally()
    {
        using var site = NewSite();
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA synchronous;";
        Assert.Equal(1L, await command.ExecuteScalarAsync()); // 1 = NORMAL (2 = FULL, the default)
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Rows_written_by_the_bulk_save_read_back_as_saved_and_are_sent_once_each()
    {
        using var site = NewSite();
        var to = UniqueAddress("bulk");
        List<OutboxMessage> queued;
        int written;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<IEmailOutbox>();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            queued = Enumerable.Range(1, BulkSave.Threshold + 20)
                .Select(i => outbox.Enqueue(new EmailMessage(to, $"Siswa {i}", $"Hasil lomba {i}", $"<p>Halo “{i}” &amp; ü</p>",
                    $"Halo {i}", i % 2 == 0 ? "en" : "id", "results.result")))
                .ToList();
            written = await BulkSave.SaveChangesAsync(db, [typeof(OutboxMessage)], CancellationToken.None);
            Assert.Empty(db.ChangeTracker.Entries<OutboxMessage>());
        }

        Assert.Equal(queued.Count, written);
        var saved = (await RowsToAsync(site, to)).ToDictionary(r => r.Id);
        Assert.Equal(queued.Count, saved.Count);
        foreach (var q in queued)
        {
            var s = saved[q.Id];
            Assert.Equal((q.MessageId, q.ToName, q.Subject, q.HtmlBody, q.TextBody, q.Culture, q.Kind),
                (s.MessageId, s.ToName, s.Subject, s.HtmlBody, s.TextBody, s.Culture, s.Kind));
            // To the microsecond: PostgreSQL keeps microseconds (SQLite all of .NET's ticks).
            Assert.Equal(Microseconds(q.CreatedAt), Microseconds(s.CreatedAt));
            Assert.Equal(Microseconds(q.NextAttemptAt), Microseconds(s.NextAttemptAt));
        }

        // The dispatcher's claim (status, due time, lease) finds them: each arrives exactly once.
        await WaitUntilAllSentAsync(site, to, queued.Count, TimeSpan.FromSeconds(30));
        var received = site.Smtp.MessagesTo(to);
        Assert.Equal(queued.Select(q => q.MessageId).Order(), received.Select(m => m.MessageId).Order());
    }

    [Fact]
    public async Task More_rows_than_one_insert_takes_are_all_written_with_their_values()
    {
        // On PostgreSQL one INSERT takes up to 1,000 rows: 2,345 rows are three statements, the last a shorter one.
        using var site = NewSite();
        var to = UniqueAddress("bulkmany");
        List<OutboxMessage> queued;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<IEmailOutbox>();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            queued = Enumerable.Range(1, 2_345)
                .Select(i => i % 3 == 0
                    ? outbox.Enqueue(new TemplatedEmail(to, $"Siswa {i}", $"Hasil {i}", "en", "results.result", "results.result", $"{{\"Entry\":{i},\"Certificates\":[]}}"))
                    : outbox.Enqueue(new EmailMessage(to, $"Siswa {i}", $"Hasil {i}", $"<p>{i}</p>", $"{i}", "id", "results.result")))
                .ToList();
            foreach (var row in queued)
            {
                row.Status = OutboxStatus.Sent; // not for the dispatcher
            }

            Assert.Equal(queued.Count, await BulkSave.SaveChangesAsync(db, [typeof(OutboxMessage)], CancellationToken.None));
        }

        var saved = (await RowsToAsync(site, to)).ToDictionary(r => r.Id);
        Assert.Equal(queued.Count, saved.Count);
        Assert.All(queued, q => Assert.Equal(
            (q.MessageId, q.ToName, q.Subject, q.HtmlBody, q.TextBody, q.Culture, q.Template, q.TemplateData, q.Status),
            (saved[q.Id].MessageId, saved[q.Id].ToName, saved[q.Id].Subject, saved[q.Id].HtmlBody, saved[q.Id].TextBody, saved[q.Id].Culture,
                saved[q.Id].Template, saved[q.Id].TemplateData, saved[q.Id].Status)));
    }

    [Fact]
    public async Task A_row_that_cannot_be_written_fails_the_whole_save_as_SaveChanges_would()
    {
        using var site = NewSite();
        var to = UniqueAddress("bulkfail");
        var existing = (await QueueAsync(site, to)).Single();
        await using var scope = site.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IEmailOutbox>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        for (var i = 0; i < BulkSave.Threshold + 5; i++)
        {
            outbox.Enqueue(new EmailMessage(to, "Siswa", $"Hasil {i}", "<p>x</p>", "x", "id", "results.result"));
        }

        db.OutboxMessages.Add(new OutboxMessage { Id = existing.Id, MessageId = "dup@example.test", ToAddress = to, Kind = "test" });

        await Assert.ThrowsAsync<DbUpdateException>(() => BulkSave.SaveChangesAsync(db, [typeof(OutboxMessage)], CancellationToken.None));
        Assert.Single(await RowsToAsync(site, to));
    }

    private static DateTime Microseconds(DateTime t) => new(t.Ticks - (t.Ticks % 10), t.Kind);
}
