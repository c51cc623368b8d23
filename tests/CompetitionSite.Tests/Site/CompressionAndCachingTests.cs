using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;

namespace CompetitionSite.Tests.Site;

public sealed class CompressionAndCachingTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private async Task<(HttpResponseMessage Response, byte[] Body)> GetAsync(HttpClient client, string url, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null)
        {
            request.Headers.AcceptEncoding.ParseAdd(acceptEncoding);
        }

        var response = await client.SendAsync(request);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    private static string Decompress(byte[] body, string encoding)
    {
        using Stream input = encoding == "br"
            ? new BrotliStream(new MemoryStream(body), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var reader = new StreamReader(input);
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task Pages_go_out_in_Brotli_to_browsers_that_take_it_and_decompress_to_the_same_page()
    {
        var client = site.CreateBrowser();
        var (plain, plainBody) = await GetAsync(client, "/", null);
        var (br, brBody) = await GetAsync(client, "/", "br, gzip");

        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal("br", Assert.Single(br.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", br.Headers.Vary);
        var page = Decompress(brBody, "br");
        Assert.Contains("Lomba daring untuk pelajar", page);
        Assert.True(brBody.Length * 2 < plainBody.Length, $"{brBody.Length} compressed of {plainBody.Length} bytes");
    }

    [Fact]
    public async Task Clients_without_Brotli_get_gzip()
    {
        var (response, body) = await GetAsync(site.CreateBrowser(), "/css/site.css", "gzip");

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("--brand", Decompress(body, "gzip"));
    }

    [Fact]
    public async Task Organizer_pages_and_scripts_are_compressed_too()
    {
        var organizer = await site.LoggedInAsAsync(Support.Accounts.NewEmail("organizer"), Roles.Organizer);
        foreach (var url in new[] { "/admin", "/admin/competitions", "/js/upload.js" })
        {
            var (plain, plainBody) = await GetAsync(organizer, url, null);
            var (br, brBody) = await GetAsync(organizer, url, "br");

            Assert.Equal(HttpStatusCode.OK, br.StatusCode);
            Assert.Equal("br", Assert.Single(br.Content.Headers.ContentEncoding));
            Assert.True(brBody.Length * 2 < plainBody.Length, $"{url}: {brBody.Length} compressed of {plainBody.Length} bytes");
        }
    }

    [Fact]
    public async Task Fingerprinted_assets_are_cached_for_a_year_and_other_static_files_are_revalidated()
    {
        var client = site.CreateBrowser();
        var (_, page) = await client.GetPageAsync("/");
        var css = page.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;
        var js = page.QuerySelector("script[src^='/js/site.js']")!.GetAttribute("src")!;
        Assert.Contains("?v=", css);

        foreach (var url in new[] { css, js })
        {
            var versioned = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
            var cache = versioned.Headers.CacheControl!;
            Assert.True(cache.Public);
            Assert.Equal(TimeSpan.FromDays(365), cache.MaxAge);
            Assert.Contains(cache.Extensions, e => e.Name == "immutable");
        }

        var bare = await client.GetAsync("/css/site.css");
        Assert.True(bare.Headers.CacheControl!.NoCache);
        Assert.NotNull(bare.Headers.ETag);

        // An address with a fingerprint that is not the file's current one is not pinned for a year.
        var stale = await client.GetAsync("/css/site.css?v=an-old-version");
        Assert.True(stale.Headers.CacheControl!.NoCache);
        Assert.Null(stale.Headers.CacheControl.MaxAge);
    }
}
