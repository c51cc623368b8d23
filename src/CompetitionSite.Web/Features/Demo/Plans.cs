using System.Globalization;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Features.Competitions;

namespace CompetitionSite.Web.Features.Demo;

public sealed record PlanCategory(string Name, string Description, SchoolLevels Level, EntryKind Kind);

/// <summary>
/// One demo competition's timeline in days from today (WIB) and what happens in it. Null steps do not happen:
/// an open competition has no jury yet, a competition being judged is not published.
/// </summary>
public sealed record Plan(
    string Title,
    string Slug,
    string Summary,
    string Description,
    IReadOnlyList<PlanCategory> Categories,
    int CreatedDay,
    int OpenedDay,
    int OpensDay,
    int ClosesDay,
    int JudgingEndsDay,
    int ResultsDay,
    int LastEntryDay,
    double Share,
    double DraftShare,
    int? JudgesFrom,
    int? AssignDay,
    int? ScoreUntilDay,
    double ScoredShare,
    int? PublishDay);

/// <summary>The demo's three competitions and the texts its students and judges write (Bahasa Indonesia).</summary>
public static class Plans
{
    public static Plan Past(DateTime now)
    {
        var year = now.AddDays(-150).Year.ToString(CultureInfo.InvariantCulture);
        return new Plan(
            $"Lomba Kreativitas Digital Pelajar Banten {year}",
            $"kreativitas-digital-{year}",
            "Poster digital, infografis dan esai teknologi karya pelajar SD, SMP dan SMA/SMK se-Banten.",
            "Lomba tahunan Komunitas Relawan TIK Banten untuk pelajar SD, SMP dan SMA/SMK.\n\n" +
            "- **SD**: poster digital bertema *Sekolahku Ramah Lingkungan*\n- **SMP**: infografis *Hemat Energi di Rumah*\n" +
            "- **SMA/SMK**: esai *Teknologi untuk Desaku*\n\nPemenang diumumkan di halaman ini dan setiap peserta mendapat sertifikat.",
            [
                new("Poster Digital SD", "Poster digital bertema Sekolahku Ramah Lingkungan (PNG atau JPG).", SchoolLevels.SD, EntryKind.Image),
                new("Infografis SMP", "Infografis bertema Hemat Energi di Rumah (PNG atau JPG).", SchoolLevels.SMP, EntryKind.Image),
                new("Esai Teknologi SMA/SMK", "Esai 1–2 halaman bertema Teknologi untuk Desaku (PDF).", SchoolLevels.SMA, EntryKind.Document),
            ],
            CreatedDay: -200, OpenedDay: -185, OpensDay: -180, ClosesDay: -150, JudgingEndsDay: -136, ResultsDay: -130,
            LastEntryDay: -151, Share: 0.5, DraftShare: 0,
            JudgesFrom: -152, AssignDay: -149, ScoreUntilDay: -138, ScoredShare: 1, PublishDay: -131);
    }

    public static Plan Judging(DateTime now)
    {
        var year = now.AddDays(-4).Year.ToString(CultureInfo.InvariantCulture);
        return new Plan(
            $"Lomba Literasi Digital dan Keamanan Siber {year}",
            $"literasi-digital-{year}",
            "Poster, cerpen dan infografis tentang berinternet dengan aman dan bijak.",
            "Ajak teman dan keluargamu berinternet dengan aman!\n\n" +
            "- **SD**: poster *Aman Berinternet*\n- **SMP**: cerpen digital tentang persahabatan di dunia maya\n" +
            "- **SMA/SMK**: infografis keamanan siber (kata sandi, penipuan daring, jejak digital)\n\nSaat ini karya sedang dinilai oleh dewan juri.",
            [
                new("Poster Aman Berinternet SD", "Poster tentang cara aman berinternet (PNG atau JPG).", SchoolLevels.SD, EntryKind.Image),
                new("Cerpen Digital SMP", "Cerita pendek 1–2 halaman tentang persahabatan di dunia maya (PDF).", SchoolLevels.SMP, EntryKind.Document),
                new("Infografis Keamanan Siber SMA/SMK", "Infografis tentang keamanan siber sehari-hari (PNG atau JPG).", SchoolLevels.SMA, EntryKind.Image),
            ],
            CreatedDay: -60, OpenedDay: -50, OpensDay: -45, ClosesDay: -4, JudgingEndsDay: 10, ResultsDay: 14,
            LastEntryDay: -5, Share: 0.4, DraftShare: 0,
            JudgesFrom: -3, AssignDay: -3, ScoreUntilDay: -1, ScoredShare: 0.45, PublishDay: null);
    }

