namespace CompetitionSite.Web.Infrastructure.Email;

/// <summary>
/// Wakes this instance's dispatcher before its next scheduled look at the outbox, e.g. right after a request
/// saved new email. Other instances find the rows on their next regular look
/// (<see cref="EmailOptions.DispatchIntervalSeconds"/>).
/// </summary>
public interface IOutboxSignal
{
    void Wake();
}

/// <summary>
/// Wakes every sender of the dispatcher at once (each SMTP connection has its own loop). A wake is never lost: a loop
/// notes <see cref="Generation"/> before it looks at the outbox and waits only if nothing woke it since.
/// </summary>
public sealed class OutboxSignal : IOutboxSignal
{
    private readonly Lock _gate = new();
    private long _generation;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Changes on every <see cref="Wake"/>.</summary>
    public long Generation
    {
        get
        {
            lock (_gate)
            {
                return _generation;
            }
        }
    }

    public void Wake()
    {
        TaskCompletionSource woken;
        lock (_gate)
        {
            _generation++;
            woken = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        woken.TrySetResult();
    }

    /// <summary>
    /// Waits until <see cref="Wake"/> is called or <paramref name="timeout"/> has passed; returns at once when a wake
    /// came after <paramref name="seen"/> was read from <see cref="Generation"/>.
    /// </summary>
    public async Task WaitAsync(long seen, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task woken;
        lock (_gate)
        {
            if (_generation != seen)
            {
                return;
            }

            woken = _next.Task;
        }

        try
        {
            await woken.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The regular look.
        }
    }
}
