using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Participants;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Bench.Scenarios;

/// <summary>
/// A fresh database for one benchmark run, created with the site's own migrations: a SQLite file (the default), or
/// a database on a throwaway PostgreSQL server (<c>--database postgresql</c>).
/// </summary>
public sealed class BenchDatabase
{
    public BenchDatabase(string folder)
    {
        Kind = DatabaseProvider.Sqlite;
        ConnectionString = $"Data Source={System.IO.Path.Combine(folder, "bench.db")}";
    }

    public BenchDatabase(string serverConnectionString, string name)
    {
        Kind = DatabaseProvider.PostgreSql;
        ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public DatabaseProvider Kind { get; }

    /// <summary>How the report names the database: SQLite or PostgreSQL.</summary>
    public string Label => Kind == DatabaseProvider.PostgreSql ? "PostgreSQL" : "SQLite";

    public string ConnectionString { get; }

    /// <summary>The site's settings that point it at this database.</summary>
    public Dictionary<string, string> SiteSettings() => new()
    {
        ["Database:Provider"] = Kind.ToString(),
        ["Database:ConnectionString"] = ConnectionString,
    };

    public AppDbContext Open() => Kind == DatabaseProvider.PostgreSql
        ? DataSetup.CreateContext(DatabaseProvider.PostgreSql, ConnectionString)
        : new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(ConnectionString + ";Default Timeout=5").Options);

