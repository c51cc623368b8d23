using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CompetitionSite.Web.Data;

/// <summary>
/// Sets <c>PRAGMA synchronous=NORMAL</c> on every SQLite connection the site opens. It is a per-connection setting
/// (Microsoft.Data.Sqlite has no connection-string keyword for it), so it is applied each time a connection is opened,
/// pooled or not. With write-ahead logging (set by <see cref="DataSetup.MigrateDatabaseAsync"/>) NORMAL cannot corrupt
/// the database, and a commit survives the process being killed (it is in the WAL file, in the OS's cache); only an
/// OS crash or power loss can lose the last commits (what that can cost: docs/decisions/0004-email-outbox.md). The
/// default, FULL, would sync the WAL to disk on every commit.
/// </summary>
public sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public const string Pragmas = "PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is SqliteConnection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is SqliteConnection)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