    public static Plan Open(DateTime now)
    {
        var year = now.AddDays(21).Year.ToString(CultureInfo.InvariantCulture);
        return new Plan(
            $"Festival Karya TIK Pelajar {year}",
            $"festival-karya-tik-{year}",
            "Poster, komik digital dan esai ide aplikasi. Pendaftaran dan unggah karya masih dibuka!",
            "Festival karya TIK untuk pelajar se-Banten dan sekitarnya.\n\n" +
            "- **SD**: poster *Cita-citaku*\n- **SMP**: komik digital satu halaman\n- **SMA/SMK**: esai ide aplikasi untuk sekolahmu\n\n" +
            "Daftar, lengkapi profil, minta persetujuan orang tua/wali jika belum 18 tahun, lalu unggah karyamu sebelum batas waktu.",
            [
                new("Poster Cita-citaku SD", "Poster tentang cita-citamu (PNG atau JPG).", SchoolLevels.SD, EntryKind.Image),
                new("Komik Digital SMP", "Komik digital satu halaman (PNG atau JPG).", SchoolLevels.SMP, EntryKind.Image),
                new("Esai Ide Aplikasi SMA/SMK", "Esai 1–2 halaman tentang aplikasi yang ingin kamu buat untuk sekolahmu (PDF).", SchoolLevels.SMA, EntryKind.Document),
            ],
            CreatedDay: -20, OpenedDay: -15, OpensDay: -14, ClosesDay: 21, JudgingEndsDay: 35, ResultsDay: 40,
            LastEntryDay: -1, Share: 0.25, DraftShare: 0.2,
            JudgesFrom: null, AssignDay: null, ScoreUntilDay: null, ScoredShare: 0, PublishDay: null);
    }

    public const string Rules =
        "1. Karya asli buatan sendiri, belum pernah dilombakan.\n" +
        "2. Satu peserta satu karya per kategori.\n" +
        "3. Peserta di bawah 18 tahun wajib mendapat persetujuan orang tua/wali.\n" +
        "4. Keputusan dewan juri tidak dapat diganggu gugat.";

    public static RubricForm PosterRubric() => new()
    {
        Name = "Rubrik Karya Visual",
        Criteria =
        [
            new CriterionRow { Name = "Kreativitas", Description = "Ide segar dan cara penyampaian yang tidak biasa.", Weight = 3, MaxPoints = 10 },
            new CriterionRow { Name = "Kesesuaian tema", Description = "Karya menjawab tema lomba.", Weight = 3, MaxPoints = 10 },
            new CriterionRow { Name = "Komposisi visual", Description = "Tata letak, warna dan keterbacaan.", Weight = 2, MaxPoints = 10 },
            new CriterionRow { Name = "Pesan", Description = "Pesan mudah dipahami dan mengajak.", Weight = 2, MaxPoints = 10 },
        ],
    };

    public static RubricForm WritingRubric() => new()
    {
        Name = "Rubrik Tulisan",
        Criteria =
        [
            new CriterionRow { Name = "Isi dan gagasan", Description = "Gagasan jelas, relevan dan didukung contoh.", Weight = 4, MaxPoints = 10 },
            new CriterionRow { Name = "Struktur", Description = "Pembukaan, isi dan penutup runtut.", Weight = 2, MaxPoints = 10 },
            new CriterionRow { Name = "Bahasa", Description = "Ejaan dan tata bahasa Indonesia yang baik.", Weight = 2, MaxPoints = 10 },
            new CriterionRow { Name = "Orisinalitas", Description = "Sudut pandang sendiri, bukan salinan.", Weight = 2, MaxPoints = 10 },
        ],
    };

    private static readonly string[] PosterTitles =
    [
        "Sekolahku Hijau", "Buang Sampah pada Tempatnya", "Hemat Listrik, Bumi Tersenyum", "Pintar Berinternet",
        "Jaga Data Pribadimu", "Cita-citaku Jadi Dokter", "Pohon untuk Masa Depan", "Matikan Lampu Saat Tidak Dipakai",
        "Kata Sandi Kuat", "Bijak Bermedia Sosial", "Air Bersih untuk Semua", "Banten Bersih", "Robot Penolong",
        "Pantai Anyer Tanpa Plastik", "Stop Hoaks", "Belajar Koding Itu Seru",
    ];

