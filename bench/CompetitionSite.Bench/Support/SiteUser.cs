using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CompetitionSite.Bench.Support;

/// <summary>A request the site answered with something other than what a browser expects.</summary>
public sealed class SiteRequestException(string step, HttpStatusCode? status, string detail)
    : Exception($"{step}: {(status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer")} {detail}")
{
    public string Step { get; } = step;
}

/// <summary>
/// One person's browser against the site: its own cookies and connection, the pages' antiforgery tokens, and the
/// same requests the pages and wwwroot/js/upload.js send (chunks one after another, as the upload script does).
/// The site runs as in production, so its login cookie is marked Secure; a browser sends such cookies to
/// http://127.0.0.1 (a secure context), .NET's CookieContainer does not, so this keeps its own small cookie jar.
/// </summary>
public sealed partial class SiteUser : IDisposable
{
    private readonly HttpClient _http;
    private readonly Dictionary<string, string> _cookies = [];

    /// <summary>
    /// The storage account as every browser reaches it in a direct upload (one pool for all of them, as
    /// <see cref="DirectBlobs"/> has for the baseline): Put Block with the upload's URL, no retries.
    /// </summary>
    private static readonly Azure.Storage.Blobs.BlobClientOptions StorageOptions = new()
    {
        Transport = new Azure.Core.Pipeline.HttpClientTransport(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }),
        Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromMinutes(5) },
    };

    /// <param name="baseUrl">The site's address.</param>
    /// <param name="acceptAnyCertificate">True behind the harness's nginx, whose certificate is made for the run.</param>
    public SiteUser(string baseUrl, bool acceptAnyCertificate = false)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = 2,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        if (acceptAnyCertificate)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }

        _http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
    }

    /// <summary>Counts every request this person sent (a failed one throws <see cref="SiteRequestException"/>).</summary>
    public int Requests { get; private set; }

    public async Task LogInAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        var token = FormToken(await GetPageAsync("login page", "/account/login", cancellationToken));
        using var response = await PostFormAsync("/account/login", token, new() { ["Email"] = email, ["Password"] = password }, cancellationToken);
        await ExpectRedirectAsync("login", response);
    }

    /// <summary>Enters a category through the "new entry" form; returns the new entry's id.</summary>
    public async Task<int> CreateEntryAsync(int categoryId, string title, CancellationToken cancellationToken = default)
    {
        var token = FormToken(await GetPageAsync("new entry page", $"/entries/new?category={categoryId}", cancellationToken));
        using var response = await PostFormAsync($"/entries/new?category={categoryId}", token,
            new() { ["Title"] = title, ["Description"] = "Video pendek tentang kebersihan pantai di Banten." }, cancellationToken);
        var location = await ExpectRedirectAsync("create entry", response);
        return int.Parse(location["/entries/".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The token the entry page gives its upload script (and its forms).</summary>
    public async Task<string> EntryTokenAsync(int entryId, CancellationToken cancellationToken = default)
    {
        var page = await GetPageAsync("entry page", $"/entries/{entryId}", cancellationToken);
        var match = DataToken().Match(page);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : FormToken(page);
    }

    /// <summary>
    /// Uploads <paramref name="file"/> as the upload script does: start, every chunk in order (each streamed from the
    /// generator, never the whole file), complete. Each chunk's time goes to <paramref name="chunkMs"/>.
    /// Returns the SHA-256 the site computed.
    /// </summary>
    public async Task<string> UploadAsync(int entryId, string token, GeneratedContent file, ICollection<double> chunkMs, CancellationToken cancellationToken = default)
    {
        var session = await SendChunksAsync(entryId, token, file, chunkMs, cancellationToken);
        return await CompleteAsync(entryId, token, session, cancellationToken);
    }

    /// <summary>Starts an upload and sends every chunk; returns the upload session's id.</summary>
    public async Task<string> SendChunksAsync(int entryId, string token, GeneratedContent file, ICollection<double> chunkMs, CancellationToken cancellationToken = default)
    {
        using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/entries/{entryId}/uploads")
        {
            Content = JsonContent.Create(new { fileName = file.Name, size = file.Length, slot = 0 }),
        };
        start.Headers.Add("RequestVerificationToken", token);
        using var started = await SendAsync(start, cancellationToken);
        var state = await ExpectJsonAsync("start upload", started);
        var session = state.GetProperty("id").GetString()!;
        var chunkSize = state.GetProperty("chunkSize").GetInt32();
        var count = state.GetProperty("chunkCount").GetInt32();

        for (var i = 0; i < count; i++)
        {
            var offset = (long)i * chunkSize;
            var length = Math.Min(chunkSize, file.Length - offset);
            using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/entries/{entryId}/uploads/{session}/chunks/{i}")
            {
                Content = new StreamContent(file.Open(offset, length), 64 * 1024),
            };
            put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            put.Content.Headers.ContentLength = length;
            put.Headers.Add("RequestVerificationToken", token);
            var clock = Stopwatch.StartNew();
            using var answer = await SendAsync(put, cancellationToken);
            if (answer.StatusCode != HttpStatusCode.NoContent)
            {
                throw new SiteRequestException($"chunk {i}", answer.StatusCode, await BodyAsync(answer));
            }

            lock (chunkMs)
            {
                chunkMs.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return session;
    }

    /// <summary>
    /// Uploads <paramref name="file"/> as the upload script does when the site offers a direct upload (Azure Blob
    /// Storage): start asking for one, every chunk as a block straight to the storage account with the URL the site
    /// gave (Put Block, one after another, streamed from the generator), then complete at the site. Each block's time
    /// goes to <paramref name="chunkMs"/>. Returns the SHA-256 the site computed from the stored bytes.
    /// </summary>
    public async Task<string> UploadDirectAsync(int entryId, string token, GeneratedContent file, ICollection<double> chunkMs, CancellationToken cancellationToken = default)
    {
        using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/entries/{entryId}/uploads")
        {
            Content = JsonContent.Create(new { fileName = file.Name, size = file.Length, slot = 0, chunkSize = DirectBlobs.BlockSize, direct = true }),
        };
        start.Headers.Add("RequestVerificationToken", token);
        using var started = await SendAsync(start, cancellationToken);
        var state = await ExpectJsonAsync("start upload", started);
        if (!state.TryGetProperty("direct", out var direct) || direct.ValueKind != JsonValueKind.Object)
        {
            throw new SiteRequestException("start upload", started.StatusCode, "the site offered no direct upload");
        }

        var session = state.GetProperty("id").GetString()!;
        var chunkSize = state.GetProperty("chunkSize").GetInt32();
        var count = state.GetProperty("chunkCount").GetInt32();
        var blob = new Azure.Storage.Blobs.Specialized.BlockBlobClient(new Uri(direct.GetProperty("url").GetString()!), StorageOptions);
        for (var i = 0; i < count; i++)
        {
            var offset = (long)i * chunkSize;
            var length = Math.Min(chunkSize, file.Length - offset);
            var blockId = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"chunk-{i:D6}"));
            // The block in memory, as a browser holds a file slice: Put Block needs its length and a body it can send.
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)length);
            var clock = Stopwatch.StartNew();
            Requests++;
            try
            {
                await using (var source = file.Open(offset, length))
                {
                    await source.ReadExactlyAsync(buffer.AsMemory(0, (int)length), cancellationToken);
                }

                await blob.StageBlockAsync(blockId, new MemoryStream(buffer, 0, (int)length, writable: false), cancellationToken: cancellationToken);
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or IOException)
            {
                throw new SiteRequestException($"block {i}", null, e.Message.Split('\n')[0]);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }

            lock (chunkMs)
            {
                chunkMs.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return await CompleteAsync(entryId, token, session, cancellationToken);
    }

    /// <summary>Completes an upload; returns the SHA-256 the site computed.</summary>
    public async Task<string> CompleteAsync(int entryId, string token, string session, CancellationToken cancellationToken = default)
    {
        using var complete = new HttpRequestMessage(HttpMethod.Post, $"/api/entries/{entryId}/uploads/{session}/complete");
        complete.Headers.Add("RequestVerificationToken", token);
        using var completed = await SendAsync(complete, cancellationToken);
        var stored = await ExpectJsonAsync("complete upload", completed);
        return stored.GetProperty("sha256").GetString()!;
    }

    public async Task SubmitAsync(int entryId, string token, CancellationToken cancellationToken = default)
    {
        using var response = await PostFormAsync($"/entries/{entryId}/submit", token, new() { ["pledge"] = "true" }, cancellationToken);
        var location = await ExpectRedirectAsync("submit", response);
        if (location != $"/entries/{entryId}")
        {
            throw new SiteRequestException("submit", response.StatusCode, "redirected to " + location);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<string> GetPageAsync(string step, string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new SiteRequestException(step, response.StatusCode, await BodyAsync(response));
        }

        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private Task<HttpResponseMessage> PostFormAsync(string path, string token, Dictionary<string, string> values, CancellationToken cancellationToken)
    {
        values["__RequestVerificationToken"] = token;
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(values) }, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests++;
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        try
        {
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var header in setCookies)
                {
                    Remember(header);
                }
            }

            return response;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            throw new SiteRequestException($"{request.Method} {request.RequestUri}", null, e.Message);
        }
    }

    /// <summary>Keeps a cookie the site set (name and value); one that is cleared or already expired is dropped.</summary>
    private void Remember(string setCookie)
    {
        var parts = setCookie.Split(';', StringSplitOptions.TrimEntries);
        var pair = parts[0].Split('=', 2);
        var expired = parts.Skip(1).Any(p => p.StartsWith("expires=", StringComparison.OrdinalIgnoreCase)
                                             && DateTimeOffset.TryParse(p["expires=".Length..], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var when)
                                             && when < DateTimeOffset.UtcNow);
        if (pair.Length < 2 || pair[1].Length == 0 || expired)
        {
            _cookies.Remove(pair[0]);
        }
        else
        {
            _cookies[pair[0]] = pair[1];
        }
    }

    private static async Task<string> ExpectRedirectAsync(string step, HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location is null)
        {
            throw new SiteRequestException(step, response.StatusCode, await BodyAsync(response));
        }

        var location = response.Headers.Location;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    private static async Task<JsonElement> ExpectJsonAsync(string step, HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new SiteRequestException(step, response.StatusCode, Shorten(text));
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var problem = ValidationMessage().Match(text);
        return problem.Success ? WebUtility.HtmlDecode(problem.Groups[1].Value).Trim() : Shorten(text);
    }

    private static string Shorten(string text)
    {
        text = Regex.Replace(text, @"\s+", " ");
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    private static string FormToken(string page)
    {
        var match = FormTokenField().Match(page);
        if (!match.Success)
        {
            throw new SiteRequestException("antiforgery token", null, "no __RequestVerificationToken on the page");
        }

        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex FormTokenField();

    [GeneratedRegex("data-token=\"([^\"]+)\"")]
    private static partial Regex DataToken();

    [GeneratedRegex("<li>([^<]+)</li>")]
    private static partial Regex ValidationMessage();
}
