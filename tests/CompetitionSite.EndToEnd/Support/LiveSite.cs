using CompetitionSite.Tests.Support;

namespace CompetitionSite.EndToEnd.Support;

/// <summary>
/// The real site on a real loopback port (Kestrel) for a real browser: the integration tests' SiteFactory (own
/// SQLite file and data folder, the in-process SMTP server, optionally Azurite) with links pointing at that port.
/// </summary>
public sealed class LiveSite : SiteFactory
{
    public LiveSite()
    {
        Port = SmtpTestServer.FreePort();
        Settings["Site:PublicBaseUrl"] = BaseUrl;
        Settings["Email:RetryBaseSeconds"] = "0.2";
        UseKestrel(Port);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public LiveSite Start()
    {
        StartServer();
        return this;
    }
}
