using CompetitionSite.Web.Data;
using Npgsql;

namespace CompetitionSite.Tests.Support;

/// <summary>
/// The database the integration tests run on. By default a SQLite file per site. With <c>CS_TEST_DATABASE=PostgreSql</c>
/// and <c>CS_TEST_POSTGRESQL</c> (a connection string to a throwaway server without a database name, as test.sh sets
/// them) each site gets a database of its own on that server, created by the site's migrations and dropped when the
/// site is disposed.
/// </summary>
public static class TestDatabase
{
    public const string ProviderVariable = "CS_TEST_DATABASE";
    public const string ServerVariable = "CS_TEST_POSTGRESQL";

    public static DatabaseProvider Provider { get; } =
        string.Equals(Environment.GetEnvironmentVariable(ProviderVariable), nameof(DatabaseProvider.PostgreSql), StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.PostgreSql
            : DatabaseProvider.Sqlite;

    public static bool IsPostgreSql => Provider == DatabaseProvider.PostgreSql;

    /// <summary>The throwaway PostgreSQL server (no database named), or null when none was given.</summary>
    public static string? PostgreSqlServer { get; } = Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server ? server : null;

    /// <summary>A new, empty database of the provider the tests run on: a SQLite file in <paramref name="folder"/>, or a new PostgreSQL database.</summary>
    public static string NewConnectionString(string folder) => IsPostgreSql
        ? NewPostgreSqlDatabase()
        : $"Data Source={Path.Combine(folder, "site.db")}";

    /// <summary>The connection string of a database (to be created by migrating) on the throwaway PostgreSQL server.</summary>
    public static string NewPostgreSqlDatabase()
    {
        var server = PostgreSqlServer
            ?? throw new InvalidOperationException($"{ServerVariable} is not set: run the tests through ./test.sh, which starts a PostgreSQL server.");
        return new NpgsqlConnectionStringBuilder(server) { Database = "cs_" + Guid.NewGuid().ToString("N") }.ConnectionString;
    }

    /// <summary>Drops a PostgreSQL database made by <see cref="NewPostgreSqlDatabase"/> (and closes the site's pooled connections to it).</summary>
    public static void Drop(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = builder.Database;
        if (name is null || !name.StartsWith("cs_", StringComparison.Ordinal))
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        builder.Database = "postgres";
        builder.Pooling = false;
        try
        {
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
            command.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // The server is gone already (test.sh stops it at the end): the cluster's folder goes with it.
        }
    }
}

/// <summary>A test that needs the throwaway PostgreSQL server: skipped, saying why, when the tests were not started by test.sh.</summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute()
    {
        if (TestDatabase.PostgreSqlServer is null)
        {
            Skip = $"needs a PostgreSQL server ({TestDatabase.ServerVariable}); ./test.sh starts one";
        }
    }
}

/// <summary>A test of what the site does on PostgreSQL only (e.g. its row locks): skipped in the SQLite pass, saying why.</summary>
public sealed class OnPostgreSqlFactAttribute : FactAttribute
{
    public OnPostgreSqlFactAttribute()
    {
        if (!TestDatabase.IsPostgreSql)
        {
            Skip = $"runs in the PostgreSQL pass only ({TestDatabase.ProviderVariable}=PostgreSql)";
        }
    }
}
