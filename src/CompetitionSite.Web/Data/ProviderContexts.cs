using CompetitionSite.Web.Domain.Judging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CompetitionSite.Web.Data;

/// <summary>The site's database on SQLite; its migrations are in <c>Data/Migrations/Sqlite</c>.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    private SqliteWrites? _writes;

    public override IDatabaseWrites Writes => _writes ??= new SqliteWrites(this);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // A scorecard's criterion shares as one blob of doubles, not as JSON text (StoredNumbers says why).
        builder.Entity<Scorecard>().Property(s => s.CriterionShares)
            .HasConversion(StoredNumbers.Converter, StoredNumbers.Comparer)
            .HasColumnType("BLOB");
    }
}

/// <summary>The site's database on PostgreSQL; its migrations are in <c>Data/Migrations/PostgreSql</c>.</summary>
public sealed class PostgreSqlAppDbContext(DbContextOptions<PostgreSqlAppDbContext> options) : AppDbContext(options)
{
    private PostgreSqlWrites? _writes;

    public override IDatabaseWrites Writes => _writes ??= new PostgreSqlWrites(this);
}

/// <summary>
/// For <c>dotnet ef migrations add X --context SqliteAppDbContext --output-dir Data/Migrations/Sqlite</c>: the model
/// on SQLite, without the site's host (no database is opened to add a migration).
/// </summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        (SqliteAppDbContext)DataSetup.CreateContext(DatabaseProvider.Sqlite, "Data Source=design-time.db");
}

/// <summary>For <c>dotnet ef migrations add X --context PostgreSqlAppDbContext --output-dir Data/Migrations/PostgreSql</c>.</summary>
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlAppDbContext>
{
    public PostgreSqlAppDbContext CreateDbContext(string[] args) =>
        (PostgreSqlAppDbContext)DataSetup.CreateContext(DatabaseProvider.PostgreSql, "Host=localhost;Database=competitionsite_design");
}
