using System.Net;
using System.Net.Sockets;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Infrastructure.Email;

namespace CompetitionSite.Tests.Email;

/// <summary>How the SMTP transport opens its connection (bench/README.md, bulk result email: Nagle's algorithm cost 40 ms a message).</summary>
public sealed class SmtpConnectionTests
{
    [Fact]
    public async Task The_transport_connects_with_Nagles_algorithm_off()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var accepting = listener.AcceptSocketAsync();

            using var socket = await SmtpMailTransport.ConnectSocketAsync("localhost", port, TimeSpan.FromSeconds(5), CancellationToken.None);
            using var server = await accepting;

            Assert.True(socket.Connected);
            Assert.True(socket.NoDelay);
            Assert.Equal(port, ((IPEndPoint)socket.RemoteEndPoint!).Port);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task A_refused_connection_fails_at_once()
    {
        var port = SmtpTestServer.FreePort();

        await Assert.ThrowsAsync<SocketException>(() =>
            SmtpMailTransport.ConnectSocketAsync("127.0.0.1", port, TimeSpan.FromSeconds(5), CancellationToken.None));
    }
}
