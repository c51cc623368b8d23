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

public sealed class OutboxSignal : IOutboxSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    /// <summary>Waits until <see cref="Wake"/> is called or <paramref name="timeout"/> has passed.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await _wake.WaitAsync(timeout, cancellationToken);
}
