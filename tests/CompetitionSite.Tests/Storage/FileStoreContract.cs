using System.Net;
using System.Security.Cryptography;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Storage;

/// <summary>
/// What every file store promises, run against each real store (local disk, Azure Blob Storage on Azurite)
/// through the site's own dependency injection, so the wiring is tested too.
/// </summary>
public abstract class FileStoreContract(SiteFactory site)
{
    protected SiteFactory Site { get; } = site;

    protected IFileStore Store => Site.Services.GetRequiredService<IFileStore>();

    protected abstract Type ExpectedStoreType { get; }

    /// <summary>What a browser gets for an expired link.</summary>
    protected abstract HttpStatusCode ExpiredLinkStatus { get; }

    /// <summary>A client that can follow a read URL (the site itself for local links, any HTTP client for SAS links).</summary>
    protected abstract HttpClient ClientFor(Uri readUrl);

    [Fact]
    public void The_site_uses_this_store() => Assert.IsType(ExpectedStoreType, Store);

    [Fact]
    public async Task A_saved_file_reads_back_byte_for_byte()
    {
        var name = FileNames.New("png");
        var bytes = GeneratedStream.Bytes(300_000, seed: 7);

        var written = await Store.SaveAsync(name, new MemoryStream(bytes), "image/png");

        Assert.Equal(bytes.Length, written);
        Assert.Equal(bytes, await ReadAllAsync(name));
    }

    [Fact]
    public async Task A_one_way_stream_is_saved_and_its_length_reported()
    {
        var name = FileNames.New();
        var source = new GeneratedStream(5_000_000, seed: 3);

        var written = await Store.SaveAsync(name, source, "application/zip");

        Assert.Equal(5_000_000, written);
        Assert.Equal(source.Sha256(), SHA256.HashData(await ReadAllAsync(name)));
    }

    [Fact]
    public async Task Saving_again_under_the_same_name_replaces_the_file()
    {
        var name = FileNames.New();
        await Store.SaveAsync(name, new MemoryStream(Utf8("first version, longer")), "text/plain");

        await Store.SaveAsync(name, new MemoryStream(Utf8("second")), "text/plain");

        Assert.Equal(Utf8("second"), await ReadAllAsync(name));
    }

    [Fact]
    public async Task An_interrupted_save_keeps_the_previous_file_and_shows_nothing_half_written()
    {
        var replaced = FileNames.New();
        var fresh = FileNames.New();
        await Store.SaveAsync(replaced, new MemoryStream(Utf8("the good version")), "text/plain");

        // Past the first 4 MiB block, so the Azure store has already sent blocks when the upload breaks.
        await Assert.ThrowsAnyAsync<Exception>(() => Store.SaveAsync(replaced, new GeneratedStream(20_000_000, failAfter: 9_000_000), "video/mp4"));
        await Assert.ThrowsAnyAsync<Exception>(() => Store.SaveAsync(fresh, new GeneratedStream(20_000_000, failAfter: 9_000_000), "video/mp4"));

        Assert.Equal(Utf8("the good version"), await ReadAllAsync(replaced));
        await Assert.ThrowsAsync<FileNotFoundInStoreException>(() => Store.OpenReadAsync(fresh));
    }

    [Fact]
    public async Task A_deleted_file_is_gone_and_deleting_a_missing_file_is_fine()
    {
        var name = FileNames.New();
        await Store.SaveAsync(name, new MemoryStream([1, 2, 3]), "application/octet-stream");

        await Store.DeleteAsync(name);
        await Store.DeleteAsync(name);
        await Store.DeleteAsync(FileNames.New());

        await Assert.ThrowsAsync<FileNotFoundInStoreException>(() => Store.OpenReadAsync(name));
    }

    [Fact]
    public async Task Opening_a_missing_file_throws_FileNotFoundInStoreException()
    {
        var name = FileNames.New("pdf");

        var error = await Assert.ThrowsAsync<FileNotFoundInStoreException>(() => Store.OpenReadAsync(name));

        Assert.Equal(name, error.Name);
    }

