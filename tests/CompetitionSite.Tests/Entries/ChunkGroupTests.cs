using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Features.Entries;
using CompetitionSite.Web.Infrastructure.Storage;

namespace CompetitionSite.Tests.Entries;

/// <summary>
/// Issue 17, item 5: the page's script asks for small chunks (256 KiB) and sends as many consecutive ones per request
/// as its link carries in a few seconds (up to 4 MiB). Offsets stay those of the session's chunk size, whatever the
/// grouping, and a group cut short keeps only whole chunks.
/// </summary>
public sealed class ChunkGroupTests(ReadCountingEntriesSite site) : IClassFixture<ReadCountingEntriesSite>
{
    private const int Small = EntryUploads.MinChunkSize;

    private async Task<(Person Student, int EntryId, string Token)> DraftAsync()
    {
        var category = await site.OpenCategoryAsync(c =>
        {
            c.Kind = Web.Domain.Competitions.EntryKind.Image;
            c.AllowedExtensions = ".png";
        });
        var (student, _) = await site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id);
        return (student, entryId, await student.Client.UploadTokenAsync(entryId));
    }

    [Fact]
    public async Task Small_chunks_sent_in_groups_of_any_size_make_the_same_file_and_are_hashed_on_the_way_in()
    {
        var (student, entryId, token) = await DraftAsync();
        var file = new TestFile("poster.png", 3L * 1024 * 1024 + 1_000, TestFile.PngHeader, seed: 41);
        var start = await (await student.Client.StartUploadAsync(token, entryId, file.Name, file.Length, chunkSize: Small)).JsonAsync();
        Assert.Equal(Small, start.GetProperty("chunkSize").GetInt32());
        Assert.Equal(13, start.GetProperty("chunkCount").GetInt32());
        Assert.Equal(16, start.GetProperty("maxChunksPerRequest").GetInt32());
        var session = start.GetProperty("id").GetString()!;

        // 1, then 3, then 7, then the last 2 (the very last one short): as a link that speeds up and slows down.
        var index = 0;
        foreach (var count in new[] { 1, 3, 7, 2 })
        {
            var put = await student.Client.PutChunksAsync(token, entryId, session, index, count, file.Chunks(index, count, Small));
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
            index += count;
        }

        var readsBefore = site.FilesReadBack;
        var complete = await student.Client.CompleteUploadAsync(token, entryId, session);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        var stored = await complete.JsonAsync();
        Assert.Equal(file.Sha256(), stored.GetProperty("sha256").GetString());
        Assert.Equal(file.Length, stored.GetProperty("size").GetInt64());
        Assert.Equal(readsBefore, site.FilesReadBack); // in order: the scan made on the way in was used
    }

    /// <summary>What the page's "Pilih poster.png lagi untuk melanjutkan" offer is made from; only the owner's open entry page shows it.</summary>
    [Fact]
    public async Task The_entry_page_names_the_newest_unfinished_upload_until_it_is_finished()
    {
        var (student, entryId, token) = await DraftAsync();
        var older = new TestFile("sketsa.png", 600_000, TestFile.PngHeader, seed: 43);
        var file = new TestFile("poster.png", 600_000 + 5, TestFile.PngHeader, seed: 44);
        await student.Client.StartUploadAsync(token, entryId, older.Name, older.Length, chunkSize: Small);
        site.Clock.Advance(TimeSpan.FromSeconds(1)); // the site's clock stands still in tests: "newest" needs a later start
        var session = (await (await student.Client.StartUploadAsync(token, entryId, file.Name, file.Length, chunkSize: Small)).JsonAsync())
            .GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunksAsync(token, entryId, session, 0, 1, file.Chunks(0, 1, Small))).StatusCode);

        var (_, page) = await student.Client.GetPageAsync($"/entries/{entryId}");
        var block = page.QuerySelector("[data-upload]")!;
        Assert.Equal(session, block.GetAttribute("data-resume-id"));
        Assert.Equal("poster.png", block.GetAttribute("data-resume-name"));
        Assert.Equal("600005", block.GetAttribute("data-resume-size"));
        Assert.StartsWith("Pilih poster.png lagi untuk melanjutkan.", page.QuerySelector("[data-upload-offer]")!.TextContent.Trim());

        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunksAsync(token, entryId, session, 1, 2, file.Chunks(1, 2, Small))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await student.Client.CompleteUploadAsync(token, entryId, session)).StatusCode);
        var (_, after) = await student.Client.GetPageAsync($"/entries/{entryId}");
        Assert.NotEqual(session, after.QuerySelector("[data-upload]")!.GetAttribute("data-resume-id"));
        Assert.DoesNotContain("Pilih poster.png lagi", after.MainText());
    }

    [Fact]
    public async Task A_group_over_4_MiB_or_past_the_end_is_refused_and_one_cut_short_keeps_only_its_whole_chunks()
    {
        var (student, entryId, token) = await DraftAsync();
        var file = new TestFile("poster.png", 5L * 1024 * 1024, TestFile.PngHeader, seed: 42); // 20 chunks of 256 KiB
        var session = (await (await student.Client.StartUploadAsync(token, entryId, file.Name, file.Length, chunkSize: Small)).JsonAsync())
            .GetProperty("id").GetString()!;

        var tooLarge = await student.Client.PutChunksAsync(token, entryId, session, 0, 17, file.Chunks(0, 17, Small));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("chunk-too-large", (await tooLarge.JsonAsync()).GetProperty("code").GetString());

        var pastTheEnd = await student.Client.PutChunksAsync(token, entryId, session, 18, 3, file.Chunks(18, 2, Small));
        Assert.Equal(HttpStatusCode.BadRequest, pastTheEnd.StatusCode);
        Assert.Equal("chunk-index", (await pastTheEnd.JsonAsync()).GetProperty("code").GetString());

        // Chunks 0–3 in one request, the connection dropping halfway through chunk 2: chunks 0 and 1 are whole and kept.
        var cut = await student.Client.PutChunksAsync(token, entryId, session, 0, 4, file.Chunks(0, 4, Small, cutAfter: 5L * Small / 2));
        Assert.Equal(HttpStatusCode.BadRequest, cut.StatusCode);
        Assert.Equal("chunk-size", (await cut.JsonAsync()).GetProperty("code").GetString());
        var status = await (await student.Client.GetAsync($"/api/entries/{entryId}/uploads/{session}")).JsonAsync();
        Assert.Equal(new[] { 0, 1 }, status.GetProperty("received").EnumerateArray().Select(e => e.GetInt32()).Order());

        // The rest from chunk 2, in two groups; the file is whole and the same.
        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunksAsync(token, entryId, session, 2, 16, file.Chunks(2, 16, Small))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunksAsync(token, entryId, session, 18, 2, file.Chunks(18, 2, Small))).StatusCode);
        var complete = await student.Client.CompleteUploadAsync(token, entryId, session);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal(file.Sha256(), (await complete.JsonAsync()).GetProperty("sha256").GetString());
    }
}

