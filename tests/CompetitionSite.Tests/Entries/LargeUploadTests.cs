using System.Diagnostics;
using System.Net;
using CompetitionSite.Tests.Storage;
using CompetitionSite.Tests.Support;
using Xunit.Abstractions;

namespace CompetitionSite.Tests.Entries;

/// <summary>
/// A 50 MB video goes through the upload API in chunks into Azure Blob Storage (Azurite) and is hashed on
/// completion, while the test client and the site's handling of the requests allocate far less than the file's size.
/// The count is this test's own flow (<see cref="FlowAllocations"/>; the test server runs requests in the caller's
/// execution context), so tests running in parallel and the site's background services do not disturb it.
/// </summary>
[Collection(nameof(LargeFiles))]
public sealed class LargeUploadTests(EntriesSite site, ITestOutputHelper output) : IClassFixture<EntriesSite>
{
    private const long Size = 50L * 1024 * 1024;

    [Fact]
    public async Task A_50_MB_upload_through_the_api_allocates_far_less_than_the_file_size()
    {
        // Before any client exists (each client's handler takes the setting when it is made): the site handles each
        // request in the test's execution context, so the meter below counts the site's side too.
        site.Server.PreserveExecutionContext = true;
        var category = await site.OpenCategoryAsync(c =>
        {
            c.Kind = Web.Domain.Competitions.EntryKind.Video;
            c.AllowedExtensions = ".mp4";
            c.MaxFileSizeMb = 100;
        });
        var (student, _) = await site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id, "Video Banten");
        var warmUp = new TestFile("pemanasan.mp4", 5L * 1024 * 1024, TestFile.Mp4Header, seed: 1);
        Assert.Equal(HttpStatusCode.OK, (await student.Client.UploadAsync(entryId, warmUp)).StatusCode);

        var file = new TestFile("video-banten.mp4", Size, TestFile.Mp4Header, seed: 50);
        var expected = file.Sha256();
        var clock = Stopwatch.StartNew();
        var meter = FlowAllocations.Start();

        var response = await student.Client.UploadAsync(entryId, file);

        meter.Dispose();
        var allocated = meter.Bytes;
        output.WriteLine($"50 MiB through the API in {clock.Elapsed.TotalSeconds:F1} s, allocated {allocated / 1024.0 / 1024.0:F1} MiB");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await response.JsonAsync();
        Assert.Equal(expected, stored.GetProperty("sha256").GetString());
        Assert.Equal("video/mp4", stored.GetProperty("contentType").GetString());
        Assert.True(allocated < Size / 4, $"Uploading 50 MiB allocated {allocated / 1024 / 1024} MiB.");
    }
}