    [Theory]
    [InlineData("../site.db")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("/etc/passwd")]
    [InlineData(".staging")]
    [InlineData("")]
    public async Task Names_that_could_leave_the_store_are_refused(string name)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SaveAsync(name, new MemoryStream([1]), "text/plain"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.OpenReadAsync(name));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DeleteAsync(name));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetReadUrlAsync(name, TimeSpan.FromMinutes(5)));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.StageChunkAsync(name, 0, new MemoryStream([1])));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.CommitChunksAsync(name, 1, "text/plain"));
    }

    [Fact]
    public async Task A_read_url_downloads_the_bytes_as_an_attachment_with_the_given_name()
    {
        var name = FileNames.New("png");
        var bytes = GeneratedStream.Bytes(100_000, seed: 11);
        await Store.SaveAsync(name, new MemoryStream(bytes), "image/png");

        var url = await Store.GetReadUrlAsync(name, TimeSpan.FromMinutes(5), "Poster Budi – Juara 1.png");
        var response = await ClientFor(url).GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("Poster Budi – Juara 1.png", Uri.UnescapeDataString(disposition.FileNameStar!));
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("image/png", "image/png")]
    [InlineData("video/mp4", "video/mp4")]
    [InlineData("application/pdf", "application/pdf")]
    [InlineData("text/html", "application/octet-stream")]
    [InlineData("image/svg+xml", "application/octet-stream")]
    public async Task A_read_url_serves_only_safe_preview_types_as_themselves(string asked, string served)
    {
        var name = FileNames.New();
        await Store.SaveAsync(name, new MemoryStream(Utf8("<script>alert(1)</script>")), asked);

        var url = await Store.GetReadUrlAsync(name, new ReadUrlRequest(TimeSpan.FromMinutes(5), "entry", asked));
        var response = await ClientFor(url).GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(served, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Theory]
    [InlineData("application/pdf", "application/pdf", "inline")]
    [InlineData("image/png", "image/png", "inline")]
    [InlineData("text/html", "application/octet-stream", "attachment")]
    [InlineData("image/svg+xml", "application/octet-stream", "attachment")]
    public async Task An_inline_read_url_shows_only_safe_preview_types_in_the_page(string asked, string served, string disposition)
    {
        var name = FileNames.New();
        await Store.SaveAsync(name, new MemoryStream(Utf8("%PDF-1.4 or <script>alert(1)</script>")), asked);

        var url = await Store.GetReadUrlAsync(name, new ReadUrlRequest(TimeSpan.FromMinutes(5), "Berkas 1.pdf", asked, Inline: true));
        var response = await ClientFor(url).GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(served, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(disposition, response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("Berkas 1.pdf", Uri.UnescapeDataString(response.Content.Headers.ContentDisposition!.FileNameStar!));
    }

    [Fact]
    public async Task A_read_url_stops_working_once_it_expires()
    {
        var name = FileNames.New();
        await Store.SaveAsync(name, new MemoryStream(Utf8("soon gone")), "text/plain");

        var url = await Store.GetReadUrlAsync(name, TimeSpan.FromSeconds(2), "a.txt");
        var fresh = await ClientFor(url).GetAsync(url);
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        var expired = await ClientFor(url).GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(ExpiredLinkStatus, expired.StatusCode);
    }

    [Fact]
    public async Task A_read_url_must_be_short_lived()
    {
        var name = FileNames.New();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetReadUrlAsync(name, TimeSpan.Zero));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetReadUrlAsync(name, TimeSpan.FromDays(8)));
    }

    [Fact]
    public async Task Chunks_staged_in_any_order_and_restaged_are_committed_in_index_order()
    {
        var name = FileNames.New("mp4");
        var chunk0 = GeneratedStream.Bytes(1_000_000, seed: 10);
        var chunk1Old = GeneratedStream.Bytes(1_000_000, seed: 11);
        var chunk1 = GeneratedStream.Bytes(1_000_000, seed: 12);
        var chunk2 = GeneratedStream.Bytes(123_457, seed: 13);

        await Store.StageChunkAsync(name, 2, new MemoryStream(chunk2));
        await Store.StageChunkAsync(name, 1, new MemoryStream(chunk1Old));
        await Store.StageChunkAsync(name, 0, new GeneratedStream(1_000_000, seed: 10)); // one-way, like a request body
        await Store.StageChunkAsync(name, 1, new MemoryStream(chunk1)); // the retry after a dropped connection

        Assert.Equal([0, 1, 2], await Store.GetStagedChunksAsync(name));
        await Assert.ThrowsAsync<FileNotFoundInStoreException>(() => Store.OpenReadAsync(name));

        var length = await Store.CommitChunksAsync(name, 3, "video/mp4");

        Assert.Equal(chunk0.Length + chunk1.Length + chunk2.Length, length);
        byte[] expected = [.. chunk0, .. chunk1, .. chunk2];
        Assert.Equal(expected, await ReadAllAsync(name));
        Assert.Empty(await Store.GetStagedChunksAsync(name));
    }

    [Fact]
    public async Task A_chunk_of_known_length_streams_from_a_one_way_body_and_commits()
    {
        var name = FileNames.New("mp4");
        const int Length0 = 3_000_000;
        const int Length1 = 77_777;

        await Store.StageChunkAsync(name, 1, new GeneratedStream(Length1, seed: 21), Length1);
        await Store.StageChunkAsync(name, 0, new GeneratedStream(Length0, seed: 20), Length0);

        Assert.Equal([0, 1], await Store.GetStagedChunksAsync(name));
        Assert.Equal(Length0 + Length1, await Store.CommitChunksAsync(name, 2, "video/mp4"));
        byte[] expected = [.. GeneratedStream.Bytes(Length0, seed: 20), .. GeneratedStream.Bytes(Length1, seed: 21)];
        Assert.Equal(expected, await ReadAllAsync(name));
    }

    [Fact]
    public async Task A_one_way_chunk_cut_off_midway_comes_out_as_the_body_failed_and_keeps_what_was_staged_before()
    {
        var name = FileNames.New("mp4");
        const int Length = 2_000_000;
        await Store.StageChunkAsync(name, 0, new MemoryStream(Utf8("earlier")));

        var error = await Assert.ThrowsAsync<IOException>(() => Store.StageChunkAsync(name, 0, new GeneratedStream(Length, seed: 22, failAfter: 1_000_000), Length));
        Assert.Contains("simulated", error.Message, StringComparison.Ordinal);

        await Store.CommitChunksAsync(name, 1, "video/mp4");
        Assert.Equal(Utf8("earlier"), await ReadAllAsync(name));
    }

    [Theory]
    [InlineData(1_000_000, 999_999)] // the body ends early
    [InlineData(1_000_000, 1_000_001)] // the body goes on past the announced length
    public async Task A_one_way_chunk_of_another_length_than_announced_is_not_staged(int announced, int actual)
    {
        var name = FileNames.New("mp4");

        await Assert.ThrowsAsync<IOException>(() => Store.StageChunkAsync(name, 0, new GeneratedStream(actual, seed: 23), announced));

        Assert.Empty(await Store.GetStagedChunksAsync(name));
    }

    [Fact]
    public async Task A_commit_with_a_missing_chunk_names_it_and_the_upload_can_resume()
    {
        var name = FileNames.New();
        await Store.StageChunkAsync(name, 0, new MemoryStream(Utf8("aa")));
        await Store.StageChunkAsync(name, 2, new MemoryStream(Utf8("cc")));

        var error = await Assert.ThrowsAsync<ChunksMissingException>(() => Store.CommitChunksAsync(name, 3, "text/plain"));

        Assert.Equal([1], error.Missing);
        Assert.Equal([0, 2], await Store.GetStagedChunksAsync(name));
        await Store.StageChunkAsync(name, 1, new MemoryStream(Utf8("bb")));
        Assert.Equal(6, await Store.CommitChunksAsync(name, 3, "text/plain"));
        Assert.Equal(Utf8("aabbcc"), await ReadAllAsync(name));
    }

    [Fact]
    public async Task Nothing_is_staged_for_a_new_upload()
    {
        Assert.Empty(await Store.GetStagedChunksAsync(FileNames.New()));
    }

    [Fact]
    public async Task Discarded_chunks_are_gone_and_leave_no_file()
    {
        var name = FileNames.New();
        await Store.StageChunkAsync(name, 0, new MemoryStream(Utf8("aa")));
        await Store.StageChunkAsync(name, 1, new MemoryStream(Utf8("bb")));

        await Store.DiscardChunksAsync(name);
        await Store.DiscardChunksAsync(name);

        Assert.Empty(await Store.GetStagedChunksAsync(name));
        await Assert.ThrowsAsync<FileNotFoundInStoreException>(() => Store.OpenReadAsync(name));
        await Assert.ThrowsAsync<ChunksMissingException>(() => Store.CommitChunksAsync(name, 2, "text/plain"));
    }

    [Fact]
    public async Task Discarding_chunks_never_touches_a_committed_file()
    {
        var name = FileNames.New();
        await Store.SaveAsync(name, new MemoryStream(Utf8("kept")), "text/plain");

        await Store.DiscardChunksAsync(name);

        Assert.Equal(Utf8("kept"), await ReadAllAsync(name));
    }

    [Fact]
    public async Task The_store_answers_its_health_check()
    {
        await Store.CheckAsync();
    }

    protected static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    protected async Task<byte[]> ReadAllAsync(string name)
    {
        await using var stream = await Store.OpenReadAsync(name);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}

/// <summary>The site with its default store, the local disk (a per-test-class temp folder).</summary>
public sealed class LocalStoreSite : SiteFactory;

/// <summary>The site keeping its files in Azurite, in a container of its own.</summary>
public sealed class AzuriteStoreSite : SiteFactory
{
    public AzuriteStoreSite() => UseAzurite(AzuriteServer.Shared);
}

[Trait("Database", "Independent")]
public sealed class LocalDiskFileStoreContract(LocalStoreSite site) : FileStoreContract(site), IClassFixture<LocalStoreSite>
{
    protected override Type ExpectedStoreType => typeof(LocalDiskFileStore);

    protected override HttpStatusCode ExpiredLinkStatus => HttpStatusCode.NotFound;

    protected override HttpClient ClientFor(Uri readUrl)
    {
        Assert.False(readUrl.IsAbsoluteUri, "A local read URL is a link to the site itself.");
        return Site.CreateBrowser();
    }
}

[Trait("Database", "Independent")]
public sealed class AzureBlobFileStoreContract(AzuriteStoreSite site) : FileStoreContract(site), IClassFixture<AzuriteStoreSite>
{
    private static readonly HttpClient Http = new();

    protected override Type ExpectedStoreType => typeof(AzureBlobFileStore);

    protected override HttpStatusCode ExpiredLinkStatus => HttpStatusCode.Forbidden;

    [Fact]
    public async Task Pages_may_show_images_video_and_framed_pdfs_from_the_storage_account()
    {
        var response = await Site.CreateBrowser().GetAsync("/");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        var origin = new Uri(AzuriteServer.Shared.BlobEndpoint).GetLeftPart(UriPartial.Authority);

        Assert.Contains($"img-src 'self' data: blob: {origin};", policy);
        Assert.Contains($"media-src 'self' blob: {origin};", policy);
        Assert.Contains($"frame-src 'self' {origin};", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
    }

    protected override HttpClient ClientFor(Uri readUrl)
    {
        Assert.StartsWith(AzuriteServer.Shared.BlobEndpoint, readUrl.ToString());
        Assert.Contains("sig=", readUrl.Query);
        return Http;
    }
}
