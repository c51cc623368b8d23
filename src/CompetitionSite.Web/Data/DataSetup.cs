using System.ComponentModel.DataAnnotations;
using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>
    /// SQLite connection string. Empty means the embedded default: <c>data/competitionsite.db</c> under the
    /// content root (the folder is created if missing).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Seconds a command waits for a locked SQLite database before failing.</summary>
    [Range(1, 60, ErrorMessage = "Database:BusyTimeoutSeconds must be between 1 and 60.")]
    public int BusyTimeoutSeconds { get; set; } = 5;
}

public static class DataSetup
{
    /// <summary>Stateless: one instance for every context (EF then builds its internal service provider once).</summary>
    private static readonly SqliteConnectionSettings ConnectionSettings = new();

    public static IServiceCollection AddData(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddDbContext<AppDbContext>((sp, options) =>
        {
            var settings = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value;
            options.UseSqlite(BuildConnectionString(settings, environment.ContentRootPath));
            options.AddInterceptors(ConnectionSettings);
            options.UsePublicPageCacheInvalidation(sp);
        });
        return services;
    }

    public static string BuildConnectionString(DatabaseOptions settings, string contentRoot)
    {
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

    /// <summary>Applies checked-in migrations and switches SQLite to write-ahead logging.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
    }
}
