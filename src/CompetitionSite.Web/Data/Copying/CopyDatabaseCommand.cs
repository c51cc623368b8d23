using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CompetitionSite.Web.Data.Copying;

/// <summary>
/// <c>dotnet run --project src/CompetitionSite.Web -- copy-database --to-provider PostgreSql --to "Host=…"</c>: copies
/// the configured database (Database:Provider, Database:ConnectionString) into an empty database of the given
/// provider, checks every table's row count and checksum on both sides, prints them, and exits. Files stay where the
/// file store keeps them; point the site at the new database (and the same file store) to move over.
/// </summary>
public static class CopyDatabaseCommand
{
    public const string Name = "copy-database";

    public static bool IsRequested(string[] args) => args.Any(a => string.Equals(a, Name, StringComparison.Ordinal));

    /// <summary>0 when copied with every count and checksum equal; 1 when refused (bad arguments, a target that is not empty: nothing changed); 2 when the copy failed or did not verify.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken ct = default)
    {
        var toProvider = Option(args, "--to-provider");
        var to = Option(args, "--to");
        if (toProvider is null || to is null
            || !Enum.TryParse<DatabaseProvider>(toProvider, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
        {
            await output.WriteLineAsync(
                "copy-database: usage: copy-database --to-provider PostgreSql|Sqlite --to \"<connection string of an empty database>\"");
            return 1;
        }

        var settings = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await using var scope = services.CreateAsyncScope();
        var source = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var target = DataSetup.CreateContext(provider, provider == DatabaseProvider.Sqlite
            ? DataSetup.BuildConnectionString(new DatabaseOptions { ConnectionString = to }, Directory.GetCurrentDirectory())
            : to);
        if (string.Equals(Describe(settings.Kind ?? DatabaseProvider.Sqlite, source.Database.GetConnectionString()),
                Describe(provider, target.Database.GetConnectionString()), StringComparison.Ordinal))
        {
            await output.WriteLineAsync("copy-database: the target is the configured database itself; nothing changed.");
            return 1;
        }

        await output.WriteLineAsync(
            $"Copying {settings.Kind} ({Describe(settings.Kind ?? DatabaseProvider.Sqlite, source.Database.GetConnectionString())}) " +
            $"to {provider} ({Describe(provider, target.Database.GetConnectionString())})");
        var copy = new DatabaseCopy(source, target);
        string? refusal;
        try
        {
            refusal = await copy.RefusalAsync(ct);
        }
        catch (Exception e) when (e is System.Data.Common.DbException || e.InnerException is System.Data.Common.DbException)
        {
            await output.WriteLineAsync($"copy-database: the target database could not be reached ({(e.InnerException ?? e).Message}); nothing changed.");
            return 1;
        }

        if (refusal is not null)
        {
            await output.WriteLineAsync($"copy-database: {refusal} Nothing changed: give an empty database.");
            return 1;
        }

        IReadOnlyList<TableCopy> tables;
        try
        {
            tables = await copy.CopyAsync(output, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await output.WriteLineAsync($"copy-database: the copy failed and was rolled back ({e.Message}).");
            await output.WriteLineAsync("The target now holds the site's empty tables; run copy-database again once the cause is fixed.");
            return 2;
        }

        var width = Math.Max(5, tables.Max(t => t.Table.Length));
        await output.WriteLineAsync();
        await output.WriteLineAsync($"{"table".PadRight(width)}  {"rows",8}  {"checksum",-16}  result");
        foreach (var t in tables)
        {
            var result = t.Equal ? "equal" : FormattableString.Invariant($"DIFFERENT (source: {t.SourceRows} rows, {t.SourceChecksum})");
            await output.WriteLineAsync(FormattableString.Invariant($"{t.Table.PadRight(width)}  {t.TargetRows,8}  {t.TargetChecksum,-16}  {result}"));
        }

        var different = tables.Count(t => !t.Equal);
        await output.WriteLineAsync();
        if (different > 0)
        {
            await output.WriteLineAsync($"copy-database: {different} table(s) differ after the copy: do not switch the site over.");
            return 2;
        }

        await output.WriteLineAsync(FormattableString.Invariant(
            $"Copied {tables.Count} tables, {tables.Sum(t => t.TargetRows)} rows; every table's count and checksum are equal."));
        await output.WriteLineAsync(
            $"To switch over, set Database__Provider={provider} and Database__ConnectionString to the target, keep the file store settings, and start the site.");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && !string.IsNullOrWhiteSpace(args[i + 1]) ? args[i + 1] : null;
    }

    /// <summary>Where a database is, without its password.</summary>
    private static string Describe(DatabaseProvider provider, string? connectionString)
    {
        if (provider == DatabaseProvider.PostgreSql)
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{b.Host}:{b.Port}/{b.Database}";
        }

        return Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
    }
}
