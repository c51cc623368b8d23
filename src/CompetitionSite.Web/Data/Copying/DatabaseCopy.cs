using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CompetitionSite.Web.Data.Copying;

/// <summary>One table as copied: its rows and checksum on each side.</summary>
public sealed record TableCopy(string Table, long SourceRows, long TargetRows, string SourceChecksum, string TargetChecksum)
{
    public bool Equal => SourceRows == TargetRows && SourceChecksum == TargetChecksum;
}

/// <summary>
/// Copies every table of the site's model from one database into another, empty one, of either provider: in foreign-key
/// order, keys and all (identity users and password hashes, Data Protection keys, the outbox with its state, the audit
/// history), in one transaction on the target. Values are read as the model stores them and written through the
/// target provider's type mappings, so a SQLite TEXT date becomes a PostgreSQL timestamptz and a TEXT Guid a uuid.
/// Afterwards each table's rows are counted and checksummed on both sides: a SHA-256 over every row's values in a
/// form both providers give back alike (UTC microseconds, invariant numbers, lower-case Guids), taken over the rows' hashes
/// in sorted order so that the databases' different sort orders of text do not matter.
/// </summary>
public sealed class DatabaseCopy(AppDbContext source, AppDbContext target)
{
    /// <summary>Why the target cannot take the copy, or null when it is empty (no tables, or the site's tables without rows).</summary>
    public async Task<string?> RefusalAsync(CancellationToken ct)
    {
        if (!await target.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct))
        {
            return null; // the server answers; migrating creates the database
        }

        if ((await target.Database.GetAppliedMigrationsAsync(ct)).Any())
        {
            foreach (var table in Tables(target))
            {
                var rows = await CountAsync(target, table, ct);
                if (rows > 0)
                {
                    return $"the target database is not empty: {table.Name} has {rows} row(s).";
                }
            }

            return null;
        }

