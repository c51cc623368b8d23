using System.Globalization;
using System.Text;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Participants;

namespace CompetitionSite.Web.Features.Demo;

/// <summary>A demo school in one of Banten's regencies or cities.</summary>
public sealed record DemoSchool(string Name, string Npsn, SchoolLevels Level, string Regency);

/// <summary>Plausible Indonesian names and Banten schools, from a seeded random source (the same seed gives the same people).</summary>
public sealed class DemoPeople(Random random)
{
    private static readonly string[] FirstNames =
    [
        "Ahmad", "Aisyah", "Andi", "Annisa", "Ayu", "Bagas", "Bayu", "Citra", "Dewi", "Dimas", "Dinda", "Eka", "Fajar",
        "Farhan", "Fitri", "Galih", "Gilang", "Hana", "Hendra", "Indah", "Intan", "Irfan", "Jihan", "Kartika", "Kevin",
        "Laras", "Lestari", "Muhammad", "Nabila", "Naufal", "Nur", "Putri", "Raden", "Rahmat", "Rani", "Rizki", "Salsabila",
        "Sari", "Siti", "Tegar", "Tiara", "Umar", "Wahyu", "Wulan", "Yoga", "Yusuf", "Zahra", "Zaki", "Asep", "Ujang",
        "Euis", "Neng", "Cecep", "Dadan", "Ratna", "Iqbal", "Keisha", "Arya", "Nadia", "Reza",
    ];

    private static readonly string[] LastNames =
    [
        "Pratama", "Saputra", "Lestari", "Wijaya", "Hidayat", "Nugraha", "Permana", "Kurniawan", "Setiawan", "Rahmawati",
        "Maulana", "Hakim", "Ramadhan", "Firmansyah", "Puspita", "Suryadi", "Hermawan", "Anggraini", "Fauzi", "Gunawan",
        "Sulaeman", "Mulyana", "Sopian", "Rohimah", "Jaelani", "Hasanah", "Syahputra", "Wibowo", "Santoso", "Kusuma",
    ];

    /// <summary>The towns of each regency or city that school names use.</summary>
    private static readonly Dictionary<string, string[]> Towns = new()
    {
        ["Kabupaten Serang"] = ["Ciruas", "Kramatwatu"],
        ["Kabupaten Pandeglang"] = ["Pandeglang", "Labuan"],
        ["Kabupaten Lebak"] = ["Rangkasbitung", "Malingping"],
        ["Kabupaten Tangerang"] = ["Balaraja", "Cikupa"],
        ["Kota Serang"] = ["Kota Serang", "Kota Serang"],
        ["Kota Cilegon"] = ["Cilegon", "Cilegon"],
        ["Kota Tangerang"] = ["Kota Tangerang", "Kota Tangerang"],
        ["Kota Tangerang Selatan"] = ["Tangerang Selatan", "Pamulang"],
    };

    private readonly HashSet<string> _usedNames = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Two schools per level in each of Banten's eight regencies and cities (48 in all).</summary>
    public static IReadOnlyList<DemoSchool> Schools { get; } = MakeSchools();

    public string NewName()
    {
        for (var attempt = 0; ; attempt++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            var name = first == "Siti" || first == "Muhammad" || attempt > 20
                ? $"{first} {FirstNames[random.Next(FirstNames.Length)]} {last}"
                : $"{first} {last}";
            if (_usedNames.Add(name))
            {
                return name;
            }
        }
    }

    public DemoSchool SchoolFor(SchoolLevels level) =>
        Schools.Where(s => s.Level == level).ElementAt(random.Next(Schools.Count(s => s.Level == level)));

    /// <summary>"Ayu Lestari" → "ayu.lestari"; digits added by the caller when needed.</summary>
    public static string EmailLocalPart(string fullName)
    {
        var normalized = fullName.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder();
        foreach (var ch in normalized.ToLowerInvariant())
        {
            if (ch is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                sb.Append(ch);
            }
            else if (ch == ' ' && sb.Length > 0 && sb[^1] != '.')
            {
                sb.Append('.');
            }
        }

        return sb.ToString().Trim('.');
    }

    public static string Initials(string fullName) =>
        string.Concat(fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(p => char.ToUpperInvariant(p[0])));

    private static List<DemoSchool> MakeSchools()
    {
        var list = new List<DemoSchool>();
        var n = 0;
        foreach (var regency in Regions.BantenRegencies)
        {
            var towns = Towns[regency];
            foreach (var level in SchoolGrades.Levels)
            {
                for (var i = 0; i < 2; i++)
                {
                    var town = towns[i];
                    var number = (i + 1 + n % 3).ToString(CultureInfo.InvariantCulture);
                    var name = (level, i) switch
                    {
                        (SchoolLevels.SD, 0) => $"SD Negeri {number} {town}",
                        (SchoolLevels.SD, _) => $"SD Islam Terpadu Al-Hikmah {town}",
                        (SchoolLevels.SMP, 0) => $"SMP Negeri {number} {town}",
                        (SchoolLevels.SMP, _) => $"MTs Negeri {number} {town}",
                        (_, 0) => $"SMA Negeri {number} {town}",
                        _ => $"SMK Negeri {number} {town}",
                    };
                    list.Add(new DemoSchool(name, (20600000 + 1000 + n * 37).ToString(CultureInfo.InvariantCulture), level, regency));
                    n++;
                }
            }
        }

        return list;
    }
}
