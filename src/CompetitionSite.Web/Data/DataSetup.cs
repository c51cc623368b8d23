using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CompetitionSite.Web.Data;

/// <summary>The databases the site runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>A SQLite file: the default, for one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server: a managed database, or several instances of the site.</summary>
    PostgreSql,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (default) or <c>PostgreSql</c>; read as text so that a wrong name gets a message naming the setting.</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>
    /// SQLite: a connection string, empty for the embedded default (<c>data/competitionsite.db</c> under the content
    /// root; the folder is created if missing). PostgreSQL: an Npgsql connection string (<c>Host=…;Database=…;…</c>), required.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Seconds a command waits for a locked SQLite database before failing.</summary>
    [Range(1, 60, ErrorMessage = "Database:BusyTimeoutSeconds must be between 1 and 60.")]
    public int BusyTimeoutSeconds { get; set; } = 5;

    /// <summary>The provider named by <see cref="Provider"/>; null when it names none (the validator then stops start-up).</summary>
    public DatabaseProvider? Kind =>
        Enum.TryParse<DatabaseProvider>(Provider?.Trim(), ignoreCase: true, out var kind) && Enum.IsDefined(kind) ? kind : null;
}

/// <summary>A provider name that is not one of ours, or PostgreSQL without a usable connection string, stops start-up.</summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        switch (options.Kind)
        {
            case null:
                return ValidateOptionsResult.Fail(
                    $"Database:Provider must be {nameof(DatabaseProvider.Sqlite)} or {nameof(DatabaseProvider.PostgreSql)} (it is \"{options.Provider}\").");
            case DatabaseProvider.PostgreSql when string.IsNullOrWhiteSpace(options.ConnectionString):
                return ValidateOptionsResult.Fail(
                    "Database:ConnectionString must be set when Database:Provider is PostgreSql (e.g. \"Host=db;Database=competitionsite;Username=site;Password=…\").");
            case DatabaseProvider.PostgreSql:
                try
                {
                    _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
                }
                catch (ArgumentException e)
                {
                    // The message does not repeat the connection string (it may hold a password).
                    return ValidateOptionsResult.Fail($"Database:ConnectionString is not a valid PostgreSQL connection string ({e.Message}).");
                }

                return ValidateOptionsResult.Success;
            default:
                try
                {
                    _ = new SqliteConnectionStringBuilder(options.ConnectionString ?? "");
                }
                catch (ArgumentException e)
                {
                    return ValidateOptionsResult.Fail($"Database:ConnectionString is not a valid SQLite connection string ({e.Message}).");
                }

                return ValidateOptionsResult.Success;
        }
    }
}

public static class DataSetup
{
    /// <summary>Stateless: one instance for every context (EF then builds its internal service provider once).</summary>
    private static readonly SqliteConnectionSettings ConnectionSettings = new();

