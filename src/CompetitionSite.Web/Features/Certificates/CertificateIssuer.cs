using System.Globalization;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Infrastructure.Auditing;
using CompetitionSite.Web.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Certificates;

/// <summary>
/// What one certificate is to say. <paramref name="RecipientName"/> and <paramref name="SchoolName"/> are printed as
/// given (a snapshot: later profile changes do not alter an issued certificate). <paramref name="AwardName"/> is
/// the tier or special award ("Juara 1", "Juara Favorit") and is required for <see cref="CertificateKind.Achievement"/>,
/// ignored for <see cref="CertificateKind.Participation"/>. <paramref name="Culture"/> is the recipient's language
/// ("id" or "en"; anything else becomes "id").
/// </summary>
public sealed record CertificateRequest(
    int EntryId,
    int ParticipantId,
    int CategoryId,
    string RecipientName,
    string SchoolName,
    CertificateKind Kind,
    string? AwardName,
    string Culture);

public enum RevokeOutcome
{
    Revoked,
    AlreadyRevoked,
    NotFound,
}

/// <summary>
/// Issues and revokes certificates.
/// <para>
/// <b>Unit of work:</b> neither method calls <c>SaveChanges</c>. They add rows (and an audit event) to the
/// caller's <see cref="AppDbContext"/>, so publishing results can issue certificates, queue emails and change the
/// stage in one transaction: the caller saves once. Until then nothing is issued.
/// </para>
/// <para>
/// <b>Idempotent:</b> a request for a participant, entry and kind that already has a valid (not revoked)
/// certificate — saved, or added earlier in the same unit of work — is skipped, whatever its other fields say.
/// To correct a certificate, revoke it and issue again. The database backs this with a filtered unique index.
/// </para>
/// <para>
/// <b>When:</b> issuing does not look at the phase; certificates become visible to anyone but organizers only when
/// the competition's results are published (<see cref="CertificateRules.ResultsArePublic"/>).
/// </para>
/// </summary>
public sealed class CertificateIssuer(AppDbContext db, IAuditLog audit, TimeProvider clock)
{
    /// <summary>
    /// Adds a certificate for each request that has none yet and returns how many were added. Throws
    /// <see cref="ArgumentException"/> for a request that does not fit the competition (an entry of another
    /// competition, a participant who is not a member of the entry, an achievement without an award, no name),
    /// and <see cref="InvalidOperationException"/> when the competition does not exist; nothing is added then.
    /// </summary>
    public async Task<int> IssueAsync(int competitionId, IEnumerable<CertificateRequest> requests, CancellationToken cancellationToken = default)
    {
        var competition = await db.Competitions.AsNoTracking()
            .Where(c => c.Id == competitionId)
            .Select(c => new { c.Id, c.TimeZoneId })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Competition {competitionId} does not exist.");

        var wanted = requests.ToList();
        if (wanted.Count == 0)
        {
            return 0;
        }

        // What the competition has: entries by category, and who is a member of which entry.
        var entries = await db.Entries.AsNoTracking()
            .Where(e => e.Category.CompetitionId == competitionId)
            .Select(e => new { e.Id, e.CategoryId })
            .ToDictionaryAsync(e => e.Id, e => e.CategoryId, cancellationToken);
        var members = (await db.EntryMembers.AsNoTracking()
                .Where(m => m.ParticipantId != null && db.Entries.Any(e => e.Id == m.EntryId && e.Category.CompetitionId == competitionId))
                .Select(m => new { m.EntryId, ParticipantId = m.ParticipantId!.Value })
                .ToListAsync(cancellationToken))
            .Select(m => (m.EntryId, m.ParticipantId))
            .ToHashSet();

        foreach (var r in wanted)
        {
            if (!entries.TryGetValue(r.EntryId, out var categoryId) || categoryId != r.CategoryId)
            {
                throw new ArgumentException($"Entry {r.EntryId} is not in category {r.CategoryId} of competition {competitionId}.", nameof(requests));
            }

            if (!members.Contains((r.EntryId, r.ParticipantId)))
            {
                throw new ArgumentException($"Participant {r.ParticipantId} is not a member of entry {r.EntryId}.", nameof(requests));
            }

            if (string.IsNullOrWhiteSpace(r.RecipientName))
            {
                throw new ArgumentException($"The certificate for participant {r.ParticipantId} (entry {r.EntryId}) has no name.", nameof(requests));
            }

            if (r.Kind == CertificateKind.Achievement && string.IsNullOrWhiteSpace(r.AwardName))
            {
                throw new ArgumentException($"The achievement certificate for participant {r.ParticipantId} (entry {r.EntryId}) has no award.", nameof(requests));
            }
        }

        var taken = await ValidKeysAsync(competitionId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var year = TimeDisplay.ToZone(now, competition.TimeZoneId).Year;
        var issued = new List<Certificate>();
        foreach (var r in wanted)
        {
            if (!taken.Add((r.EntryId, r.ParticipantId, r.Kind)))
            {
                continue;
            }

            issued.Add(new Certificate
            {
                CompetitionId = competitionId,
                CategoryId = r.CategoryId,
                EntryId = r.EntryId,
                ParticipantId = r.ParticipantId,
                RecipientName = r.RecipientName.Trim(),
                SchoolName = (r.SchoolName ?? "").Trim(),
                Kind = r.Kind,
                AwardName = r.Kind == CertificateKind.Achievement ? r.AwardName!.Trim() : null,
                IssuedAt = now,
                Culture = LocalizationSetup.Normalize(r.Culture),
            });
        }

        if (issued.Count == 0)
        {
            return 0;
        }

        await NumberAsync(issued, year, cancellationToken);
        db.Certificates.AddRange(issued);
        var achievements = issued.Count(c => c.Kind == CertificateKind.Achievement);
        audit.Record("certificates.issued", "competition", competitionId.ToString(CultureInfo.InvariantCulture),
            $"Issued: {issued.Count} ({achievements} achievement, {issued.Count - achievements} participation)", competitionId);
        return issued.Count;
    }

    /// <summary>
    /// Revokes a certificate of the competition (a correction), with the reason, audited. Does not save: the
    /// caller does, together with whatever replaces the certificate.
    /// </summary>
    public async Task<RevokeOutcome> RevokeAsync(int competitionId, string number, string reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A certificate is revoked with a reason.", nameof(reason));
        }

        var canonical = CertificateNumbers.Normalize(number);
        var certificate = canonical is null
            ? null
            : await db.Certificates.SingleOrDefaultAsync(c => c.Number == canonical && c.CompetitionId == competitionId, cancellationToken);
        if (certificate is null)
        {
            return RevokeOutcome.NotFound;
        }

        if (!certificate.Revoke(clock.GetUtcNow().UtcDateTime, reason))
        {
            return RevokeOutcome.AlreadyRevoked;
        }

        audit.Record("certificate.revoked", "certificate", certificate.Number,
            $"Number: {certificate.Number}\nRecipient: {certificate.RecipientName}\nReason: {certificate.RevokedReason}", competitionId);
        return RevokeOutcome.Revoked;
    }