/// <summary>The chunk size of a new upload session (<see cref="EntryUploads.ChunkSizeFor"/>).</summary>
[Trait("Category", "Unit")]
public sealed class ChunkSizeTests
{
    private const int Small = EntryUploads.MinChunkSize;

    [Fact]
    public void The_chunk_size_a_client_asks_for_is_kept_between_256_KiB_and_4_MiB_and_within_the_stores_chunk_count()
    {
        const int mib = 1024 * 1024;
        Assert.Equal(4 * mib, EntryUploads.ChunkSizeFor(null, 10 * mib)); // a client that asks nothing: as before
        Assert.Equal(Small, EntryUploads.ChunkSizeFor(1_000, 10 * mib));
        Assert.Equal(Small, EntryUploads.ChunkSizeFor(Small, 10 * mib));
        Assert.Equal(mib, EntryUploads.ChunkSizeFor(mib, 10 * mib));
        Assert.Equal(4 * mib, EntryUploads.ChunkSizeFor(100 * mib, 10 * mib));

        // 20 GiB in 256 KiB chunks would be 81,920 chunks, more than a store keeps: the chunk grows until it fits.
        var huge = 20L * 1024 * mib;
        var chunk = EntryUploads.ChunkSizeFor(Small, huge);
        Assert.True((huge + chunk - 1) / chunk <= IFileStore.MaxChunks);
        Assert.Equal(Small * 2, chunk);
    }
}
