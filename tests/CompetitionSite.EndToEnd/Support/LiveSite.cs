using System.Collections.Concurrent;
using CompetitionSite.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace CompetitionSite.EndToEnd.Support;

/// <summary>
/// The real site on a real loopback port (Kestrel), with its own SQLite file and data folder and the
/// in-process SMTP server for mail, for a real browser to visit.
/// </summary>
public sealed class LiveSite : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new();

    public LiveSite()
    {
        Port = SmtpTestServer.FreePort();
        BaseUrl = $"http://127.0.0.1:{Port}";
        DataDirectory = Path.Combine(Path.GetTempPath(), "cs-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        _settings["Database:ConnectionString"] = $"Data Source={Path.Combine(DataDirectory, "site.db")}";
        _settings["Storage:Local:Root"] = Path.Combine(DataDirectory, "files");
        _settings["Email:PickupDirectory"] = Path.Combine(DataDirectory, "mail");
        _settings["Email:Smtp:Host"] = "127.0.0.1";
        _settings["Email:Smtp:Port"] = Smtp.Port.ToString();
        _settings["Email:Smtp:Security"] = "None";
        _settings["Email:Smtp:DisablePipelining"] = "true";
        _settings["Email:DispatchIntervalSeconds"] = "0.2";
        _settings["Email:RetryBaseSeconds"] = "0.2";
        _settings["Accounts:AuthRequestsPerMinute"] = "1000";
        _settings["Site:PublicBaseUrl"] = BaseUrl;
        UseKestrel(Port);
    }

    public int Port { get; }

    public string BaseUrl { get; }

    public string DataDirectory { get; }

    public SmtpTestServer Smtp => SmtpTestServer.Shared;

    public ConcurrentQueue<string> Logs { get; } = new();

    public LiveSite With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public LiveSite Start()
    {
        StartServer();
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(new LogSink(Logs));
            logging.SetMinimumLevel(LogLevel.Information);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private sealed class LogSink(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(sink);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> sink) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                sink.Enqueue($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
        }
    }
}
