using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static CompetitionSite.Tests.Email.OutboxTestKit;

namespace CompetitionSite.Tests.Email;

/// <summary>The migration that moves the outbox's bodies into a table of their own keeps every queued message whole.</summary>
[Trait("Database", "SqliteOnly")]
public sealed class OutboxMigrationTests
{
    [Fact]
    public async Task Messages_queued_before_the_bodies_moved_keep_their_bodies_and_are_still_sent()
    {
        using var site = NewSite();
        var to = UniqueAddress("lama");
        var id = Guid.NewGuid();
        var html = "<p>Halo <b>Sari</b> — hasil “lomba” &amp; sertifikat</p>" + new string('x', 6000);
        var text = "Halo Sari,\n\nhasil lomba." + new string('y', 3000);

        // A database as it was before the change, with one message waiting in it.
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(site.Settings["Database:ConnectionString"]).Options;
        await using (var before = new SqliteAppDbContext(options))
        {
            await before.GetService<IMigrator>().MigrateAsync("20261127221002_AddResults");
            await before.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"OutboxMessages\" (\"Id\", \"MessageId\", \"ToAddress\", \"ToName\", \"Subject\", \"HtmlBody\", \"TextBody\", " +
                "\"Culture\", \"Kind\", \"CreatedAt\", \"Status\", \"Attempts\", \"NextAttemptAt\") " +
                "VALUES ({0}, {1}, {2}, 'Sari', 'Hasil lomba', {3}, {4}, 'id', 'results.result', {5}, 0, 0, {5})",
                id, $"{id:N}@test.local", to, html, text, DateTime.UtcNow.AddMinutes(-1));
            Assert.Equal(["OutboxMessages"], await TablesAsync(before, "Outbox%"));
        }

        // The site migrates it at start, and its dispatcher sends the message.
        _ = site.Services;
        var received = await site.Smtp.WaitForMessageAsync(to, timeout: TimeSpan.FromSeconds(15));
        Assert.Equal($"<{id:N}@test.local>", "<" + received.MessageId + ">");
        Assert.Equal(text, received.TextBody?.TrimEnd('\r', '\n').Replace("\r\n", "\n"));
        Assert.Contains("<b>Sari</b>", received.HtmlBody);
        var row = await WaitForRowAsync(site, id, r => r.Status == OutboxStatus.Sent && r.LockedBy is null);
        Assert.Equal(html, row.HtmlBody);
        Assert.Equal(text, row.TextBody);

        await using var after = new SqliteAppDbContext(options);
        Assert.Equal(["OutboxMessageBodies", "OutboxMessages"], await TablesAsync(after, "Outbox%"));
        Assert.DoesNotContain("HtmlBody", await ColumnsAsync(after, "OutboxMessages"));
    }

    private static async Task<List<string>> TablesAsync(AppDbContext db, string like) =>
        await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name LIKE {0} ORDER BY name", like).ToListAsync();

    private static async Task<List<string>> ColumnsAsync(AppDbContext db, string table) =>
        await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM pragma_table_info({0})", table).ToListAsync();
}
