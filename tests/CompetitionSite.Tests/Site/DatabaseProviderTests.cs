using System.Net;
using System.Text.Json;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using Microsoft.EntityFrameworkCore;

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
}