    /// <summary>
    /// <see cref="AppDbContext"/> on the configured database. Each provider has a context type of its own so that each
    /// has its own migrations (<c>Data/Migrations/Sqlite</c>, <c>Data/Migrations/PostgreSql</c>); the rest of the site
    /// asks for <see cref="AppDbContext"/> and gets the one <c>Database:Provider</c> names.
    /// </summary>
    public static IServiceCollection AddData(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        services.AddDbContext<SqliteAppDbContext>((sp, options) =>
        {
            var settings = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            ConfigureSqlite(options, BuildConnectionString(settings, environment.ContentRootPath));
            options.AddInterceptors(sp.GetServices<IInterceptor>());
        });
        services.AddDbContext<PostgreSqlAppDbContext>((sp, options) =>
        {
            var settings = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            ConfigurePostgreSql(options, settings.ConnectionString!);
            options.AddInterceptors(sp.GetServices<IInterceptor>());
        });
        services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Kind == DatabaseProvider.PostgreSql
            ? sp.GetRequiredService<PostgreSqlAppDbContext>()
            : sp.GetRequiredService<SqliteAppDbContext>());
        return services;
    }

    /// <summary>SQLite as the site uses it: <c>synchronous=NORMAL</c> on every connection (WAL is set after migrating).</summary>
    public static TBuilder ConfigureSqlite<TBuilder>(TBuilder options, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        options.UseSqlite(connectionString).AddInterceptors(ConnectionSettings);
        return options;
    }

    public static TBuilder ConfigurePostgreSql<TBuilder>(TBuilder options, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        options.UseNpgsql(connectionString);
        return options;
    }

    /// <summary>The options of a context of the given provider outside the site's container (copy-database, tests, tools).</summary>
    public static AppDbContext CreateContext(DatabaseProvider provider, string connectionString) => provider switch
    {
        DatabaseProvider.PostgreSql => new PostgreSqlAppDbContext(
            ConfigurePostgreSql(new DbContextOptionsBuilder<PostgreSqlAppDbContext>(), connectionString).Options),
        _ => new SqliteAppDbContext(ConfigureSqlite(new DbContextOptionsBuilder<SqliteAppDbContext>(), connectionString).Options),
    };

    public static string BuildConnectionString(DatabaseOptions settings, string contentRoot)
    {
        if (settings.Kind == DatabaseProvider.PostgreSql)
        {
            return settings.ConnectionString!;
        }

        SqliteConnectionStringBuilder builder;
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            var folder = Path.Combine(contentRoot, "data");
            Directory.CreateDirectory(folder);
            builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "competitionsite.db") };
        }
        else
        {
            builder = new SqliteConnectionStringBuilder(settings.ConnectionString);
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout: a few seconds, not the 30 s default.
        builder.DefaultTimeout = settings.BusyTimeoutSeconds;
        builder.Pooling = true;
        return builder.ToString();
    }

    /// <summary>
    /// Applies the provider's checked-in migrations (and switches SQLite to write-ahead logging). A database that
    /// cannot be reached stops start-up with a message naming the setting.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await MigrateAsync(db);
    }

    public static async Task MigrateAsync(AppDbContext db, CancellationToken ct = default)
    {
        var provider = db.Database.IsNpgsql() ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
        try
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.CloseConnectionAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // The server answers but the database does not exist yet: migrating creates it.
        }
        catch (Exception e) when ((e as DbException ?? e.InnerException as DbException) is { } cause)
        {
            // EF reports a failed connection as an InvalidOperationException around the provider's exception.
            throw new InvalidOperationException(
                $"Database:ConnectionString: the {provider} database could not be reached or opened ({cause.Message}). " +
                "Check Database:Provider and Database:ConnectionString.", e);
        }

        if (provider == DatabaseProvider.PostgreSql)
        {
            await MigratePostgreSqlAsync(db, ct);
            return;
        }

        await db.Database.MigrateAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }

    /// <summary>The advisory lock every instance takes to migrate a PostgreSQL database (a fixed key, the same in every version).</summary>
    public const long MigrationLockKey = 0x4353_4D49_4752_4154; // "CSMIGRAT"

    /// <summary>How long an instance waits for another one's migrations before it gives up starting.</summary>
    public static readonly TimeSpan MigrationLockPatience = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Several instances may start at once on one database (replicas of a new deployment): one creates the database
    /// (the others' "already exists" is no failure), then each migrates holding a session advisory lock, so the
    /// second finds the first's migrations applied instead of applying them again.
    /// </summary>
    private static async Task MigratePostgreSqlAsync(AppDbContext db, CancellationToken ct)
    {
        var creator = db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(ct))
        {
            try
            {
                await creator.CreateAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
            {
                // Another instance created it a moment ago.
            }
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // Waiting for the lock is waiting for another instance's whole migration, which may take longer than one
            // command may (30 s by default, or the connection string's Command Timeout): the wait has its own patience.
            var commandTimeout = db.Database.GetCommandTimeout();
            db.Database.SetCommandTimeout(MigrationLockPatience);
            try
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", ct);
            }
            finally
            {
                db.Database.SetCommandTimeout(commandTimeout);
            }

            await db.Database.MigrateAsync(ct);
        }
        finally
        {
            // Closing the session also releases the lock; unlocking first returns the pooled connection clean.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }
}
