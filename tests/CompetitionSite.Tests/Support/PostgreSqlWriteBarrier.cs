using Npgsql;

namespace CompetitionSite.Tests.Support;

/// <summary>
/// Makes a race between two requests deterministic on PostgreSQL, without sleeps: the barrier holds the tables a use
/// case writes in SHARE mode (reads go on, the first INSERT/UPDATE/DELETE waits), the test starts both requests and
/// waits until both are waiting for a lock — each at its first write after its reads, or one of them at a lock the
/// site itself takes before reading — and then lets them go together. Whatever the site does not serialize, they then
/// both do on what they read before the other wrote.
/// </summary>
public sealed class PostgreSqlWriteBarrier : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private NpgsqlTransaction? _transaction;

    private PostgreSqlWriteBarrier(NpgsqlConnection connection) => _connection = connection;

    /// <summary>Holds <paramref name="tables"/> (quoted as EF names them) of the site's database until <see cref="ReleaseAsync"/>.</summary>
    public static async Task<PostgreSqlWriteBarrier> HoldAsync(string connectionString, params string[] tables)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var barrier = new PostgreSqlWriteBarrier(connection) { _transaction = await connection.BeginTransactionAsync() };
        await using var command = new NpgsqlCommand(
            $"LOCK TABLE {string.Join(", ", tables.Select(t => $"\"{t}\""))} IN SHARE MODE", connection, barrier._transaction);
        await command.ExecuteNonQueryAsync();
        return barrier;
    }

    /// <summary>
    /// Waits (up to a minute) until <paramref name="count"/> other sessions of this database wait for a lock, or until
    /// every one of <paramref name="requests"/> has ended (one that never writes does not wait here).
    /// </summary>
    public async Task WaitForWaitersAsync(int count, IEnumerable<Task> requests)
    {
        var all = Task.WhenAll(requests);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            // The statistics views are read once per transaction unless the snapshot is dropped first.
            await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", _connection, _transaction))
            {
                await clear.ExecuteNonQueryAsync();
            }

            await using var command = new NpgsqlCommand(
                """
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'
                """, _connection, _transaction);
            var waiting = Convert.ToInt32(await command.ExecuteScalarAsync());
            if (waiting >= count || all.IsCompleted)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{waiting} of {count} sessions reached the barrier within a minute.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Lets every waiting writer go.</summary>
    public async Task ReleaseAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.RollbackAsync();
            await _transaction.DisposeAsync();
            _transaction = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync();
        await _connection.DisposeAsync();
    }
}
