using System.Net;
using CompetitionSite.Tests.Entries;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Features.Entries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Trust;

/// <summary>Issue 14, item 7: simultaneous "complete" calls of one upload record exactly one file.</summary>
public sealed class UploadCompletionRaceTests(EntriesSite site) : IClassFixture<EntriesSite>
{
    [Fact]
    public async Task Simultaneous_completes_of_one_upload_record_one_file_and_all_get_the_same_answer()
    {
        var category = await site.OpenCategoryAsync();
        var (student, _) = await site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id);
        var token = await student.Client.UploadTokenAsync(entryId);

        // Several rounds (each a new upload of the same slot): the race is real, not forced, so give it chances.
        for (var round = 0; round < 4; round++)
        {
            var file = TestFile.Pdf($"poster-{round}.pdf", 9L * 1024 * 1024, seed: (uint)(round + 3));
            var start = await student.Client.StartUploadAsync(token, entryId, file.Name, file.Length);
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
            var state = await start.JsonAsync();
            var session = state.GetProperty("id").GetString()!;
            var chunkSize = state.GetProperty("chunkSize").GetInt32();
            for (var i = 0; i < state.GetProperty("chunkCount").GetInt32(); i++)
            {
                Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunkAsync(token, entryId, session, i, file.Chunk(i, chunkSize))).StatusCode);
            }

            var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => student.Client.CompleteUploadAsync(token, entryId, session)));
            var later = await student.Client.CompleteUploadAsync(token, entryId, session);

            foreach (var answer in answers.Append(later))
            {
                Assert.True(answer.StatusCode == HttpStatusCode.OK, $"round {round}: complete answered {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            }

            var ids = await Task.WhenAll(answers.Append(later).Select(async a => (await a.JsonAsync()).GetProperty("id").GetInt32()));
            Assert.Single(ids.Distinct());
            Assert.Equal(file.Sha256(), (await later.JsonAsync()).GetProperty("sha256").GetString());

            var rows = await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId && f.OriginalFileName == file.Name).CountAsync());
            Assert.Equal(1, rows);
            var current = await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId && f.IsCurrent).Select(f => f.OriginalFileName).ToListAsync());
            Assert.Equal([file.Name], current);
        }
    }

    [Fact]
    public async Task The_database_refuses_a_second_row_for_one_stored_file()
    {
        var category = await site.OpenCategoryAsync();
        var (student, _) = await site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id);
        Assert.Equal(HttpStatusCode.OK, (await student.Client.UploadAsync(entryId, TestFile.Pdf())).StatusCode);

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => site.DbAsync(async db =>
        {
            var file = await db.EntryFiles.AsNoTracking().SingleAsync(f => f.EntryId == entryId);
            file.Id = 0;
            db.EntryFiles.Add(file);
            await db.SaveChangesAsync();
        }));
        Assert.Contains("UNIQUE", error.InnerException?.Message ?? "", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>
/// The completion claim is written past EF's change tracker; a caller that starts, stages and completes an upload with
/// one context (seed-demo does) must still see its own claim. Before the fix every such completion answered "still
/// being checked", and seed-demo stopped.
/// </summary>
public sealed class UploadInOneContextTests(EntriesSite site) : IClassFixture<EntriesSite>
{
    [Fact]
    public async Task Start_stage_and_complete_with_one_context_records_the_file()
    {
        var category = await site.OpenCategoryAsync();
        var (student, _) = await site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id);
        var file = TestFile.Pdf("poster-satu-konteks.pdf", 200_000);

        await using var scope = site.Services.CreateAsyncScope();
        var uploads = scope.ServiceProvider.GetRequiredService<EntryUploads>();
        var (state, problem) = await uploads.StartAsync(entryId, student.UserId, new UploadStart(file.Name, file.Length, 0), CancellationToken.None);
        Assert.Null(problem);
        await using (var body = file.Open())
        {
            Assert.Null(await uploads.StageChunkAsync(entryId, state!.Id, 0, 1, body, file.Length, null, CancellationToken.None));
        }

        var (stored, refused) = await uploads.CompleteAsync(entryId, state.Id, null, CancellationToken.None);
        Assert.True(refused is null, refused?.Message);
        Assert.Equal(file.Sha256(), stored!.Sha256);
    }
}

/// <summary>Issue 14, item 8: the file store down mid-upload answers 503 with Retry-After and a message that says so.</summary>
public sealed class StorageDownTests : IDisposable
{
    // The shared Azurite reached through a relay the test cuts: a real outage of the storage's network address.
    private readonly TcpRelay _relay = new(AzuriteServer.Shared.Port);
    private readonly EntriesSite _site = new();

    public StorageDownTests() => _site.UseAzureBlobStorage(
        AzuriteServer.Shared.ConnectionString.Replace($":{AzuriteServer.Shared.Port}/", $":{_relay.Port}/", StringComparison.Ordinal),
        AzuriteServer.NewContainerName());

    /// <param name="resets">The storage's address refuses connections (false), or accepts and resets them (true: a
    /// proxy or balancer in front of the storage that is up while the storage is not).</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_chunk_while_the_storage_is_down_gets_503_with_Retry_After_and_a_localized_message(bool resets)
    {
        var category = await _site.OpenCategoryAsync();
        var (student, _) = await _site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id);
        var token = await student.Client.UploadTokenAsync(entryId);
        var file = TestFile.Pdf("poster.pdf", 6L * 1024 * 1024);
        var state = await (await student.Client.StartUploadAsync(token, entryId, file.Name, file.Length)).JsonAsync();
        var session = state.GetProperty("id").GetString()!;
        var chunkSize = state.GetProperty("chunkSize").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunkAsync(token, entryId, session, 0, file.Chunk(0, chunkSize))).StatusCode);

        _relay.Stop(keepPort: resets);
        var chunk = await student.Client.PutChunkAsync(token, entryId, session, 1, file.Chunk(1, chunkSize));
        var complete = await student.Client.CompleteUploadAsync(token, entryId, session);

        foreach (var answer in new[] { chunk, complete })
        {
            Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable,
                $"{answer.RequestMessage?.RequestUri?.AbsolutePath}: {(int)answer.StatusCode}\n{string.Join("\n", _site.Logs.Where(l => l.StartsWith("Error:", StringComparison.Ordinal) || l.StartsWith("Critical:", StringComparison.Ordinal)).Take(3))}");
            Assert.True(answer.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
            var body = await answer.JsonAsync();
            Assert.Equal("storage-unavailable", body.GetProperty("code").GetString());
            Assert.Contains("Penyimpanan file situs sedang tidak tersedia", body.GetProperty("message").GetString());
        }

        Assert.DoesNotContain(_site.Logs, line => line.StartsWith("Error:", StringComparison.Ordinal) || line.StartsWith("Critical:", StringComparison.Ordinal));
        var status = await _site.DbAsync(db => db.UploadSessions.Where(s => s.Id == Guid.Parse(session)).Select(s => s.Status).SingleAsync());
        Assert.Equal(Web.Domain.Entries.UploadStatus.Active, status);

        // The storage is back: the same upload continues and completes.
        _relay.Start();
        Assert.Equal(HttpStatusCode.NoContent, (await student.Client.PutChunkAsync(token, entryId, session, 1, file.Chunk(1, chunkSize))).StatusCode);
        var done = await student.Client.CompleteUploadAsync(token, entryId, session);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(file.Sha256(), (await done.JsonAsync()).GetProperty("sha256").GetString());
    }

    public void Dispose()
    {
        _site.Dispose();
        _relay.Dispose();
    }
}
