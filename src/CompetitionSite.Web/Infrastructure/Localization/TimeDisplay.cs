using System.Globalization;

namespace CompetitionSite.Web.Infrastructure.Localization;

/// <summary>Times are stored in UTC and shown in a competition's time zone with its Indonesian label.</summary>
public static class TimeDisplay
{
    public const string DefaultTimeZone = "Asia/Jakarta";

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["Asia/Jakarta"] = "WIB",
        ["Asia/Pontianak"] = "WIB",
        ["Asia/Makassar"] = "WITA",
        ["Asia/Jayapura"] = "WIT",
    };

    public static IReadOnlyCollection<string> IndonesianZones => Labels.Keys;

    public static string Label(string? timeZoneId) =>
        Labels.TryGetValue(timeZoneId ?? DefaultTimeZone, out var label) ? label : timeZoneId ?? "UTC";

    public static DateTimeOffset ToZone(DateTime utc, string? timeZoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId ?? DefaultTimeZone);
        var asUtc = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        return TimeZoneInfo.ConvertTime(new DateTimeOffset(asUtc), zone);
    }

    /// <summary>"27 November 2026 20.37 WIB" in the current culture.</summary>
    public static string Format(DateTime utc, string? timeZoneId = null)
    {
        var local = ToZone(utc, timeZoneId);
        return local.ToString("d MMMM yyyy HH:mm", CultureInfo.CurrentCulture) + " " + Label(timeZoneId);
    }

    /// <summary>Machine-readable form for a &lt;time datetime&gt; attribute (the page's script shows local time).</summary>
    public static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);
}
