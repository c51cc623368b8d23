namespace CompetitionSite.Tests.Support;

/// <summary>
/// Counts the bytes allocated by the code that runs in one asynchronous flow (the caller's and everything it awaits,
/// on whichever threads it continues), and nothing else: other tests running in parallel, the site's background
/// services and timers are not counted, because they run in other execution contexts. It adds up
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> over each stretch of time a thread spends in the flow; an
/// <see cref="AsyncLocal{T}"/> change callback marks when a thread enters and leaves the flow's execution context.
/// Work that suppresses the flow (e.g. a TestServer without PreserveExecutionContext) is not counted.
/// </summary>
public sealed class FlowAllocations : IDisposable
{
    private readonly AsyncLocal<FlowAllocations?> _flow;
    private readonly ThreadLocal<long> _enteredAt = new();
    private long _bytes;
    private long? _final;

    private FlowAllocations() => _flow = new AsyncLocal<FlowAllocations?>(Changed);

    /// <summary>Starts counting the calling flow's allocations from now on.</summary>
    public static FlowAllocations Start()
    {
        var meter = new FlowAllocations();
        meter._flow.Value = meter;
        return meter;
    }

    /// <summary>Bytes allocated in the flow until <see cref="Dispose"/> (so far, while counting).</summary>
    public long Bytes => _final ?? Interlocked.Read(ref _bytes) + (_flow.Value == this ? GC.GetAllocatedBytesForCurrentThread() - _enteredAt.Value : 0);

    /// <summary>Stops counting; <see cref="Bytes"/> keeps the number reached.</summary>
    public void Dispose()
    {
        if (_final is null)
        {
            _flow.Value = null;
            _final = Interlocked.Read(ref _bytes);
            _enteredAt.Dispose();
        }
    }

    private void Changed(AsyncLocalValueChangedArgs<FlowAllocations?> change)
    {
        if (_final is not null)
        {
            return;
        }

        if (change.CurrentValue == this && change.PreviousValue != this)
        {
            _enteredAt.Value = GC.GetAllocatedBytesForCurrentThread();
        }
        else if (change.PreviousValue == this && change.CurrentValue != this)
        {
            Interlocked.Add(ref _bytes, GC.GetAllocatedBytesForCurrentThread() - _enteredAt.Value);
        }
    }
}
