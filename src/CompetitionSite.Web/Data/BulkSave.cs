using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CompetitionSite.Web.Data;

/// <summary>
/// Saves a unit of work that adds many rows of a few simple types (a publication of 10,000 entries: 10,000 result
/// emails, notices and certificates) in one transaction, writing those added rows with one prepared INSERT per type,
/// reused for every row (on PostgreSQL, up to 1,000 rows per INSERT), instead of through SaveChanges. EF Core's SQLite provider sends one command per row (it does
/// not batch; <c>MaxBatchSize</c> does not apply) and reads each new key back, several times the cost of a prepared
/// INSERT (bench/README.md, bulk result email). Everything else in the unit of work is saved by SaveChanges in the same transaction: all or
/// nothing, as before (decision 0010). Values go through EF's own type mappings (column names, value converters,
/// the provider's formats), so the rows are those SaveChanges would have written; store-generated keys are left to
/// the database and are not read back, so use it only for rows nothing else in the unit of work refers to by key,
/// and do not use the added entities afterwards (they are detached).
/// </summary>
public static class BulkSave
{
    /// <summary>Below this many added rows of the given types a plain SaveChanges is just as good.</summary>
    public const int Threshold = 100;

    /// <returns>The number of rows written. A failed INSERT (e.g. a unique index) throws <see cref="DbUpdateException"/>, as SaveChanges would.</returns>
    public static async Task<int> SaveChangesAsync(DbContext db, IReadOnlyList<Type> bulkTypes, CancellationToken ct)
    {
        var added = db.ChangeTracker.Entries()
            .Where(e => e.State == EntityState.Added && bulkTypes.Contains(e.Metadata.ClrType))
            .ToList();
        if (added.Count < Threshold || db.Database.CurrentTransaction is not null)
        {
            return await db.SaveChangesAsync(ct);
        }

        var groups = added.GroupBy(e => e.Metadata).Select(g => (Type: g.Key, Rows: g.Select(e => e.Entity).ToList())).ToList();
        foreach (var entry in added)
        {
            entry.State = EntityState.Detached;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var (type, rows) in groups)
        {
            await InsertAsync(db, transaction.GetDbTransaction(), type, rows, ct);
        }

        var saved = await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return saved + added.Count;
    }

    private static async Task InsertAsync(DbContext db, DbTransaction transaction, IEntityType entityType, List<object> rows, CancellationToken ct)
    {
        if (entityType.GetProperties().Any(p => p.IsShadowProperty()))
        {
            throw new InvalidOperationException($"{entityType.DisplayName()} has shadow properties; BulkSave writes CLR properties only.");
        }

        // The main table first, then any table the entity is split into (entity splitting: e.g. the outbox's bodies),
        // which refers to the main table's row by key.
        var tables = new[] { StoreObjectIdentifier.Create(entityType, StoreObjectType.Table)!.Value }
            .Concat(entityType.GetMappingFragments(StoreObjectType.Table).Select(f => f.StoreObject));
        foreach (var table in tables)
        {
            await InsertIntoAsync(db, transaction, entityType, table, rows, ct);
        }
    }

    private static async Task InsertIntoAsync(
        DbContext db, DbTransaction transaction, IEntityType entityType, StoreObjectIdentifier table, List<object> rows, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = entityType.GetProperties()
            // A key the database generates (INTEGER PRIMARY KEY) is left out; a Guid key set by the code is written.
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated.HasFlag(ValueGenerated.OnAdd) && p.ClrType != typeof(Guid)))
            .Select(p => (Property: p, Column: p.GetColumnName(table), Mapping: (RelationalTypeMapping)p.GetRelationalTypeMapping()))
            .Where(c => c.Column is not null)
            .ToList();

        // SQLite runs in the process: one prepared single-row INSERT, reused for every row, is a function call each. On
        // PostgreSQL every statement is a round trip to the server: many rows go in one INSERT (…) VALUES (…), (…), …
        // within PostgreSQL's 65,535 parameters per statement.
        var perCommand = db.Database.IsNpgsql() ? Math.Clamp(60_000 / Math.Max(1, columns.Count), 1, 1_000) : 1;
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Column!)))}) VALUES ";
        string Text(int count) => head + string.Join(", ", Enumerable.Range(0, count)
            .Select(r => "(" + string.Join(", ", columns.Select((_, i) => "@p" + (r * columns.Count + i))) + ")"));

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        for (var start = 0; start < rows.Count; start += perCommand)
        {
            var count = Math.Min(perCommand, rows.Count - start);
            if (start == 0 || count != perCommand)
            {
                command.CommandText = Text(count);
            }

            command.Parameters.Clear();
            for (var r = 0; r < count; r++)
            {
                var row = rows[start + r];
                for (var i = 0; i < columns.Count; i++)
                {
                    var (property, _, mapping) = columns[i];
                    command.Parameters.Add(mapping.CreateParameter(command, "@p" + (r * columns.Count + i), property.GetGetter().GetClrValue(row), property.IsNullable));
                }
            }

            try
            {
                await command.ExecuteNonQueryAsync(ct);
            }
            catch (DbException e)
            {
                throw new DbUpdateException($"Writing a {entityType.DisplayName()} row failed: {e.Message}", e);
            }
        }
    }
}
