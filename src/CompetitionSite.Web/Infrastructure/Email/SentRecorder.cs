using System.Data.Common;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace CompetitionSite.Web.Infrastructure.Email;

/// <summary>
/// Records accepted messages as Sent with one prepared UPDATE on a connection kept open for the batch, queued with
/// the site's other writes (<see cref="IDatabaseWrites"/>). Values go through EF's own type mappings, so the columns
/// hold what EF would have written. Only a row the given holder still holds is updated; the result is the number of
/// rows changed (0: the claim was lost).
/// </summary>
internal sealed class SentRecorder : IAsyncDisposable
{
    private readonly AppDbContext _db;
    private readonly DbCommand _command;
    private readonly DbCommand _held;
    private readonly RelationalTypeMapping _idMapping;
    private readonly RelationalTypeMapping _nowMapping;

    private SentRecorder(AppDbContext db, DbCommand command, DbCommand held, RelationalTypeMapping idMapping, RelationalTypeMapping nowMapping)
    {
        _db = db;
        _command = command;
        _held = held;
        _idMapping = idMapping;
        _nowMapping = nowMapping;
    }

    public static async Task<SentRecorder> OpenAsync(AppDbContext db, string holder)
    {
        var entity = db.Model.FindEntityType(typeof(OutboxMessage))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        IProperty Property(string name) => entity.FindProperty(name)!;
        string Column(string name) => sql.DelimitIdentifier(Property(name).GetColumnName(table)!);
        RelationalTypeMapping Mapping(string name) => (RelationalTypeMapping)Property(name).GetRelationalTypeMapping();

        await db.Database.OpenConnectionAsync();
        var idMapping = Mapping(nameof(OutboxMessage.Id));
        var nowMapping = Mapping(nameof(OutboxMessage.SentAt));
        DbCommand Command(bool release)
        {
            var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText =
                $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET " +
                $"{Column(nameof(OutboxMessage.Status))} = @status, {Column(nameof(OutboxMessage.SentAt))} = @now, " +
                $"{Column(nameof(OutboxMessage.Attempts))} = {Column(nameof(OutboxMessage.Attempts))} + 1" +
                (release ? $", {Column(nameof(OutboxMessage.LockedBy))} = NULL, {Column(nameof(OutboxMessage.LockedUntil))} = NULL " : " ") +
                $"WHERE {Column(nameof(OutboxMessage.Id))} = @id AND {Column(nameof(OutboxMessage.LockedBy))} = @holder";
            command.Parameters.Add(Mapping(nameof(OutboxMessage.Status)).CreateParameter(command, "@status", OutboxStatus.Sent));
            command.Parameters.Add(Mapping(nameof(OutboxMessage.LockedBy)).CreateParameter(command, "@holder", holder));
            command.Parameters.Add(idMapping.CreateParameter(command, "@id", Guid.Empty));
            command.Parameters.Add(nowMapping.CreateParameter(command, "@now", DateTime.UnixEpoch, nullable: true));
            return command;
        }

        return new SentRecorder(db, Command(release: true), Command(release: false), idMapping, nowMapping);
    }

    /// <summary>Sent and let go: the server has accepted the message.</summary>
    public Task<int> RecordAsync(Guid id, DateTime now) => _db.Writes.WriteAsync(ct =>
    {
        Bind(_command, id, now);
        return _command.ExecuteNonQueryAsync(ct);
    }, CancellationToken.None);

    /// <summary>Sent, still held until the batch ends: written synchronously, just before the server takes it.</summary>
    public int RecordHandedOver(Guid id, DateTime now) => _db.Writes.Write(() =>
    {
        Bind(_held, id, now);
        return _held.ExecuteNonQuery();
    });

    private void Bind(DbCommand command, Guid id, DateTime now)
    {
        command.Parameters["@id"].Value = ProviderValue(_idMapping, id);
        command.Parameters["@now"].Value = ProviderValue(_nowMapping, now);
    }

    public async ValueTask DisposeAsync()
    {
        await _command.DisposeAsync();
        await _held.DisposeAsync();

        await _db.Database.CloseConnectionAsync();
    }

    private static object ProviderValue(RelationalTypeMapping mapping, object value) =>
        mapping.Converter?.ConvertToProvider(value) ?? value;
}
