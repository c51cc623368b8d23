using System.Net;
using System.Net.Http.Headers;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Storage;

/// <summary>The site's own signed download links for files on the local disk: only the exact link works.</summary>
[Trait("Database", "Independent")]
public sealed class LocalFileLinkTests(LocalStoreSite site) : IClassFixture<LocalStoreSite>
{
    private IFileStore Store => site.Services.GetRequiredService<IFileStore>();

    [Fact]
    public async Task A_download_is_never_sniffed_or_cached_and_always_an_attachment()
    {
        var (_, url) = await SaveAsync("video/mp4");

        var response = await site.CreateBrowser().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_inline_pdf_may_be_framed_by_the_site_itself_and_by_no_one_else()
    {
        var name = FileNames.New("pdf");
        await Store.SaveAsync(name, new MemoryStream(Utf8("%PDF-1.4")), "application/pdf");
        var inline = await Store.GetReadUrlAsync(name, new ReadUrlRequest(TimeSpan.FromMinutes(5), "Berkas 1.pdf", "application/pdf", Inline: true));
        var attachment = await Store.GetReadUrlAsync(name, new ReadUrlRequest(TimeSpan.FromMinutes(5), "Berkas 1.pdf", "application/pdf"));

        var framed = await site.CreateBrowser().GetAsync(inline);
        var downloaded = await site.CreateBrowser().GetAsync(attachment);

        Assert.Equal("inline", framed.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("SAMEORIGIN", framed.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'self'", framed.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", framed.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("attachment", downloaded.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("DENY", downloaded.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", downloaded.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Adding_or_removing_inline_on_a_signed_link_gives_404()
    {
        var name = FileNames.New("pdf");
        await Store.SaveAsync(name, new MemoryStream(Utf8("%PDF-1.4")), "application/pdf");
        var attachment = (await Store.GetReadUrlAsync(name, new ReadUrlRequest(TimeSpan.FromMinutes(5), "a.pdf", "application/pdf"))).ToString();
        var inline = (await Store.GetReadUrlAsync(name, new ReadUrlRequest(TimeSpan.FromMinutes(5), "a.pdf", "application/pdf", Inline: true))).ToString();

        var added = await site.CreateBrowser().GetAsync(attachment + "&disp=inline");
        var removed = await site.CreateBrowser().GetAsync(inline.Replace("disp=inline&", "", StringComparison.Ordinal).Replace("&disp=inline", "", StringComparison.Ordinal));

        Assert.Contains("disp=inline", inline);
        Assert.Equal(HttpStatusCode.NotFound, added.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removed.StatusCode);
    }

    [Fact]
    public async Task A_video_can_be_read_in_ranges_for_seeking()
    {
        var (bytes, url) = await SaveAsync("video/mp4");
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue(1000, 1999);

        var response = await site.CreateBrowser().SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(bytes[1000..2000], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(bytes.Length, response.Content.Headers.ContentRange?.Length);
    }

    [Theory]
    [InlineData("sig")]
    [InlineData("exp")]
    [InlineData("fn")]
    [InlineData("ct")]
    public async Task A_link_with_any_value_changed_gives_404(string changed)
    {
        var (_, url) = await SaveAsync("image/png");
        var query = QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost"), url).Query).ToDictionary(kv => kv.Key, kv => (string?)kv.Value.ToString());
        query[changed] = changed switch
        {
            "sig" => query["sig"]![..^4] + (query["sig"]!.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"),
            "exp" => (long.Parse(query["exp"]!) + 3600).ToString(),
            "fn" => "other.exe",
            _ => "application/pdf",
        };
        var forged = QueryHelpers.AddQueryString(url.ToString().Split('?')[0], query);

        var response = await site.CreateBrowser().GetAsync(forged);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_link_for_one_file_does_not_open_another()
    {
        var (_, url) = await SaveAsync("image/png");
        var other = FileNames.New("png");
        await Store.SaveAsync(other, new MemoryStream([9, 9, 9]), "image/png");

        var moved = url.ToString().Replace(url.ToString().Split('?')[0], LocalFileLinks.PathPrefix + other, StringComparison.Ordinal);
        var response = await site.CreateBrowser().GetAsync(moved);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/files/..%2Fsite.db")]
    [InlineData("/files/x?exp=99999999999&fn=a&sig=abc")]
    [InlineData("/files/x")]
    public async Task Made_up_links_give_404(string path)
    {
        var response = await site.CreateBrowser().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_link_to_a_deleted_file_gives_404()
    {
        var name = FileNames.New();
        await Store.SaveAsync(name, new MemoryStream([1]), "text/plain");
        var url = await Store.GetReadUrlAsync(name, TimeSpan.FromMinutes(5));
        await Store.DeleteAsync(name);

        var response = await site.CreateBrowser().GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Files_are_kept_in_the_configured_folder_and_leftovers_are_purged()
    {
        var store = Assert.IsType<LocalDiskFileStore>(Store);
        var name = FileNames.New();
        await store.SaveAsync(name, new MemoryStream([1, 2]), "text/plain");
        await store.StageChunkAsync(FileNames.New(), 0, new MemoryStream([1]));
        var abandoned = FileNames.New();
        await store.StageChunkAsync(abandoned, 0, new MemoryStream([1]));
        var old = DateTime.UtcNow.AddDays(-8);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(store.Root, ".staging", abandoned)))
        {
            File.SetLastWriteTimeUtc(file, old);
        }

        var leftover = Path.Combine(store.Root, ".tmp", "crashed.part");
        await File.WriteAllBytesAsync(leftover, [1]);
        File.SetLastWriteTimeUtc(leftover, old);

        Assert.Equal(Path.Combine(site.DataDirectory, "files"), store.Root);
        Assert.True(File.Exists(Path.Combine(store.Root, name)));
        Assert.Equal(2, store.PurgeLeftovers(TimeSpan.FromDays(7)));
        Assert.Empty(await store.GetStagedChunksAsync(abandoned));
        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(Path.Combine(store.Root, name)));
    }

    [Fact]
    public async Task An_interrupted_save_leaves_no_temporary_file_behind()
    {
        var store = Assert.IsType<LocalDiskFileStore>(Store);
        var name = FileNames.New();

        await Assert.ThrowsAsync<IOException>(() => store.SaveAsync(name, new GeneratedStream(1_000_000, failAfter: 500_000), "text/plain"));

        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(store.Root, ".tmp")), f => Path.GetFileName(f).StartsWith(name, StringComparison.Ordinal));
    }

    private async Task<(byte[] Bytes, Uri Url)> SaveAsync(string contentType)
    {
        var name = FileNames.New();
        var bytes = GeneratedStream.Bytes(10_000, seed: 5);
        await Store.SaveAsync(name, new MemoryStream(bytes), contentType);
        return (bytes, await Store.GetReadUrlAsync(name, new ReadUrlRequest(TimeSpan.FromMinutes(5), "clip.bin", contentType)));
    }

    private static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
