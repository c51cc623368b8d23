using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CompetitionSite.Tests.Support;

namespace CompetitionSite.Tests.MultiInstance;

/// <summary>
/// Debian's nginx in front of several site processes: round-robin over them, TLS ended here with a certificate made for
/// the test, and the <c>X-Forwarded-*</c> headers the sites trust (<c>Site:TrustForwardedHeaders</c>). It runs as a
/// child process of the test (<c>daemon off</c>) with its prefix, pid, logs and temp paths in a folder of its own, so
/// it needs no privilege and leaves nothing behind; the config has the shape of deploy/nginx.conf (compose.yaml), plus
/// an <c>X-Upstream</c> response header saying which instance answered.
/// </summary>
public sealed class NginxBalancer : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly X509Certificate2 _certificate;

    private NginxBalancer(Process process, string folder, int port, X509Certificate2 certificate)
    {
        _process = process;
        _folder = folder;
        _certificate = certificate;
        BaseUrl = $"https://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    /// <summary>Where nginx serves the static folder given at start.</summary>
    public const string StaticPath = "/nginx-static/";

    /// <summary>The header that names the instance (its address) that answered a request.</summary>
    public const string UpstreamHeader = "X-Upstream";

    public static string Executable =>
        new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("nginx is not installed: apt-get install nginx (./test.sh does it).");

    /// <summary>Writes the config for these instances, starts nginx and waits until it accepts connections.</summary>
    /// <param name="staticRoot">A folder nginx serves itself under <see cref="StaticPath"/> (the benchmarks' baseline:
    /// what nginx does with a file of a page's size without asking any instance); none when null.</param>
    public static async Task<NginxBalancer> StartAsync(IReadOnlyList<string> instances, int port, string? staticRoot = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "cs-tests", "nginx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "logs"));
        var certificate = SelfSigned();
        await File.WriteAllTextAsync(Path.Combine(folder, "site.crt"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(folder, "site.key"), certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var config = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(config, Config(folder, instances, port, staticRoot));

        var info = new ProcessStartInfo(Executable, ["-p", folder + "/", "-c", config, "-e", Path.Combine(folder, "logs", "error.log")])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("nginx did not start.");
        var balancer = new NginxBalancer(process, folder, port, certificate);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                var log = balancer.ErrorLog;
                balancer.Dispose();
                throw new InvalidOperationException($"nginx exited at start ({process.ExitCode}): {await process.StandardError.ReadToEndAsync()}\n{log}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return balancer;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public string ErrorLog
    {
        get
        {
            var path = Path.Combine(_folder, "logs", "error.log");
            return File.Exists(path) ? string.Join("\n", File.ReadLines(path).TakeLast(20)) : "";
        }
    }

    /// <summary>A browser: keeps cookies, follows no redirects, trusts only this balancer's certificate.</summary>
    public HttpClient CreateBrowser()
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = true,
            CookieContainer = new System.Net.CookieContainer(),
            AllowAutoRedirect = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == _certificate.GetCertHashString(),
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>
    /// The deployment's shape (deploy/nginx.conf): round-robin upstream with kept-alive connections, request bodies of a
    /// whole upload request (a 4 MiB chunk group) streamed to the instance unbuffered, timeouts long enough for a slow
    /// phone's chunk, and the forwarded headers.
    /// </summary>
    private static string Config(string folder, IReadOnlyList<string> instances, int port, string? staticRoot)
    {
        var staticLocation = staticRoot is null ? "" : $$"""
                    location {{StaticPath}} {
                        alias {{staticRoot.TrimEnd('/')}}/;
                    }
            """;
        var servers = string.Join("\n", instances.Select(i => $"        server {new Uri(i).Authority} max_fails=0;"));
        // As root the workers would switch to "nobody", which cannot write this folder; as anyone else nginx ignores "user".
        var user = Environment.UserName == "root" ? "user root;" : "";
        return $$"""
            {{user}}
            daemon off;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/logs/error.log warn;
            events { worker_connections 1024; }
            http {
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                access_log {{folder}}/logs/access.log;

                upstream site {
            {{servers}}
                    keepalive 16;
                }

                server {
                    listen 127.0.0.1:{{port}} ssl;
                    ssl_certificate {{folder}}/site.crt;
                    ssl_certificate_key {{folder}}/site.key;

                    # An upload request carries at most 4 MiB of file (Entries: EntryUploads.MaxRequestBytes).
                    client_max_body_size 8m;
                    proxy_request_buffering off;
                    proxy_connect_timeout 10s;
                    proxy_send_timeout 300s;
                    proxy_read_timeout 300s;

                    location / {
                        proxy_pass http://site;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_set_header X-Forwarded-Host $http_host;
                        add_header {{UpstreamHeader}} $upstream_addr always;
                    }
            {{staticLocation}}
                }
            }
            """;
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                // The master and its worker: nothing of nginx outlives the test.
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        _certificate.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
