using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CompetitionSite.Web.Infrastructure.Email;

/// <summary>
/// Sends through an SMTP server with MailKit over one kept-open connection, reused across messages and
/// batches. A connection unused for a few seconds is checked with NOOP before reuse; one unused for
/// <see cref="SmtpOptions.IdleSeconds"/> is closed; a dropped one is reopened on the next message.
/// The transport opens the TCP connection itself, with Nagle's algorithm off (<see cref="ConnectSocketAsync"/>).
/// </summary>
public sealed class SmtpMailTransport(IOptions<EmailOptions> options, TimeProvider clock, ILogger<SmtpMailTransport> logger) : IMailTransport
{
    /// <summary>A connection unused for longer than this is checked with NOOP before the next batch uses it.</summary>
    private static readonly TimeSpan CheckAfter = TimeSpan.FromSeconds(5);

    private readonly SmtpOptions _smtp = options.Value.Smtp;
    private SmtpClient? _client;
    private long _lastUsed;

    public string Description => Describe(_smtp);

    public static string Describe(SmtpOptions smtp) => $"SMTP {smtp.Host}:{smtp.Port}";

    private TimeSpan Idle => clock.GetElapsedTime(_lastUsed);

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } client)
        {
            if (Idle < CheckAfter)
            {
                return;
            }

            try
            {
                await client.NoOpAsync(cancellationToken);
                _lastUsed = clock.GetTimestamp();
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation("The kept-open SMTP connection to {Server} was lost ({Error}); reconnecting.", Description, ex.Message);
                await DropAsync(quit: false);
            }
        }

        await ConnectAsync(cancellationToken);
    }

    public async Task SendAsync(MimeMessage message, Action? handingOver, CancellationToken cancellationToken)
    {
        if (_client is not { IsConnected: true })
        {
            await DropAsync(quit: false);
            await ConnectAsync(cancellationToken);
        }

        try
        {
            await _client!.SendAsync(message, cancellationToken, handingOver is null ? null : new EndOfData(handingOver));
            _lastUsed = clock.GetTimestamp();
        }
        catch (SmtpCommandException ex)
        {
            // The server answered with an error code. Start the next message on a fresh session so that no
            // half-finished transaction is left on this one.
            await DropAsync(quit: true);
            var code = (int)ex.StatusCode;
            throw new MailTransportException($"{code} {ex.Message}".Trim(), permanent: code is >= 500 and < 600, ex) { Answered = true };
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            await DropAsync(quit: false);
            throw new MailTransportException($"The connection to {Description} failed while sending: {Describe(ex)}", permanent: false, ex);
        }
    }

    public async Task CloseIfIdleAsync(CancellationToken cancellationToken)
    {
        if (_client is not null && Idle >= TimeSpan.FromSeconds(_smtp.IdleSeconds))
        {
            await DropAsync(quit: true);
        }
    }

    public Task CloseAsync(CancellationToken cancellationToken) => DropAsync(quit: true);

    public async ValueTask DisposeAsync() => await DropAsync(quit: true);

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = _smtp.TimeoutSeconds * 1000 };
        Socket? socket = null;
        try
        {
            socket = await ConnectSocketAsync(_smtp.Host ?? "", _smtp.Port, TimeSpan.FromSeconds(_smtp.TimeoutSeconds), cancellationToken);
            await client.ConnectAsync(socket, _smtp.Host ?? "", _smtp.Port, SocketOptions(_smtp.Security), cancellationToken);
            socket = null; // the client owns it now
            if (!string.IsNullOrEmpty(_smtp.Username))
            {
                await client.AuthenticateAsync(_smtp.Username, _smtp.Password ?? "", cancellationToken);
            }

            if (_smtp.DisablePipelining)
            {
                // Capabilities may only be switched off; this is read on every send.
                client.Capabilities &= ~SmtpCapabilities.Pipelining;
            }
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            client.Dispose();
            socket?.Dispose();

            // Refused, unreachable, TLS or login problems: retried later, for every message of the batch.
            throw new MailTransportException($"Could not connect to {Description}: {Describe(ex)}", permanent: false, ex)
            {
                ServerUnavailable = true,
            };
        }

        _client = client;
        _lastUsed = clock.GetTimestamp();
        logger.LogInformation("Connected to {Server}.", Description);
    }

    /// <summary>
    /// A TCP connection to the server with Nagle's algorithm off (TCP_NODELAY). MailKit writes a message's body and
    /// then the final <c>CRLF.CRLF</c> as separate small writes and waits for the reply; with Nagle on, that last
    /// write would wait for the server's delayed ACK of the body, on every message. MailKit's own connect leaves
    /// Nagle on, so the transport connects the socket and hands it over.
    /// </summary>
    internal static async Task<Socket> ConnectSocketAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = Socket.OSSupportsIPv6
            ? new Socket(SocketType.Stream, ProtocolType.Tcp) // dual mode: IPv6 and IPv4 addresses
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                await socket.ConnectAsync(host, port, limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No connection to {host}:{port} within {timeout.TotalSeconds:0} s.");
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task DropAsync(bool quit)
    {
        var client = _client;
        _client = null;
        if (client is null)
        {
            return;
        }

        try
        {
            if (quit && client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Min(5, _smtp.TimeoutSeconds)));
                await client.DisconnectAsync(quit: true, timeout.Token);
            }
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "QUIT to {Server} failed; the connection is closed anyway.", Description);
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>
    /// Calls back once MailKit has written the whole message and before it writes the end-of-data mark
    /// (<c>CRLF.CRLF</c>), from its progress reports: given a progress, MailKit measures the message first and reports the
    /// bytes written so far against that size. (With <c>BDAT … LAST</c> there is no mark, and the server may take the
    /// message a moment before this is called: Infrastructure/Email/README.md, "What a crash can still do".)
    /// </summary>
    private sealed class EndOfData(Action handingOver) : ITransferProgress
    {
        private bool _called;

        public void Report(long bytesTransferred, long totalSize)
        {
            if (!_called && totalSize > 0 && bytesTransferred >= totalSize)
            {
                _called = true;
                handingOver();
            }
        }

        public void Report(long bytesTransferred)
        {
        }
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    private static string Describe(Exception ex) => ex switch
    {
        SmtpCommandException command => $"{(int)command.StatusCode} {command.Message}",
        _ => ex.Message,
    };
}
