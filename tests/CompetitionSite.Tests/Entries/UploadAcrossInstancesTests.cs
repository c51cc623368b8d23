using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Features.Entries;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Entries;

/// <summary>
/// Decision 0002's case on the path through the site, with two instances of the site on one database and one Azure
/// container: one instance scanned every chunk of an upload on its way, then the owner sent one chunk again, with other
/// bytes, to the other instance. The receipt must be of the bytes stored, not of the bytes the first instance saw.
/// </summary>
public sealed class UploadAcrossInstancesTests : IDisposable
{
    private readonly EntriesSite _first = new();
    private readonly EntriesSite _second = new();

    public UploadAcrossInstancesTests()
    {
        // The second instance: the first one's database and files, a clock at the same time.
        _second.Settings["Database:ConnectionString"] = _first.Settings["Database:ConnectionString"];
        _second.Settings["Storage:Azure:Container"] = _first.Settings["Storage:Azure:Container"];
        _second.Clock.Advance(_first.Clock.GetUtcNow() - _second.Clock.GetUtcNow());
    }

    [Fact]
    public async Task A_chunk_sent_again_with_other_bytes_to_another_instance_gets_the_receipt_of_the_bytes_stored()
    {
        var category = await _first.OpenCategoryAsync();
        var (student, _) = await _first.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id);
        var token = await student.Client.UploadTokenAsync(entryId);
        const int chunkSize = 256 * 1024;
        var file = TestFile.Pdf("poster.pdf", 2L * chunkSize + 70_000, seed: 31);
        var started = await student.Client.StartUploadAsync(token, entryId, file.Name, file.Length, chunkSize: chunkSize);
        var state = await started.JsonAsync();
        var session = state.GetProperty("id").GetString()!;
        Assert.Equal(chunkSize, state.GetProperty("chunkSize").GetInt32());
        Assert.Equal(3, state.GetProperty("chunkCount").GetInt32());

        // Every chunk, in order, through the first instance: its scan saw all of them.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunkAsync(token, entryId, session, i, file.Chunk(i, chunkSize))).StatusCode);
        }

        // Chunk 1 again, with other bytes of the same length, through the second instance (the same person, signed in there).
        var elsewhere = _second.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.LogInAsync(student.Email)).StatusCode);
        var otherToken = await elsewhere.UploadTokenAsync(entryId);
        var other = new byte[chunkSize];
        RandomNumberGenerator.Fill(other);
        var content = new ByteArrayContent(other);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        Assert.Equal(HttpStatusCode.NoContent, (await elsewhere.PutChunkAsync(otherToken, entryId, session, 1, content)).StatusCode);

        // Completed through the first instance, whose scan describes the first bytes of chunk 1.
        var complete = await student.Client.CompleteUploadAsync(token, entryId, session);

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        using var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        expected.AppendData(await BytesAsync(file.Chunk(0, chunkSize)));
        expected.AppendData(other);
        expected.AppendData(await BytesAsync(file.Chunk(2, chunkSize)));
        var hash = Convert.ToHexStringLower(expected.GetHashAndReset());
        Assert.NotEqual(file.Sha256(), hash);
        Assert.Equal(hash, (await complete.JsonAsync()).GetProperty("sha256").GetString());
        var name = await _first.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId).Select(f => f.StoredName).SingleAsync());
        await using var scope = _first.Services.CreateAsyncScope();
        await using var stored = await scope.ServiceProvider.GetRequiredService<IFileStore>().OpenReadAsync(name);
        Assert.Equal(hash, (await FileSignatures.ScanAsync(stored)).Sha256);
        Assert.Equal(4, await _first.DbAsync(db => db.UploadSessions.Where(s => s.Id == Guid.Parse(session)).Select(s => s.ChunkWrites).SingleAsync()));
    }

    private static async Task<byte[]> BytesAsync(HttpContent content) => await content.ReadAsByteArrayAsync();

    public void Dispose()
    {
        _second.Dispose();
        _first.Dispose();
    }
}
