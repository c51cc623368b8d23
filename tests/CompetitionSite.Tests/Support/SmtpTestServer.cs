using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace CompetitionSite.Tests.Support;

/// <summary>
/// A real SMTP server (the SmtpServer package) inside the test process. Every message it accepts is parsed
/// with MimeKit and kept; tests wait for the messages sent to their own (unique) addresses.
/// It can be stopped and started again on the same port, to test an outage.
/// </summary>
public sealed class SmtpTestServer : IDisposable
{
    private static readonly Lazy<SmtpTestServer> SharedInstance = new(() => new SmtpTestServer());

    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private CancellationTokenSource? _stop;
    private Task? _running;

    public SmtpTestServer(int? port = null)
    {
        Port = port ?? FreePort();
        Start();
    }

    public static SmtpTestServer Shared => SharedInstance.Value;

    public int Port { get; }

    /// <summary>When set, the server answers every RCPT TO with this SMTP reply code (e.g. 450 or 550).</summary>
    public SmtpReplyCode? RejectWith { get; set; }

    /// <summary>Refuses every message at the end of its data (after <c>CRLF.CRLF</c>) with this reply, when set.</summary>
    public SmtpReplyCode? RejectDataWith { get; set; }

    /// <summary>Runs when a message's data has arrived, before the server answers (and before the message is kept).</summary>
    public Func<MimeMessage, Task>? BeforeAccept { get; set; }

    public IReadOnlyCollection<MimeMessage> Messages => _messages.ToArray();

    public IReadOnlyList<MimeMessage> MessagesTo(string address) =>
        _messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    public async Task<MimeMessage> WaitForMessageAsync(string to, Func<MimeMessage, bool>? match = null, TimeSpan? timeout = null)
    {
        // Generous: a wait for a condition, not a measurement; on a busy 2-core CI machine dispatch can take a while.
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            var found = MessagesTo(to).LastOrDefault(m => match?.Invoke(m) ?? true);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No email to {to} arrived at the test SMTP server.");
    }

    public void Start()
    {
        if (_running is not null)
        {
            return;
        }

        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(builder => builder.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        var server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = server.StartAsync(_stop.Token);
        WaitUntilListening();
    }

    public void Stop()
    {
        if (_running is null)
        {
            return;
        }

        _stop!.Cancel();
        try
        {
            _running.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _running = null;
    }

    public void Dispose() => Stop();

    private void WaitUntilListening()
    {
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

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class Store(SmtpTestServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            if (owner.BeforeAccept is { } before)
            {
                await before(message);
            }

            if (owner.RejectDataWith is { } code)
            {
                return new SmtpResponse(code, "refused at the end of the data by the test");
            }

            owner._messages.Enqueue(message);
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(SmtpTestServer owner) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(
            ISessionContext context, SmtpServer.Mail.IMailbox to, SmtpServer.Mail.IMailbox from, CancellationToken cancellationToken)
        {
            if (owner.RejectWith is { } code)
            {
                throw new SmtpResponseException(new SmtpResponse(code, "rejected by the test"));
            }

            return Task.FromResult(true);
        }
    }
}
