using System.Data.Common;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CompetitionSite.Web.Features.Judging;

/// <summary>
/// A submitted entry with its accepted members' profiles (the fields judging and results use, with their guardian
/// consents) and whether it counts: <see cref="JudgingEligibility.IsEligible"/> decided once, here.
/// </summary>
public sealed record SubmittedEntry(int Id, int CategoryId, string PublicCode, string Title, bool Eligible, IReadOnlyList<ParticipantProfile> Members);

/// <summary>
/// The one read of "which entries count": the judges' queues, assignment, progress and scoring
/// (<see cref="JudgingQueries.SubmittedEntriesAsync"/>) and the ranking (<c>ResultsQueries</c>) all take their entries
/// and eligibility from here, so an entry cannot be judged under one rule and ranked under another.
/// Entries and members come as one flat read (an entry without an accepted member comes once, with no member, and is
/// never eligible), then the members' consents. Plain SQL read straight into rows, as the ranking benchmark was tuned
/// with (bench/README.md): quoted names and @parameters, which SQLite and PostgreSQL both read.
/// </summary>
public sealed class SubmittedEntries(AppDbContext db, TimeProvider clock)
{
    /// <summary>Today in Western Indonesian Time (ages and consent are counted in WIB).</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeDisplay.ToZone(clock.GetUtcNow().UtcDateTime, TimeDisplay.DefaultTimeZone).DateTime);

    /// <summary>The submitted entries of a competition (or just the given ones), in id order, members lead first.</summary>
    public async Task<List<SubmittedEntry>> ReadAsync(int competitionId, IReadOnlyCollection<int>? entryIds = null, CancellationToken ct = default)
    {
        if (entryIds is { Count: 0 })
        {
            return [];
        }

        var rows = await RowsAsync(competitionId, entryIds, ct);
        var participantIds = rows.Where(r => r.Member is not null).Select(r => r.Member!.Id).Distinct().ToList();
        var consents = participantIds.Count == 0
            ? Enumerable.Empty<GuardianConsent>().ToLookup(c => c.ParticipantId)
            : (await db.GuardianConsents.AsNoTracking()
                    // One array parameter, not one SQL parameter per id (EF 10's default), whatever the number of members.
                    .Where(c => EF.Parameter(participantIds).Contains(c.ParticipantId))
                    .Select(c => new GuardianConsent
                    {
                        Id = c.Id, ParticipantId = c.ParticipantId, Status = c.Status, RequestedAt = c.RequestedAt, DecidedAt = c.DecidedAt,
                        WithdrawnAt = c.WithdrawnAt,
                    })
                    .ToListAsync(ct))
                .ToLookup(c => c.ParticipantId);

        // One profile object per participant, however many entries they are in.
        var profiles = new Dictionary<int, ParticipantProfile>(participantIds.Count);
        foreach (var m in rows.Select(r => r.Member).OfType<ParticipantProfile>())
        {
            if (profiles.TryAdd(m.Id, m) && consents.Contains(m.Id))
            {
                m.Consents = consents[m.Id].ToList();
            }
        }

        // Each entry's rows are consecutive (ordered by entry).
        var today = Today;
        var entries = new List<SubmittedEntry>();
        for (var first = 0; first < rows.Count;)
        {
            var e = rows[first];
            var end = first + 1;
            while (end < rows.Count && rows[end].EntryId == e.EntryId)
            {
                end++;
            }

            var members = new List<ParticipantProfile>(end - first);
            for (var k = first; k < end; k++)
            {
                if (rows[k].Member is { } m)
                {
                    members.Add(profiles[m.Id]);
                }
            }

            first = end;
            entries.Add(new SubmittedEntry(e.EntryId, e.CategoryId, e.PublicCode, e.Title,
                JudgingEligibility.IsEligible(EntryStatus.Submitted, members, today), members));
        }

        return entries;
    }

    private sealed record Row(int EntryId, int CategoryId, string PublicCode, string Title, ParticipantProfile? Member);

    private async Task<List<Row>> RowsAsync(int competitionId, IReadOnlyCollection<int>? entryIds, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            AddParameter(command, "@competition", competitionId);
            AddParameter(command, "@submitted", nameof(EntryStatus.Submitted));
            AddParameter(command, "@accepted", nameof(MemberInvitationStatus.Accepted));
            var onlyThese = "";
            if (entryIds is not null)
            {
                // A judge's queue or one entry: a handful of ids, one parameter each (both databases read the list).
                var names = entryIds.Distinct().Select((id, i) =>
                {
                    AddParameter(command, "@e" + i, id);
                    return "@e" + i;
                });
                onlyThese = $" AND e.\"Id\" IN ({string.Join(", ", names)})";
            }

            command.CommandText = $"""
                SELECT e."Id", e."CategoryId", e."PublicCode", e."Title",
                       p."Id", p."UserId", p."GuardianUserId", p."FullName", p."DateOfBirth", p."SchoolNpsn", p."SchoolName", p."Province",
                       p."Regency", p."PublicName", p."AllowPublicPreview"
                FROM "Entries" e
                JOIN "Categories" c ON c."Id" = e."CategoryId"
                LEFT JOIN "EntryMembers" m ON m."EntryId" = e."Id" AND m."InvitationStatus" = @accepted AND m."ParticipantId" IS NOT NULL
                LEFT JOIN "Participants" p ON p."Id" = m."ParticipantId"
                WHERE c."CompetitionId" = @competition AND e."Status" = @submitted{onlyThese}
                ORDER BY e."Id", m."IsLead" DESC, m."Id"
                """;
            var rows = new List<Row>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var member = reader.IsDBNull(4)
                    ? null
                    : new ParticipantProfile
                    {
                        Id = reader.GetInt32(4),
                        UserId = reader.IsDBNull(5) ? null : reader.GetString(5),
                        GuardianUserId = reader.IsDBNull(6) ? null : reader.GetString(6),
                        FullName = reader.GetString(7),
                        DateOfBirth = reader.GetFieldValue<DateOnly>(8),
                        SchoolNpsn = reader.IsDBNull(9) ? null : reader.GetString(9),
                        SchoolName = reader.GetString(10),
                        Province = reader.GetString(11),
                        Regency = reader.GetString(12),
                        PublicName = Enum.Parse<PublicNameDisplay>(reader.GetString(13)),
                        AllowPublicPreview = reader.GetBoolean(14),
                    };
                rows.Add(new Row(reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), member));
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
