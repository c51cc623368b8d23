using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace CompetitionSite.Bench.Support;

/// <summary>One message the SMTP server accepted: its Message-ID, recipients, size and when (harness clock).</summary>
public sealed record Delivery(string MessageId, string Recipients, int Size, long Timestamp);

/// <summary>
/// The SMTP server both sides of the bulk-email scenario send to: the SmtpServer package (the one the tests use) in the
/// harness process. It keeps no message, only what counting needs: each accepted message's Message-ID (read from the
/// header block, the body is not parsed), recipients, size and the time it was accepted. It answers 250 after the
/// whole message has arrived, like any server; both sides turn PIPELINING off (MailKit's pipelining stalls on this
/// server, STACK-NOTES), so both talk to it in exactly the same way.
/// </summary>
public sealed class MailSink : IDisposable
{
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private int _count;

    public MailSink()
    {
        Port = CompetitionSite.Bench.SiteProcess.FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(builder => builder.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }
    }

    public int Port { get; }

    /// <summary>
    /// When set, each accepted message's bytes are kept by Message-ID (<see cref="Kept"/>): the bulk-email baseline sends the
    /// very messages the site sent, whose bodies the site renders only when it sends them.
    /// </summary>
    public bool KeepMessages { get; set; }

    public ConcurrentDictionary<string, byte[]> Kept { get; } = new(StringComparer.Ordinal);

    /// <summary>Messages accepted since the start.</summary>
    public int Count => Volatile.Read(ref _count);

    public IReadOnlyList<Delivery> Deliveries => _deliveries.ToArray();

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _running.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    /// <summary>Waits until <paramref name="count"/> messages have been accepted in all (or the timeout passes).</summary>
    public async Task<bool> WaitForCountAsync(int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Count < count)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }

    private static string MessageIdOf(ReadOnlySequence<byte> buffer)
    {
        // Only the header block: up to the first empty line (at most 16 KiB are looked at).
        var length = (int)Math.Min(buffer.Length, 16 * 1024);
        var bytes = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffer.Slice(0, length).CopyTo(bytes);
            var text = Encoding.ASCII.GetString(bytes, 0, length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var headers = end < 0 ? text : text[..end];
            foreach (var line in headers.Split("\r\n"))
            {
                if (line.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase))
                {
                    return line["Message-ID:".Length..].Trim().Trim('<', '>');
                }
            }

            return "";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private sealed class Store(MailSink owner) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var to = string.Join(",", transaction.To.Select(m => (m.User + "@" + m.Host).ToLowerInvariant()));
            var messageId = MessageIdOf(buffer);
            if (owner.KeepMessages)
            {
                owner.Kept[messageId] = buffer.ToArray();
            }

            owner._deliveries.Enqueue(new Delivery(messageId, to, (int)buffer.Length, Stopwatch.GetTimestamp()));
            Interlocked.Increment(ref owner._count);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
