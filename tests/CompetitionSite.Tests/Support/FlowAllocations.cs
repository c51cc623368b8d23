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
    /// <summary>How long <see cref="Dispose"/> waits for other threads to leave the flow (a thread started inside it stays).</summary>
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(2);

    private readonly AsyncLocal<FlowAllocations?> _flow;
    private readonly ThreadLocal<long> _enteredAt = new();
    private long _bytes;
    private int _inside;
    private long? _final;

    private FlowAllocations() => _flow = new AsyncLocal<FlowAllocations?>(Changed);

    /// <summary>Starts counting the calling flow's allocations from now on.</summary>
    public static FlowAllocations Start()
    {
        var meter = new FlowAllocations();
        meter._flow.Value = meter;
        return meter;
    }

    /// <summary>Bytes allocated in the flow until <see cref="Dispose"/> (while counting: the stretches finished so far and the caller's).</summary>
    public long Bytes => _final ?? Interlocked.Read(ref _bytes) + (_flow.Value == this ? GC.GetAllocatedBytesForCurrentThread() - _enteredAt.Value : 0);

    /// <summary>
    /// Stops counting: the caller leaves the flow, then waits until the threads that were still running a piece of it
    /// (e.g. one that just resumed the caller and is unwinding) have left and added their part; <see cref="Bytes"/>
    /// keeps the number reached.
    /// </summary>
    public void Dispose()
    {
        if (_final is not null)
        {
            return;
        }

        _flow.Value = null;
        var deadline = DateTime.UtcNow + SettleLimit;
        var spin = new SpinWait();
        while (Volatile.Read(ref _inside) > 0 && DateTime.UtcNow < deadline)
        {
            spin.SpinOnce();
        }

        _final = Interlocked.Read(ref _bytes);
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
            Interlocked.Increment(ref _inside);
        }
        else if (change.PreviousValue == this && change.CurrentValue != this)
        {
            Interlocked.Add(ref _bytes, GC.GetAllocatedBytesForCurrentThread() - _enteredAt.Value);
            Interlocked.Decrement(ref _inside);
        }
    }
}
