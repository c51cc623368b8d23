namespace CompetitionSite.Tests.Support;

/// <summary>
/// The site's clock in tests: real time plus an offset the test moves forward (never back), so deadlines can be
/// crossed without waiting. Timers and delays stay real (only <see cref="GetUtcNow"/> is shifted), so background
/// services that wait on the clock keep running.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public DateTime UtcNow => GetUtcNow().UtcDateTime;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "The test clock only moves forward.");
        }

        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }

    /// <summary>Moves the clock to <paramref name="utc"/> (which must not be in its past).</summary>
    public void AdvanceTo(DateTime utc) => Advance(utc - UtcNow);
}
