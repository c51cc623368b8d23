namespace CompetitionSite.Tests.Support;

/// <summary>
/// The linked tests' <c>AzuriteServer.cs</c> takes its free port from the tests' SMTP server class; the bench has no
/// SMTP server, so this stands in for that one method.
/// </summary>
internal static class SmtpTestServer
{
    public static int FreePort() => CompetitionSite.Bench.SiteProcess.FreePort();
}
