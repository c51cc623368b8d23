namespace CompetitionSite.Web.Features.Judging;

/// <summary>Indonesia's 38 provinces, as suggestions for the region a judge declares (the field stays free text).</summary>
public static class Provinces
{
    public static readonly IReadOnlyList<string> All =
    [
        "Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Kepulauan Riau", "Jambi", "Bengkulu", "Sumatera Selatan",
        "Kepulauan Bangka Belitung", "Lampung", "Banten", "DKI Jakarta", "Jawa Barat", "Jawa Tengah", "DI Yogyakarta",
        "Jawa Timur", "Bali", "Nusa Tenggara Barat", "Nusa Tenggara Timur", "Kalimantan Barat", "Kalimantan Tengah",
        "Kalimantan Selatan", "Kalimantan Timur", "Kalimantan Utara", "Sulawesi Utara", "Gorontalo", "Sulawesi Tengah",
        "Sulawesi Barat", "Sulawesi Selatan", "Sulawesi Tenggara", "Maluku", "Maluku Utara", "Papua", "Papua Barat",
        "Papua Barat Daya", "Papua Selatan", "Papua Tengah", "Papua Pegunungan",
    ];
}
