using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace CompetitionSite.Tests.Support;

/// <summary>
/// The real site in the test process: its own database (a SQLite file, or a PostgreSQL database: <see cref="TestDatabase"/>)
/// and data folder, real SMTP (the in-process server)
/// unless a test says otherwise. Settings can be added before the first client is created.
/// </summary>
public class SiteFactory : WebApplicationFactory<Program>
{
    public SiteFactory()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "cs-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        Settings["Database:Provider"] = TestDatabase.Provider.ToString();
        Settings["Database:ConnectionString"] = _ownDatabase = TestDatabase.NewConnectionString(DataDirectory);
        Settings["Storage:Local:Root"] = Path.Combine(DataDirectory, "files");
        Settings["Email:PickupDirectory"] = Path.Combine(DataDirectory, "mail");
        Settings["Email:Smtp:Host"] = "127.0.0.1";
        Settings["Email:Smtp:Port"] = SmtpTestServer.Shared.Port.ToString();
        Settings["Email:Smtp:DisablePipelining"] = "true";
        Settings["Email:DispatchIntervalSeconds"] = "0.2";
        Settings["Accounts:AuthRequestsPerMinute"] = "1000";
        Settings["Reminders:Enabled"] = "false";
        Settings["Site:PublicBaseUrl"] = "http://localhost";
    }

    /// <summary>The database this site made for itself (dropped with it when it is a PostgreSQL one).</summary>
    private readonly string _ownDatabase;

    public string DataDirectory { get; }

    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>Every log line the site wrote (e.g. the first-organizer setup link).</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    public SmtpTestServer Smtp => SmtpTestServer.Shared;

    /// <summary>
    /// Keeps files in Azure Blob Storage on the given Azurite instead of the local disk, in a container of
    /// their own (a new one unless named). Call before the first client is created.
    /// </summary>
    public SiteFactory UseAzurite(AzuriteServer azurite, string? container = null) =>
        UseAzureBlobStorage(azurite.ConnectionString, container ?? AzuriteServer.NewContainerName());

    /// <summary>Keeps files in Azure Blob Storage reached with this connection string (e.g. one to a dead port).</summary>
    public SiteFactory UseAzureBlobStorage(string connectionString, string container)
    {
        Settings["Storage:Azure:ConnectionString"] = connectionString;
        Settings["Storage:Azure:Container"] = container;
        return this;
    }

    /// <summary>The Azure container the site keeps its files in, or null for the local disk.</summary>
    public string? StorageContainer =>
        Settings.GetValueOrDefault("Storage:Azure:ConnectionString") is { Length: > 0 } ? Settings.GetValueOrDefault("Storage:Azure:Container") : null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        // Password hashes at 1,000 PBKDF2 rounds instead of Identity's 100,000: the tests check what the site does with
        // a password, not how hard its hash is to brute-force, and each hash at full strength costs ~0.1 s of CPU; a
        // suite pass makes thousands of them (registrations, logins) on CI's two cores. The hash format carries its
        // round count, so hashes made either way verify alike.
        // Timing measurements (CS_MEASURE=1) keep the production strength: see FullStrengthPasswordsSiteFactory.
        if (PasswordRounds is { } rounds)
        {
            builder.ConfigureTestServices(services =>
                services.Configure<PasswordHasherOptions>(options => options.IterationCount = rounds));
        }

        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(new CollectingLoggerProvider(Logs));
            logging.SetMinimumLevel(LogLevel.Information);
        });
    }

    /// <summary>PBKDF2 rounds of the test sites' password hashes (production keeps Identity's default).</summary>
    public const int TestPasswordRounds = 1_000;

    /// <summary>The PBKDF2 rounds this site hashes passwords with, or null for Identity's (production's) default.</summary>
    protected virtual int? PasswordRounds => TestPasswordRounds;

    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri("http://localhost"),
    });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (TestDatabase.IsPostgreSql)
            {
                TestDatabase.Drop(_ownDatabase);
            }

            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a background thread; the OS temp cleaner takes it later.
            }
        }
    }
}

/// <summary>
/// A test site that hashes passwords at production strength, for the measurements whose subject is the time a login or
/// a registration takes (e.g. that an unknown address costs as long as a wrong password).
/// </summary>
public class FullStrengthPasswordsSiteFactory : SiteFactory
{
    protected override int? PasswordRounds => null;
}

internal sealed class CollectingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(sink, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal))
            {
                return;
            }

            sink.Enqueue($"{logLevel}: {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
        }
    }
}
