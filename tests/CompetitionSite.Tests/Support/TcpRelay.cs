using System.Net;
using System.Net.Sockets;

namespace CompetitionSite.Tests.Support;

/// <summary>
/// A TCP relay on a port of its own to a real server (e.g. Azurite): <see cref="Stop"/> cuts every connection and
/// refuses (or resets) new ones, as a storage outage would; <see cref="Start"/> relays again on the same port.
/// </summary>
public sealed class TcpRelay : IDisposable
{
    private readonly IPEndPoint _target;
    private readonly object _gate = new();
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private bool _down;

    public TcpRelay(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        Port = SmtpTestServer.FreePort();
        Start();
    }

    public int Port { get; }

    public void Start()
    {
        lock (_gate)
        {
            _down = false;
            if (_listener is not null)
            {
                return;
            }

            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            _ = AcceptAsync(listener);
        }
    }

    /// <summary>
    /// Cuts every relayed connection. Until <see cref="Start"/>, new connections are refused (the port is closed), or,
    /// with <paramref name="keepPort"/>, accepted and reset at once, so that no other server of a busy test run can take
    /// the port over meanwhile.
    /// </summary>
    public void Stop(bool keepPort = false)
    {
        lock (_gate)
        {
            _down = true;
            if (!keepPort)
            {
                _listener?.Stop();
                _listener = null;
            }

            foreach (var client in _open)
            {
                client.Dispose();
            }

            _open.Clear();
        }
    }

    /// <summary>How many connections were reset while the relay was down.</summary>
    public int Refused { get; private set; }

    public void Dispose()
    {
        lock (_gate)
        {
            Stop();
            _listener?.Stop();
            _listener = null;
        }
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = RelayAsync(inbound);
        }
    }

    private async Task RelayAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        lock (_gate)
        {
            if (_listener is null || _down)
            {
                Refused++;
                inbound.LingerState = new LingerOption(true, 0); // a reset, as a refused connection would be
                inbound.Dispose();
                outbound.Dispose();
                return;
            }

            _open.Add(inbound);
            _open.Add(outbound);
        }

        try
        {
            await outbound.ConnectAsync(_target);
            var a = inbound.GetStream();
            var b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b), b.CopyToAsync(a));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // Cut by Stop() or by either side.
        }
        finally
        {
            inbound.Dispose();
            outbound.Dispose();
            lock (_gate)
            {
                _open.Remove(inbound);
                _open.Remove(outbound);
            }
        }
    }
}
