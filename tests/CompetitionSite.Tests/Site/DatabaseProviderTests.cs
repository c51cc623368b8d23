using System.Net;
using System.Text.Json;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CompetitionSite.Tests.Site;

/// <summary>Database:Provider, each provider's migrations, and what start-up and /healthz say about the database.</summary>
public sealed class DatabaseProviderTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=:memory:")]
    [InlineData(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Database=never_opened")]
    public void Each_providers_migrations_hold_every_change_of_the_model(DatabaseProvider provider, string connectionString)
    {
        // Compares the model with the provider's migration snapshot; no database is opened.
        using var db = DataSetup.CreateContext(provider, connectionString);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model has changes that the {provider} migrations lack: add a migration for both providers " +
            $"(dotnet ef migrations add <Name> --context {provider}AppDbContext --output-dir Data/Migrations/{provider}).");
    }

    [Fact]
    public void A_wrong_provider_name_stops_start_up_with_a_message_that_names_the_setting()
    {
        using var site = new SiteFactory();
        site.Settings["Database:Provider"] = "MySql";

        var error = Record.Exception(() => site.Services);

        Assert.NotNull(error);
        Assert.Contains("Database:Provider must be Sqlite or PostgreSql (it is \"MySql\")", error.ToString());
    }

    [Fact]
    public void PostgreSql_without_a_connection_string_stops_start_up_with_a_message_that_names_the_setting()
    {
        using var site = new SiteFactory();
        site.Settings["Database:Provider"] = "PostgreSql";
        site.Settings["Database:ConnectionString"] = "";

        var error = Record.Exception(() => site.Services);

        Assert.NotNull(error);
        Assert.Contains("Database:ConnectionString must be set when Database:Provider is PostgreSql", error.ToString());
    }

    [Fact]
    public void An_unreachable_PostgreSql_server_stops_start_up_with_a_message_that_names_the_setting()
    {
        using var site = new SiteFactory();
        site.Settings["Database:Provider"] = "PostgreSql";
        site.Settings["Database:ConnectionString"] =
            $"Host=127.0.0.1;Port={SmtpTestServer.FreePort()};Database=competitionsite;Username=site;Password=secret-word;Timeout=3";

        var error = Record.Exception(() => site.Services);

        Assert.NotNull(error);
        Assert.Contains("Database:ConnectionString: the PostgreSql database could not be reached or opened", error.ToString());
        Assert.DoesNotContain("secret-word", error.Message);
    }

    [Fact]
    public async Task Healthz_reports_the_database_and_its_provider()
    {
        using var site = new SiteFactory();

        var response = await site.CreateBrowser().GetAsync("/healthz");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var database = json.RootElement.GetProperty("checks").GetProperty("database");
        Assert.Equal("Healthy", database.GetProperty("status").GetString());
        Assert.Equal(TestDatabase.Provider.ToString(), database.GetProperty("provider").GetString());
    }

    [Fact]
    public async Task The_site_runs_on_the_provider_the_setting_names()
    {
        using var site = new SiteFactory();

        var isNpgsql = await site.WithDbAsync(db => Task.FromResult(db.Database.IsNpgsql()));

        Assert.Equal(TestDatabase.IsPostgreSql, isNpgsql);
    }

    [OnPostgreSqlFact]
    public async Task A_site_that_starts_while_another_instance_migrates_waits_for_it_longer_than_one_command_may_take()
    {
        // Stop 24's CI: three instances started at once on a busy machine, the first migrated for over 30 s, and the
        // others' wait for the migration lock ran out like any command's (30 s), so they exited at start.
        using var site = new SiteFactory();
        var connection = new NpgsqlConnectionStringBuilder(site.Settings["Database:ConnectionString"]) { CommandTimeout = 3 };
        site.Settings["Database:ConnectionString"] = connection.ConnectionString;
        await using (var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await server.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE \"{connection.Database}\"", server).ExecuteNonQueryAsync();
        }

        // Another instance holds the migration lock (advisory locks belong to one database: this one).
        await using var other = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Pooling = false }.ConnectionString);
        await other.OpenAsync();
        await new NpgsqlCommand($"SELECT pg_advisory_lock({DataSetup.MigrationLockKey})", other).ExecuteNonQueryAsync();

        var starting = Task.Run(() => site.Services);
        await WaitUntilAsync(async () => await WaitersForTheLockAsync(other) > 0 || starting.IsCompleted);
        Assert.False(starting.IsCompleted, $"The site did not wait for the migration lock: {starting.Exception}");

        // Longer than one command may take (3 s here): the waiting site must still be waiting, not failed.
        await Task.Delay(TimeSpan.FromSeconds(connection.CommandTimeout + 2));
        Assert.False(starting.IsCompleted, $"The site stopped waiting for the migration lock: {starting.Exception}");
        Assert.Equal(1, await WaitersForTheLockAsync(other));

        await new NpgsqlCommand($"SELECT pg_advisory_unlock({DataSetup.MigrationLockKey})", other).ExecuteNonQueryAsync();
        await starting.WaitAsync(TimeSpan.FromMinutes(3));
        var response = await site.CreateBrowser().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<long> WaitersForTheLockAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        // A wait for a condition, bounded generously for a busy machine.
        var until = DateTime.UtcNow.AddMinutes(2);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "The site never reached the migration lock.");
            await Task.Delay(50);
        }
    }
}