        var tables = await UserTablesAsync(target, ct);
        return tables.Count > 0
            ? $"the target database is not empty: it has table(s) the site did not make ({string.Join(", ", tables.Take(5))})."
            : null;
    }

    /// <summary>Creates the site's tables in the target (its provider's migrations) and copies every row into it.</summary>
    public async Task<IReadOnlyList<TableCopy>> CopyAsync(TextWriter progress, CancellationToken ct)
    {
        await target.Database.MigrateAsync(ct);
        var tables = Tables(source);
        await source.Database.OpenConnectionAsync(ct);
        await target.Database.OpenConnectionAsync(ct);
        try
        {
            await using (var transaction = await target.Database.BeginTransactionAsync(ct))
            {
                foreach (var table in tables)
                {
                    var rows = await CopyTableAsync(table, transaction.GetDbTransaction(), ct);
                    await progress.WriteLineAsync($"  copied {table.Name} ({rows} rows)");
                }

                if (target.Database.IsNpgsql())
                {
                    await ResetIdentitiesAsync(transaction.GetDbTransaction(), ct);
                }

                await transaction.CommitAsync(ct);
            }

            var results = new List<TableCopy>();
            foreach (var table in tables)
            {
                var (sourceRows, sourceSum) = await ChecksumAsync(source, table, ct);
                var (targetRows, targetSum) = await ChecksumAsync(target, TargetTable(table), ct);
                results.Add(new TableCopy(table.Name, sourceRows, targetRows, sourceSum, targetSum));
            }

            return results;
        }
        finally
        {
            await source.Database.CloseConnectionAsync();
            await target.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The model's tables, each after the tables its foreign keys point to (a table pointing to itself comes once).</summary>
    internal static List<ITable> Tables(DbContext db)
    {
        var all = db.Model.GetRelationalModel().Tables.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var ordered = new List<ITable>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < all.Count)
        {
            var next = all.FirstOrDefault(t => !placed.Contains(t.Name)
                && t.ForeignKeyConstraints.All(fk => fk.PrincipalTable.Name == t.Name || placed.Contains(fk.PrincipalTable.Name)))
                ?? throw new InvalidOperationException("The model's foreign keys form a cycle between tables; copy-database cannot order them.");
            ordered.Add(next);
            placed.Add(next.Name);
        }

        return ordered;
    }

    private ITable TargetTable(ITable table) =>
        target.Model.GetRelationalModel().FindTable(table.Name, table.Schema)
        ?? throw new InvalidOperationException($"The target's model has no table {table.Name}.");

    private async Task<int> CopyTableAsync(ITable table, DbTransaction transaction, CancellationToken ct)
    {
        var targetTable = TargetTable(table);
        var columns = table.Columns.Select(c => new ColumnCopy(c, targetTable.FindColumn(c.Name)
            ?? throw new InvalidOperationException($"The target's table {table.Name} has no column {c.Name}."))).ToList();
        var targetSql = target.GetService<ISqlGenerationHelper>();
        var insertHead = $"INSERT INTO {targetSql.DelimitIdentifier(table.Name, table.Schema)} " +
            $"({string.Join(", ", columns.Select(c => targetSql.DelimitIdentifier(c.Name)))}) VALUES ";
        // A few hundred rows per statement, within both providers' limits on parameters.
        var rowsPerInsert = Math.Max(1, 2000 / columns.Count);

        await using var read = SelectAll(source, table);
        await using var reader = await read.ExecuteReaderAsync(ct);
        var batch = new List<object?[]>(rowsPerInsert);
        var copied = 0;
        while (await reader.ReadAsync(ct))
        {
            var row = new object?[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                row[i] = columns[i].Read(reader, i);
            }

            batch.Add(row);
            if (batch.Count == rowsPerInsert)
            {
                copied += await InsertAsync(insertHead, columns, batch, transaction, ct);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            copied += await InsertAsync(insertHead, columns, batch, transaction, ct);
        }

        return copied;
    }

    private async Task<int> InsertAsync(string head, List<ColumnCopy> columns, List<object?[]> rows, DbTransaction transaction, CancellationToken ct)
    {
        await using var command = target.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder(head);
        for (var r = 0; r < rows.Count; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var i = 0; i < columns.Count; i++)
            {
                var name = $"@p{r}_{i}";
                sql.Append(i == 0 ? name : ", " + name);
                command.Parameters.Add(columns[i].Parameter(command, name, rows[r][i]));
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>PostgreSQL's identity columns go on from the highest copied key (SQLite's AUTOINCREMENT does so by itself).</summary>
    private async Task ResetIdentitiesAsync(DbTransaction transaction, CancellationToken ct)
    {
        foreach (var table in target.Model.GetRelationalModel().Tables)
        {
            var identity = table.PrimaryKey?.Columns is [var key]
                && key.PropertyMappings.Any(m => m.Property.ValueGenerated.HasFlag(Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAdd)
                    && m.Property.ClrType is var t && (t == typeof(int) || t == typeof(long)))
                ? key
                : null;
            if (identity is null)
            {
                continue;
            }

            var name = $"\"{table.Name}\"";
            await using var command = target.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                $"SELECT setval(pg_get_serial_sequence('{name.Replace("'", "''", StringComparison.Ordinal)}', '{identity.Name}'), " +
                $"COALESCE((SELECT MAX(\"{identity.Name}\") FROM {name}), 0) + 1, false)";
            await command.ExecuteScalarAsync(ct);
        }
    }

    private static DbCommand SelectAll(DbContext db, ITable table)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(c => sql.DelimitIdentifier(c.Name)))} " +
            $"FROM {sql.DelimitIdentifier(table.Name, table.Schema)}";
        return command;
    }

    private static async Task<long> CountAsync(DbContext db, ITable table, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {sql.DelimitIdentifier(table.Name, table.Schema)}";
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Tables in the target that are not EF's own bookkeeping (the migrations' history and lock).</summary>
    private static async Task<List<string>> UserTablesAsync(DbContext db, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = db.Database.IsNpgsql()
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY table_name"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var names = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var name = reader.GetString(0);
                if (!name.StartsWith("__EFMigrations", StringComparison.Ordinal))
                {
                    names.Add(name);
                }
            }

            return names;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Rows and checksum of one table, from the rows' values as the model stores them.</summary>
    internal static async Task<(long Rows, string Checksum)> ChecksumAsync(DbContext db, ITable table, CancellationToken ct)
    {
        var columns = table.Columns.Select(c => new ColumnCopy(c, c)).ToList();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = SelectAll(db, table);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var hashes = new List<byte[]>();
            var text = new StringBuilder();
            while (await reader.ReadAsync(ct))
            {
                text.Clear();
                for (var i = 0; i < columns.Count; i++)
                {
                    text.Append(columns[i].Name).Append('=').Append(Canonical(columns[i].Read(reader, i))).Append('\u001f');
                }

                hashes.Add(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
            }

            hashes.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
            using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var hash in hashes)
            {
                all.AppendData(hash);
            }

            return (hashes.Count, Convert.ToHexStringLower(all.GetHashAndReset())[..16]);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>A value as text that is the same whichever database it came back from.</summary>
    internal static string Canonical(object? value) => value switch
    {
        null => "∅",
        // Times to the microsecond: PostgreSQL keeps microseconds, SQLite's text keeps .NET's 100 ns ticks.
        DateTime d => (d.ToUniversalTime().Ticks / 10).ToString(CultureInfo.InvariantCulture),
        DateTimeOffset d => (d.UtcTicks / 10).ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.Ticks.ToString(CultureInfo.InvariantCulture),
        TimeSpan t => (t.Ticks / 10).ToString(CultureInfo.InvariantCulture),
        Guid g => g.ToString("D"),
        bool b => b ? "1" : "0",
        decimal m => (m / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture),
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        float x => x.ToString("R", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        System.Collections.IEnumerable items and not string => "[" + string.Join(",", items.Cast<object?>().Select(Canonical)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// A column read from one database and written to another. A value is read as the model's stored type (the CLR
    /// type after the model's value converter, e.g. an enum's name) and given back as the model's value, which the
    /// target's type mapping then converts again: both ends agree on what is stored, whatever each provider makes of it.
    /// </summary>
    private sealed class ColumnCopy
    {
        private static readonly MethodInfo GetFieldValue = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetFieldValue))!;

        private readonly RelationalTypeMapping _sourceMapping;
        private readonly RelationalTypeMapping _targetMapping;
        private readonly MethodInfo _read;
        private readonly bool _nullable;

        public ColumnCopy(IColumn sourceColumn, IColumn targetColumn)
        {
            Name = sourceColumn.Name;
            _sourceMapping = sourceColumn.PropertyMappings.First().TypeMapping;
            _targetMapping = targetColumn.PropertyMappings.First().TypeMapping;
            var stored = _sourceMapping.Converter?.ProviderClrType ?? _sourceMapping.ClrType;
            _read = GetFieldValue.MakeGenericMethod(Nullable.GetUnderlyingType(stored) ?? stored);
            _nullable = sourceColumn.IsNullable;
        }

        public string Name { get; }

        /// <summary>The model's value (null for NULL).</summary>
        public object? Read(DbDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal))
            {
                return null;
            }

            object stored;
            try
            {
                stored = _read.Invoke(reader, [ordinal])!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw new InvalidOperationException($"Column {Name}: {e.InnerException.Message}", e.InnerException);
            }

            var value = _sourceMapping.Converter is { } converter ? converter.ConvertFromProvider(stored) : stored;
            // PostgreSQL's timestamptz takes UTC only (SQLite gives back what was written, e.g. Identity's LockoutEnd).
            return value switch
            {
                DateTimeOffset d => d.ToUniversalTime(),
                DateTime { Kind: DateTimeKind.Unspecified } d => DateTime.SpecifyKind(d, DateTimeKind.Utc),
                _ => value,
            };
        }

        public DbParameter Parameter(DbCommand command, string name, object? value) =>
            _targetMapping.CreateParameter(command, name, value, _nullable);
    }
}
