using System.Globalization;
using CompetitionSite.Web.Infrastructure.Localization;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>The zones a competition can run in, and the conversion between what an organizer types and UTC.</summary>
public static class CompetitionTimeZones
{
    public const string Default = TimeDisplay.DefaultTimeZone;

    /// <summary>WIB, WITA, WIT.</summary>
    public static readonly string[] Supported = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"];

    public static bool IsSupported(string? zoneId) => zoneId is not null && Supported.Contains(zoneId, StringComparer.Ordinal);

    /// <summary>A wall-clock time typed in the competition's zone (a datetime-local value) as UTC.</summary>
    public static DateTime ToUtc(DateTime wallClock, string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var unspecified = DateTime.SpecifyKind(new DateTime(wallClock.Year, wallClock.Month, wallClock.Day, wallClock.Hour, wallClock.Minute, 0), DateTimeKind.Unspecified);
        return TimeZoneInfo.ConvertTimeToUtc(unspecified, zone);
    }

    /// <summary>UTC as the wall-clock time in the zone, for a datetime-local input.</summary>
    public static DateTime ToWallClock(DateTime utc, string zoneId) =>
        DateTime.SpecifyKind(TimeDisplay.ToZone(utc, zoneId).DateTime, DateTimeKind.Unspecified);

    /// <summary>Culture-independent form for audit lines: "2026-12-01 23:59 WIB".</summary>
    public static string ForAudit(DateTime utc, string zoneId) =>
        TimeDisplay.ToZone(utc, zoneId).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + TimeDisplay.Label(zoneId);
}
