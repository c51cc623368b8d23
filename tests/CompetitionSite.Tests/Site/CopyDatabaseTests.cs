using System.Net;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Data.Copying;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Features.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using Xunit.Abstractions;

namespace CompetitionSite.Tests.Site;

/// <summary>
/// `copy-database` moves a seeded SQLite site into an empty PostgreSQL database: every table's count and checksum equal,
/// and on PostgreSQL the same accounts log in, certificates download, and a link emailed before the move still works
/// (the Data Protection keys came along). A target that is not empty is refused and left as it was. It is about
/// leaving SQLite, so it runs in the SQLite pass only, against test.sh's PostgreSQL server.
/// </summary>
[Trait("Database", "SqliteOnly")]
[LongRunning]
public sealed class CopyDatabaseTests(ITestOutputHelper output) : IDisposable
{
    private readonly List<string> _databases = [];

    [PostgreSqlFact]
    public async Task A_seeded_demo_moves_to_PostgreSql_whole_and_the_site_works_there()
    {
        // A copy of the demo that seed-demo made on SQLite (seeded once for the test process: see SeededDemo).
        using var sqlite = new SiteFactory();
        await SeededDemo.CopyIntoAsync(sqlite);
        sqlite.CreateBrowser();

        // A demo student with a certificate asks for a password reset on SQLite: the emailed link is protected with the
        // site's Data Protection keys, which live in the database.
        var (email, number) = await sqlite.WithDbAsync(db => (
            from c in db.Certificates
            join p in db.Participants on c.ParticipantId equals p.Id
            join u in db.Users on p.UserId equals u.Id
            where c.RevokedAt == null
            orderby c.Number
            select new ValueTuple<string, string>(u.Email!, c.Number)).FirstAsync());
        await sqlite.CreateBrowser().SubmitFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = email });
        // The demo's own emails to this student (entry receipts) may still be arriving: wait for the one with the link.
        var resetEmail = await sqlite.Smtp.WaitForMessageAsync(email, m => (m.HtmlBody ?? m.TextBody ?? "").Contains("/account/reset-password", StringComparison.Ordinal));
        var resetLink = Support.Accounts.LinkIn(resetEmail, "/account/reset-password");
        await WaitUntilOutboxIsIdleAsync(sqlite);

        var target = NewDatabase();
        var printed = new StringWriter();
        var code = await CopyDatabaseCommand.RunAsync(sqlite.Services, ["copy-database", "--to-provider", "PostgreSql", "--to", target], printed);
        output.WriteLine(printed.ToString());
        Assert.Equal(0, code);

        // Every table of the model is printed with its count and checksum, each equal to the source's.
        await using (var source = DataSetup.CreateContext(DatabaseProvider.Sqlite, sqlite.Settings["Database:ConnectionString"]!))
        await using (var copied = DataSetup.CreateContext(DatabaseProvider.PostgreSql, target))
        {
            foreach (var table in DatabaseCopy.Tables(source))
            {
                var (rows, sum) = await DatabaseCopy.ChecksumAsync(source, table, default);
                var (copiedRows, copiedSum) = await DatabaseCopy.ChecksumAsync(copied, copied.Model.GetRelationalModel().FindTable(table.Name, table.Schema)!, default);
                Assert.Equal((rows, sum), (copiedRows, copiedSum));
                Assert.Matches($@"(?m)^{table.Name}\s+{rows}\s+{sum}\s+equal$", printed.ToString());
            }

            Assert.True(await copied.Users.CountAsync() > 200);
            Assert.True(await copied.DataProtectionKeys.CountAsync() > 0);
            Assert.Equal(await source.AuditEvents.CountAsync(), await copied.AuditEvents.CountAsync());
            Assert.Equal(
                await source.OutboxMessages.Where(m => m.Status == OutboxStatus.Sent).CountAsync(),
                await copied.OutboxMessages.Where(m => m.Status == OutboxStatus.Sent).CountAsync());
        }

        // A second copy into the now filled database is refused and changes nothing.
        var again = new StringWriter();
        Assert.Equal(1, await CopyDatabaseCommand.RunAsync(sqlite.Services, ["copy-database", "--to-provider", "PostgreSql", "--to", target], again));
        Assert.Contains("is not empty", again.ToString());

        // The site on PostgreSQL, with the same file store.
        using var postgres = new SiteFactory();
        postgres.Settings["Database:Provider"] = "PostgreSql";
        postgres.Settings["Database:ConnectionString"] = target;
        postgres.Settings["Storage:Local:Root"] = sqlite.Settings["Storage:Local:Root"];

        var student = postgres.CreateBrowser();
        var login = await student.LogInAsync(email, DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.DoesNotContain("/account/login", login.RedirectPath());
        var pdf = await student.GetAsync($"/sertifikat/{number}/pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal("%PDF"u8.ToArray(), (await pdf.Content.ReadAsByteArrayAsync())[..4]);

        // The link emailed before the move works after it, once.
        var visitor = postgres.CreateBrowser();
        var (resetPage, resetDocument) = await visitor.GetPageAsync(resetLink);
        Assert.Equal(HttpStatusCode.OK, resetPage.StatusCode);
        Assert.NotNull(resetDocument.QuerySelector("input[name=Password]"));
        const string newPassword = "Pindah-ke-Postgres-2026!";
        var reset = await visitor.SubmitFormAsync(resetLink, new Dictionary<string, string> { ["Password"] = newPassword, ["ConfirmPassword"] = newPassword });
        Assert.True(reset.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"reset answered {(int)reset.StatusCode}");
        var relogin = await postgres.CreateBrowser().LogInAsync(email, newPassword);
        Assert.Equal(HttpStatusCode.Redirect, relogin.StatusCode);
        Assert.DoesNotContain("/account/login", relogin.RedirectPath());

        // New rows get new ids after the copied ones (the identity sequences went on from the copied keys).
        var maxAudit = await postgres.WithDbAsync(db => db.AuditEvents.MaxAsync(a => a.Id));
        Assert.True(maxAudit > 0);
    }

    [PostgreSqlFact]
    public async Task A_target_that_is_not_empty_is_refused_and_left_as_it_was()
    {
        using var sqlite = new SiteFactory();
        sqlite.Settings["Database:Provider"] = "Sqlite";
        sqlite.Settings["Database:ConnectionString"] = $"Data Source={Path.Combine(sqlite.DataDirectory, "site.db")}";
        sqlite.CreateBrowser();

        var target = NewDatabase();
        var builder = new NpgsqlConnectionStringBuilder(target);
        var database = builder.Database!;
        builder.Database = "postgres";
        await using (var server = new NpgsqlConnection(builder.ConnectionString))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", server);
            await create.ExecuteNonQueryAsync();
        }

        await using (var connection = new NpgsqlConnection(target))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CREATE TABLE notes (id int); INSERT INTO notes VALUES (1), (2);", connection);
            await command.ExecuteNonQueryAsync();
        }

        var printed = new StringWriter();
        var code = await CopyDatabaseCommand.RunAsync(sqlite.Services, ["copy-database", "--to-provider", "PostgreSql", "--to", target], printed);

        Assert.Equal(1, code);
        Assert.Contains("not empty", printed.ToString());
        Assert.Contains("notes", printed.ToString());
        await using (var connection = new NpgsqlConnection(target))
        {
            await connection.OpenAsync();
            await using var tables = new NpgsqlCommand("SELECT string_agg(table_name, ',') FROM information_schema.tables WHERE table_schema = 'public'", connection);
            Assert.Equal("notes", await tables.ExecuteScalarAsync());
            await using var rows = new NpgsqlCommand("SELECT COUNT(*) FROM notes", connection);
            Assert.Equal(2L, await rows.ExecuteScalarAsync());
        }
    }

    private string NewDatabase()
    {
        var database = TestDatabase.NewPostgreSqlDatabase();
        _databases.Add(database);
        return database;
    }

    /// <summary>Waits until the outbox has nothing left to send, so the copy sees it settled.</summary>
    private static async Task WaitUntilOutboxIsIdleAsync(SiteFactory site)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Status == OutboxStatus.Pending || m.LockedBy != null))
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        foreach (var database in _databases)
        {
            TestDatabase.Drop(database);
        }
    }
}
