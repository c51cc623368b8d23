using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CompetitionSite.Bench.Support;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace CompetitionSite.Bench.Scenarios;

/// <summary>
/// A diagnostic (only when named: smtp-probe): how fast MailKit gets messages of the result emails' size accepted by
/// the harness's SMTP server, with PIPELINING on and off and with Nagle's algorithm on and off on the client socket.
/// It is how the bulk-email scenario's server and client settings were chosen.
/// </summary>
public static class SmtpProbe
{
    public static async Task RunAsync(int messages)
    {
        using var sink = new MailSink();
        var text = string.Join("\n", Enumerable.Repeat("Hasil lomba poster: terima kasih sudah ikut serta, karya kamu sudah dinilai dengan saksama.", 20));
        var list = Enumerable.Range(0, messages).Select(i =>
        {
            var m = new MimeMessage();
            m.From.Add(new MailboxAddress("Lomba", "noreply@competitionsite.local"));
            m.To.Add(new MailboxAddress($"Siswa {i}", $"probe-{i:D5}@siswa.example"));
            m.Subject = "Hasil lomba";
            m.MessageId = $"{Guid.NewGuid():N}@competitionsite.local";
            m.Body = new MultipartAlternative { new TextPart("plain") { Text = text }, new TextPart("html") { Text = "<p>" + text + "</p>" } };
            return m;
        }).ToList();
        foreach (var (pipelining, noDelay) in new[] { (true, false), (false, false), (true, true), (false, true) })
        {
            var started = Stopwatch.GetTimestamp();
            using var client = new SmtpClient();
            if (noDelay)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, sink.Port);
                await client.ConnectAsync(socket, "127.0.0.1", sink.Port, SecureSocketOptions.None);
            }
            else
            {
                await client.ConnectAsync("127.0.0.1", sink.Port, SecureSocketOptions.None);
            }

            if (!pipelining)
            {
                client.Capabilities &= ~SmtpCapabilities.Pipelining;
            }

            var advertised = client.Capabilities.HasFlag(SmtpCapabilities.Pipelining);
            foreach (var m in list)
            {
                await client.SendAsync(m);
            }

            await client.DisconnectAsync(true);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"PIPELINING {(pipelining ? "on " : "off")} (used: {advertised}), TCP_NODELAY {(noDelay ? "on " : "off")}: {messages / seconds:0} msg/s"));
        }
    }
}
