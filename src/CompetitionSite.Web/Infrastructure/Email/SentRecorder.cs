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
/// Records a message's hand-over and then its acceptance, each with one prepared UPDATE on a connection kept open for
/// the batch, queued with the site's other writes (<see cref="IDatabaseWrites"/>). Values go through EF's own type
/// mappings, so the columns hold what EF would have written. Only a row the given holder still holds is updated; the
/// result is the number of rows changed (0: the claim was lost).
/// </summary>
internal sealed class SentRecorder : IAsyncDisposable
{
    private readonly AppDbContext _db;
    private readonly DbCommand _sent;
    private readonly DbCommand _handedOver;
    private readonly DbCommand _sentAndHandedOver;
    private readonly RelationalTypeMapping _idMapping;
    private readonly RelationalTypeMapping _nowMapping;

    private SentRecorder(
        AppDbContext db, DbCommand sent, DbCommand handedOver, DbCommand sentAndHandedOver, RelationalTypeMapping idMapping, RelationalTypeMapping nowMapping)
    {
        _db = db;
        _sent = sent;
        _handedOver = handedOver;
        _sentAndHandedOver = sentAndHandedOver;
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
        string Update(string set, string suffix) =>
            $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET {set.Replace("@now", "@now" + suffix, StringComparison.Ordinal)} " +
            $"WHERE {Column(nameof(OutboxMessage.Id))} = @id{suffix} AND {Column(nameof(OutboxMessage.LockedBy))} = @holder";
        var sentSet =
            $"{Column(nameof(OutboxMessage.Status))} = @status, {Column(nameof(OutboxMessage.SentAt))} = @now, " +
            $"{Column(nameof(OutboxMessage.Attempts))} = {Column(nameof(OutboxMessage.Attempts))} + 1, " +
            $"{Column(nameof(OutboxMessage.LockedBy))} = NULL, {Column(nameof(OutboxMessage.LockedUntil))} = NULL";
        var handedOverSet = $"{Column(nameof(OutboxMessage.HandedOverAt))} = @now";

        // parts: the statements' suffixes for @id and @now ("" for a single statement; "s" and "h" for the pair).
        DbCommand Command(string text, bool withStatus, params string[] parts)
        {
            var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = text;
            if (withStatus)
            {
                command.Parameters.Add(Mapping(nameof(OutboxMessage.Status)).CreateParameter(command, "@status", OutboxStatus.Sent));
            }

            command.Parameters.Add(Mapping(nameof(OutboxMessage.LockedBy)).CreateParameter(command, "@holder", holder));
            foreach (var part in parts)
            {
                command.Parameters.Add(idMapping.CreateParameter(command, "@id" + part, Guid.Empty));
                command.Parameters.Add(nowMapping.CreateParameter(command, "@now" + part, DateTime.UnixEpoch, nullable: true));
            }

            return command;
        }

        var sent = Command(Update(sentSet, ""), withStatus: true, "");
        var handedOver = Command(Update(handedOverSet, ""), withStatus: false, "");
        // One command, one round trip: SQLite runs the two statements in turn, Npgsql sends them as one batch.
        var sentAndHandedOver = Command(Update(sentSet, "s") + "; " + Update(handedOverSet, "h"), withStatus: true, "s", "h");
        return new SentRecorder(db, sent, handedOver, sentAndHandedOver, idMapping, nowMapping);
    }

    /// <summary>Sent and let go: the server has accepted the message (its 250 reply, or the pickup file is in place).</summary>
    public Task<int> RecordSentAsync(Guid id, DateTime now) => _db.Writes.WriteAsync(ct =>
    {
        Bind(_sent, id, now);
        return _sent.ExecuteNonQueryAsync(ct);
    }, CancellationToken.None);

    /// <summary>
    /// Handed over, not yet confirmed, still held: written synchronously just before the end-of-data mark that makes the
    /// server take the message. The row stays Pending; if this sender dies before <see cref="RecordSentAsync"/>, another
    /// sender sends it again once the lease has run out.
    /// </summary>
    public int RecordHandedOver(Guid id, DateTime now) => _db.Writes.Write(() =>
    {
        Bind(_handedOver, id, now);
        return _handedOver.ExecuteNonQuery();
    });

    /// <summary>
    /// The previous message's Sent record (the server accepted it) and this message's hand-over record, in one command
    /// and one round trip. The result is the rows changed by both (2 when this sender still held both).
    /// </summary>
    public int RecordSentAndHandedOver(Guid sentId, DateTime sentAt, Guid handedOverId, DateTime now) => _db.Writes.Write(() =>
    {
        Bind(_sentAndHandedOver, sentId, sentAt, "s");
        Bind(_sentAndHandedOver, handedOverId, now, "h");
        return _sentAndHandedOver.ExecuteNonQuery();
    });

    private void Bind(DbCommand command, Guid id, DateTime now, string part = "")
    {
        command.Parameters["@id" + part].Value = ProviderValue(_idMapping, id);
        command.Parameters["@now" + part].Value = ProviderValue(_nowMapping, now);
    }

    public async ValueTask DisposeAsync()
    {
        await _sent.DisposeAsync();
        await _handedOver.DisposeAsync();
        await _sentAndHandedOver.DisposeAsync();

        await _db.Database.CloseConnectionAsync();
    }

    private static object ProviderValue(RelationalTypeMapping mapping, object value) =>
        mapping.Converter?.ConvertToProvider(value) ?? value;
}
