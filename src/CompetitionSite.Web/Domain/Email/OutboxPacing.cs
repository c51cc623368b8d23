namespace CompetitionSite.Web.Domain.Email;

/// <summary>
/// How fast the outbox may send when the mail relay caps messages per minute and per day (Gmail, Google Workspace):
/// rolling windows of one minute and one day, counted over every instance's sends (SentAt) and the messages senders
/// hold right now. The dispatcher asks <see cref="Budget"/> before it claims; the outbox page asks
/// <see cref="LastDeparture"/>. One rule, used by both.
/// </summary>
public static class OutboxPacing
{
    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>
    /// How many messages may be claimed now: at most <paramref name="batchSize"/>, and what is left of each limit after
    /// the messages sent within its window and those held (claimed, not yet sent). Never negative.
    /// </summary>
    public static int Budget(int batchSize, int? perMinute, int? perDay, int sentLastMinute, int sentLastDay, int held)
    {
        var budget = batchSize;
        if (perMinute is { } m)
        {
            budget = Math.Min(budget, m - sentLastMinute - held);
        }

        if (perDay is { } d)
        {
            budget = Math.Min(budget, d - sentLastDay - held);
        }

        return Math.Max(0, budget);
    }

    /// <summary>
    /// When the last waiting message may leave at the earliest, under the limits: each message goes at its own due time
    /// (<paramref name="waitingDue"/>, sorted ascending) or later, and no sooner than the limits allow given the sends
    /// of the last day (<paramref name="recentSends"/>, sorted ascending) and the messages before it. Null when nothing
    /// waits. The real sending can only be later (the server's speed, retries), never earlier.
    /// </summary>
    public static DateTime? LastDeparture(DateTime now, IReadOnlyList<DateTime> waitingDue, IReadOnlyList<DateTime> recentSends, int? perMinute, int? perDay)
    {
        if (waitingDue.Count == 0)
        {
            return null;
        }

        var sends = new List<DateTime>(recentSends.Count + waitingDue.Count);
        sends.AddRange(recentSends);
        var last = DateTime.MinValue;
        foreach (var due in waitingDue)
        {
            var at = Max(now, due, last);
            // The window holds at most N sends: this one waits until the N-th most recent has left the window.
            if (perMinute is { } m && sends.Count >= m)
            {
                at = Max(at, sends[^m] + Minute);
            }

            if (perDay is { } d && sends.Count >= d)
            {
                at = Max(at, sends[^d] + Day);
            }

            sends.Add(at);
            last = at;
        }

        return last;
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Max(DateTime a, DateTime b, DateTime c) => Max(Max(a, b), c);
}
