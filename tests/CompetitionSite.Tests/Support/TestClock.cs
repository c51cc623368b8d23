namespace CompetitionSite.Tests.Support;

/// <summary>
/// A clock tests can move. The site takes its TimeProvider from DI, so registering this one makes phases, deadlines
/// and audit times follow the test. It starts at the real time (cookies and keys stay sensible) and only moves on
/// when told to.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _now;

    public TestClock(DateTimeOffset? start = null)
    {
        var s = start ?? DateTimeOffset.UtcNow;
        _now = new DateTimeOffset(s.Year, s.Month, s.Day, s.Hour, s.Minute, 0, TimeSpan.Zero);
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public DateTime UtcNow => GetUtcNow().UtcDateTime;

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }
}
