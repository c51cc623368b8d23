namespace CompetitionSite.Web.Domain.Participants;

/// <summary>
/// Indonesia's 38 provinces and Banten's eight regencies/cities. Banten comes first: the community that runs
/// the site is there, and most participants are. Other provinces take their regency or city as free text.
/// </summary>
public static class Regions
{
    public const string Banten = "Banten";

    /// <summary>Banten first, then the other 37 in alphabetical order.</summary>
    public static readonly IReadOnlyList<string> Provinces =
    [
        Banten,
        "Aceh",
        "Bali",
        "Bengkulu",
        "DI Yogyakarta",
        "DKI Jakarta",
        "Gorontalo",
        "Jambi",
        "Jawa Barat",
        "Jawa Tengah",
        "Jawa Timur",
        "Kalimantan Barat",
        "Kalimantan Selatan",
        "Kalimantan Tengah",
        "Kalimantan Timur",
        "Kalimantan Utara",
        "Kepulauan Bangka Belitung",
        "Kepulauan Riau",
        "Lampung",
        "Maluku",
        "Maluku Utara",
        "Nusa Tenggara Barat",
        "Nusa Tenggara Timur",
        "Papua",
        "Papua Barat",
        "Papua Barat Daya",
        "Papua Pegunungan",
        "Papua Selatan",
        "Papua Tengah",
        "Riau",
        "Sulawesi Barat",
        "Sulawesi Selatan",
        "Sulawesi Tengah",
        "Sulawesi Tenggara",
        "Sulawesi Utara",
        "Sumatera Barat",
        "Sumatera Selatan",
        "Sumatera Utara",
    ];

    /// <summary>Banten's four regencies (kabupaten) and four cities (kota).</summary>
    public static readonly IReadOnlyList<string> BantenRegencies =
    [
        "Kabupaten Lebak",
        "Kabupaten Pandeglang",
        "Kabupaten Serang",
        "Kabupaten Tangerang",
        "Kota Cilegon",
        "Kota Serang",
        "Kota Tangerang",
        "Kota Tangerang Selatan",
    ];

    /// <summary>The province as listed (canonical spelling), or null when it is not one of the 38.</summary>
    /// <summary>
    /// The time zone a province lives by: WITA (Asia/Makassar) for Bali, Nusa Tenggara, South, East and North
    /// Kalimantan and Sulawesi; WIT (Asia/Jayapura) for Maluku and Papua; WIB (Asia/Jakarta) for the rest and for
    /// an unknown or empty province.
    /// </summary>
    public static string TimeZoneOf(string? province) => province switch
    {
        "Bali" or "Nusa Tenggara Barat" or "Nusa Tenggara Timur" or "Gorontalo"
            or "Kalimantan Selatan" or "Kalimantan Timur" or "Kalimantan Utara"
            or "Sulawesi Barat" or "Sulawesi Selatan" or "Sulawesi Tengah" or "Sulawesi Tenggara" or "Sulawesi Utara" => "Asia/Makassar",
        "Maluku" or "Maluku Utara" or "Papua" or "Papua Barat" or "Papua Barat Daya" or "Papua Pegunungan" or "Papua Selatan" or "Papua Tengah" => "Asia/Jayapura",
        _ => "Asia/Jakarta",
    };

    public static string? FindProvince(string? name) =>
        Provinces.FirstOrDefault(p => string.Equals(p, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Banten's regency or city as listed (canonical spelling), or null.</summary>
    public static string? FindBantenRegency(string? name)
    {
        var cleaned = string.Join(' ', (name ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return BantenRegencies.FirstOrDefault(r => string.Equals(r, cleaned, StringComparison.OrdinalIgnoreCase));
    }
}