    /// <summary>(entry, participant, kind) of every valid certificate of the competition, counting this unit of work's changes.</summary>
    private async Task<HashSet<(int EntryId, int ParticipantId, CertificateKind Kind)>> ValidKeysAsync(int competitionId, CancellationToken cancellationToken)
    {
        var saved = await db.Certificates.AsNoTracking()
            .Where(c => c.CompetitionId == competitionId && c.RevokedAt == null && c.ParticipantId != null)
            .Select(c => new { c.Id, c.EntryId, ParticipantId = c.ParticipantId!.Value, c.Kind })
            .ToListAsync(cancellationToken);

        var tracked = db.ChangeTracker.Entries<Certificate>().Where(e => e.Entity.CompetitionId == competitionId).ToList();
        var revokedHere = tracked
            .Where(e => e.State == EntityState.Modified && e.Entity.RevokedAt is not null)
            .Select(e => e.Entity.Id)
            .ToHashSet();
        var keys = saved.Where(c => !revokedHere.Contains(c.Id)).Select(c => (c.EntryId, c.ParticipantId, c.Kind)).ToHashSet();
        foreach (var added in tracked.Where(e => e.State == EntityState.Added && e.Entity.RevokedAt is null && e.Entity.ParticipantId is not null))
        {
            keys.Add((added.Entity.EntryId, added.Entity.ParticipantId!.Value, added.Entity.Kind));
        }

        return keys;
    }

    /// <summary>Gives each certificate a new number, unique among themselves, the database and this unit of work.</summary>
    private async Task NumberAsync(List<Certificate> certificates, int year, CancellationToken cancellationToken)
    {
        var pending = db.ChangeTracker.Entries<Certificate>().Select(e => e.Entity.Number).ToHashSet(StringComparer.Ordinal);
        var todo = certificates;
        while (todo.Count > 0)
        {
            foreach (var c in todo)
            {
                string number;
                do
                {
                    number = CertificateNumbers.New(year);
                }
                while (!pending.Add(number));

                c.Number = number;
            }

            // 34 billion numbers a year: a clash with a saved number is most unlikely, but cheap to rule out.
            var clashes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var chunk in todo.Select(c => c.Number).Chunk(500))
            {
                clashes.UnionWith(await db.Certificates.AsNoTracking().Where(c => chunk.Contains(c.Number)).Select(c => c.Number).ToListAsync(cancellationToken));
            }

            todo = todo.Where(c => clashes.Contains(c.Number)).ToList();
        }
    }
}
