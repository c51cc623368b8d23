namespace CompetitionSite.Web.Data;

/// <summary>
/// The last period in which a scheduled background job ran (<see cref="Infrastructure.Scheduling.ScheduledRuns"/>):
/// one row per job, claimed by a conditional update so that one instance among several runs each period.
/// </summary>
public class ScheduledRun
{
    public string Job { get; set; } = "";

    /// <summary>The period claimed: whole periods of the job's interval since the Unix epoch (UTC).</summary>
    public long Period { get; set; }

    public DateTime StartedAt { get; set; }

    /// <summary>The instance that claimed it (host/process), for the operator.</summary>
    public string StartedBy { get; set; } = "";
}

/// <summary>
/// A fixed one-minute rate-limit window shared by every instance (<see cref="Infrastructure.Web.SharedRateLimiter"/>):
/// requests counted per key (action, person or client address) and window start.
/// </summary>
public class RateLimitWindow
{
    public string Key { get; set; } = "";
    public DateTime WindowStart { get; set; }
    public int Count { get; set; }
}