    private static readonly string[] EssayTitles =
    [
        "Internet Desa untuk Petani Lebak", "Aplikasi Antrean Puskesmas", "Sensor Banjir Sederhana di Kampungku",
        "Jejak Digital dan Masa Depan", "Sahabat Maya", "Belajar Daring dari Pelosok Pandeglang", "Pasar Online UMKM Cilegon",
        "Energi Surya untuk Sekolah", "Perpustakaan Digital Kelasku", "Surat untuk Teman di Dunia Maya",
    ];

    private static readonly string[] ParagraphBank =
    [
        "Di desa kami, banyak orang tua yang bekerja sebagai petani dan nelayan. Mereka sering kesulitan mendapatkan informasi harga dan cuaca yang tepat waktu.",
        "Teknologi tidak harus mahal. Dengan telepon genggam sederhana dan jaringan yang stabil, warga bisa belajar, berjualan dan saling membantu.",
        "Menurut saya, sekolah dapat menjadi pusat belajar teknologi bagi warga sekitar. Siswa bisa mengajari orang tua cara memakai aplikasi dengan aman.",
        "Keamanan data pribadi sangat penting. Kita harus menggunakan kata sandi yang kuat dan tidak membagikan kode OTP kepada siapa pun.",
        "Ide saya adalah membuat aplikasi kecil yang mencatat kebutuhan kelas, jadwal piket dan peminjaman buku perpustakaan secara digital.",
        "Tantangan terbesar adalah sinyal internet yang belum merata. Karena itu aplikasi harus tetap bisa dipakai saat luring dan menyimpan data di perangkat.",
        "Pada akhirnya, teknologi adalah alat. Yang terpenting adalah niat untuk memakainya demi kebaikan bersama, dengan jujur dan bertanggung jawab.",
        "Raka menatap layar ponselnya. Pesan dari teman barunya terasa aneh: ia meminta foto kartu pelajar. Raka pun teringat nasihat gurunya.",
    ];

    private static readonly string[] FeedbackBank =
    [
        "Ide yang menarik dan sesuai tema. Perhatikan ukuran huruf agar lebih mudah dibaca dari jauh.",
        "Warnanya cerah dan pesannya jelas. Coba kurangi teks agar gambar lebih menonjol.",
        "Gagasanmu orisinal. Struktur tulisan bisa dirapikan dengan paragraf penutup yang lebih kuat.",
        "Karya yang rapi. Tambahkan contoh nyata dari lingkungan sekitarmu supaya lebih meyakinkan.",
        "Terus berlatih! Tema sudah tepat, tetapi komposisinya masih terlalu ramai.",
        "Sangat baik: pesan mudah dipahami dan mengajak pembaca untuk bertindak.",
    ];

    public static string Title(EntryKind kind, Random random) =>
        kind == EntryKind.Image ? PosterTitles[random.Next(PosterTitles.Length)] : EssayTitles[random.Next(EssayTitles.Length)];

    public static string EntryDescription(EntryKind kind, Random random) =>
        kind == EntryKind.Image
            ? (random.Next(2) == 0 ? "Dibuat dengan aplikasi gambar di tablet sekolah." : "Digambar dengan Canva dan Krita.")
            : (random.Next(2) == 0 ? "Esai tentang pengalaman di lingkungan sekitar." : "Tulisan pertama saya untuk lomba.");

    public static IReadOnlyList<string> Paragraphs(Random random) =>
        ParagraphBank.OrderBy(_ => random.Next()).Take(3 + random.Next(3)).ToList();

    public static string Feedback(double quality, Random random) =>
        quality > 0.75 ? FeedbackBank[5] : FeedbackBank[random.Next(FeedbackBank.Length - 1)];

    public static string Citation(string tier, Random random) => tier.StartsWith("Juara", StringComparison.Ordinal)
        ? (random.Next(2) == 0 ? "Gagasan paling kuat dan eksekusi yang rapi." : "Karya yang matang, sesuai tema dan menginspirasi.")
        : "Karya yang menjanjikan; terus berkarya!";
}