    /// <summary>A plain connection (not opened) to the database, for hand-written SQL.</summary>
    public System.Data.Common.DbConnection Connection() => Kind == DatabaseProvider.PostgreSql
        ? new Npgsql.NpgsqlConnection(ConnectionString)
        : new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);

    public async Task MigrateAsync()
    {
        await using var db = Open();
        await db.Database.MigrateAsync();
        if (Kind == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
    }

    /// <summary>An open competition with three categories, rubric and realistic texts (a typical public page).</summary>
    public async Task<Competition> SeedOpenCompetitionAsync(string slug)
    {
        await using var db = Open();
        var now = DateTime.UtcNow;
        var competition = new Competition
        {
            Slug = slug,
            Title = "Lomba Poster Hari Guru 2026",
            Summary = "Buat poster digital untuk guru favoritmu dan menangkan hadiah menarik!",
            DescriptionMarkdown = string.Join("\n\n", Enumerable.Repeat("Tunjukkan rasa terima kasihmu kepada guru lewat **poster digital**. Lomba ini terbuka untuk siswa SD, SMP, dan SMA/SMK di seluruh Indonesia.", 4)),
            RulesMarkdown = string.Join("\n", Enumerable.Range(1, 10).Select(i => $"{i}. Karya harus asli dan belum pernah dilombakan; ukuran poster A3 (potret), format JPG atau PNG.")),
            OrganizingBody = "Relawan TIK Banten",
            ContactEmail = "lomba@relawantik.example",
            TimeZoneId = "Asia/Jakarta",
            OpensAt = now.AddDays(-7),
            SubmissionClosesAt = now.AddDays(14),
            JudgingEndsAt = now.AddDays(28),
            ResultsAnnouncedAt = now.AddDays(35),
            Stage = CompetitionStage.Live,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var rubric = new Rubric
        {
            Name = "Rubrik poster",
            Criteria =
            [
                new Criterion { Order = 1, Name = "Ide dan pesan", Description = "Kejelasan pesan", Weight = 40, MaxPoints = 10 },
                new Criterion { Order = 2, Name = "Kreativitas", Description = "Keaslian", Weight = 30, MaxPoints = 10 },
                new Criterion { Order = 3, Name = "Teknik", Description = "Komposisi, warna", Weight = 30, MaxPoints = 10 },
            ],
        };
        competition.Rubrics.Add(rubric);
        foreach (var (name, level, min, max) in new[] { ("Poster SD", SchoolLevels.SD, 1, 6), ("Poster SMP", SchoolLevels.SMP, 7, 9), ("Poster SMA/SMK", SchoolLevels.SMA, 10, 12) })
        {
            competition.Categories.Add(new Category
            {
                Name = name,
                Description = "Poster digital ukuran A3 tentang guru favoritmu.",
                Levels = level,
                MinGrade = min,
                MaxGrade = max,
                Kind = EntryKind.Image,
                AllowedExtensions = ".jpg,.png",
                MaxFileSizeMb = 10,
                Rubric = rubric,
                AwardTiers =
                [
                    new AwardTier { Order = 1, Name = "Juara 1" }, new AwardTier { Order = 2, Name = "Juara 2" }, new AwardTier { Order = 3, Name = "Juara 3" },
                    new AwardTier { Order = 4, Name = "Harapan 1" }, new AwardTier { Order = 5, Name = "Harapan 2" }, new AwardTier { Order = 6, Name = "Harapan 3" },
                ],
            });
        }

        db.Competitions.Add(competition);
        await db.SaveChangesAsync();
        // Mark it as once opened (the public-visibility rule of the competitions feature).
        await db.Database.ExecuteSqlRawAsync("UPDATE \"Competitions\" SET \"OpenedAt\" = {0} WHERE \"Id\" = {1}", now.AddDays(-7), competition.Id);
        return competition;
    }

    /// <summary>The one password every seeded student has (hashed once, the hash reused).</summary>
    public const string StudentPassword = "pelangi senja di banten";

    /// <summary>A video category (.mp4 or .png, one file per entry) in the competition, for the upload scenarios.</summary>
    public async Task<Category> SeedVideoCategoryAsync(int competitionId, string name, int maxFileSizeMb)
    {
        await using var db = Open();
        var category = new Category
        {
            CompetitionId = competitionId,
            Name = name,
            Description = "Video pendek (atau poster PNG) tentang sekolahmu.",
            Levels = SchoolLevels.All,
            MinGrade = 1,
            MaxGrade = 12,
            Kind = EntryKind.Video,
            AllowedExtensions = ".mp4,.png",
            MaxFileSizeMb = maxFileSizeMb,
            MaxFilesPerEntry = 1,
            MaxEntriesPerParticipant = 1,
        };
        db.Categories.Add(category);
        await db.SaveChangesAsync();
        return category;
    }

    /// <summary>
    /// Student accounts (confirmed, Student role) written straight to the database, each with a complete adult
    /// (19-year-old, SMA grade 12) participant profile, so no guardian consent is needed. One password hash is
    /// computed and shared: hashing 200 passwords would only time the seeding. Returns the email addresses.
    /// </summary>
    public async Task<IReadOnlyList<string>> SeedStudentsAsync(int count, string prefix)
    {
        await using var db = Open();
        var role = await EnsureRolesAsync(db);
        var hash = new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), StudentPassword);
        var now = DateTime.UtcNow;
        var emails = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var email = $"{prefix}-{i:D4}@siswa.example";
            var user = new ApplicationUser
            {
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true,
                PasswordHash = hash,
                SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
                LockoutEnabled = true,
                FullName = $"Siswa Bench {i:D4}",
                CreatedAt = now,
            };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role });
            db.Participants.Add(new ParticipantProfile
            {
                UserId = user.Id,
                FullName = user.FullName,
                DateOfBirth = DateOnly.FromDateTime(now).AddYears(-19).AddDays(-i % 300),
                SchoolName = "SMAN 1 Serang",
                Level = SchoolLevels.SMA,
                Grade = 12,
                Province = "Banten",
                Regency = "Kota Serang",
                CreatedAt = now,
                UpdatedAt = now,
            });
            emails.Add(email);
        }

        await db.SaveChangesAsync();
        return emails;
    }

    /// <summary>The site creates its roles at start; the bench seeds before the site first starts, so it creates them the same way.</summary>
    private static async Task<string> EnsureRolesAsync(AppDbContext db)
    {
        foreach (var name in Roles.All)
        {
            var normalized = name.ToUpperInvariant();
            if (!await db.Roles.AnyAsync(r => r.NormalizedName == normalized))
            {
                db.Roles.Add(new IdentityRole(name) { NormalizedName = normalized, ConcurrencyStamp = Guid.NewGuid().ToString() });
            }
        }

        await db.SaveChangesAsync();
        var student = Roles.Student.ToUpperInvariant();
        return await db.Roles.Where(r => r.NormalizedName == student).Select(r => r.Id).SingleAsync();
    }
}
