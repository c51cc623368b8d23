namespace CompetitionSite.Web.Domain.Participants;

/// <summary>
/// Ages are counted on the calendar day in Indonesia's western time zone (WIB), where the competitions run:
/// a participant born on 28 November turns a year older at midnight WIB, not at midnight UTC.
/// </summary>
public static class ParticipantAge
{
    public const string TimeZoneId = "Asia/Jakarta";

    /// <summary>Under this age a guardian's consent is needed (Indonesia's personal data protection law).</summary>
    public const int AdultAge = 18;

    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    public static DateOnly TodayIn(DateTimeOffset utcNow) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utcNow, Zone).DateTime);

    public static DateOnly Today(TimeProvider clock) => TodayIn(clock.GetUtcNow());
}
