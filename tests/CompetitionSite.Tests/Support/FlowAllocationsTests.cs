namespace CompetitionSite.Tests.Support;

/// <summary>
/// The allocation tests measure their own flow only: what other threads allocate at the same time (other tests in
/// parallel, background services) is not counted, what the flow allocates on other threads is.
/// </summary>
[Trait("Category", "Unit")]
public sealed class FlowAllocationsTests
{
    private const int Chunk = 64 * 1024;

    private static void Allocate(long bytes)
    {
        for (long done = 0; done < bytes; done += Chunk)
        {
            GC.KeepAlive(new byte[Chunk]);
        }
    }

    [Fact]
    public async Task What_another_flow_allocates_meanwhile_is_not_counted()
    {
        var processBefore = GC.GetTotalAllocatedBytes(precise: true);
        Task noise;
        using var meter = FlowAllocations.Start();
        using (ExecutionContext.SuppressFlow())
        {
            // Like a test running in parallel: 64 MiB on other threads, in an execution context of its own.
            noise = Task.Run(() => Allocate(64L * 1024 * 1024));
        }

        for (var i = 0; i < 8; i++)
        {
            Allocate(1024 * 1024);
            await Task.Yield(); // continue on whichever thread-pool thread is free
        }

        await noise;
        meter.Dispose();
        var process = GC.GetTotalAllocatedBytes(precise: true) - processBefore;

        // The process-wide count (what these tests used before) includes the other flow's 64 MiB; the meter does not.
        Assert.True(process >= 72L * 1024 * 1024, $"The process allocated {process} bytes.");
        Assert.InRange(meter.Bytes, 8L * 1024 * 1024, 9L * 1024 * 1024);
    }

    [Fact]
    public async Task What_the_flow_allocates_on_other_threads_is_counted()
    {
        using var meter = FlowAllocations.Start();
        await Task.Run(() => Allocate(4L * 1024 * 1024));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Allocate(1024 * 1024))));
        meter.Dispose();

        Assert.InRange(meter.Bytes, 8L * 1024 * 1024, 9L * 1024 * 1024);
        var final = meter.Bytes;
        Allocate(1024 * 1024);
        Assert.Equal(final, meter.Bytes);
    }
}
