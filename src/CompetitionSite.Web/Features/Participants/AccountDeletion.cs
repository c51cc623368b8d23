using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Auditing;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Infrastructure.Auditing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Participants;

public sealed record DeletionSummary(int Profiles, int EntriesDeleted, int EntriesAnonymized, int TeamEntriesLeft, int Files);

/// <summary>
/// Deletes a student's or guardian's account and the personal data the site holds about them (and, for a guardian,
/// about the pupils without an account of their own). All database changes are one transaction; stored files are
/// deleted after it commits (<see cref="FileDeletions"/>). See docs/decisions/0005-participant-data.md.
/// </summary>
public sealed class AccountDeletion(
    AppDbContext db,
    UserManager<ApplicationUser> users,
    IAuditLog audit,
    FileDeletions files,
    TimeProvider clock)
{
    /// <summary>What anonymized audit events and entries show instead of a person.</summary>
    public const string DeletedAccount = "deleted account";

    public const string AnonymizedTitle = "—";

    /// <summary>Results are public (or were): such entries stay, anonymized, so published rankings and scores still add up.</summary>
    public static bool ResultsPublished(Competition c) => c.Stage == CompetitionStage.Published || c.PublishedAt is not null;

    public async Task<DeletionSummary> DeleteAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var storedNames = new List<string>();
        DeletionSummary summary;

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // Profiles: the student's own, and the pupils a guardian manages. A managed pupil who has an account of
            // their own keeps it; only the link to this guardian goes.
            var profiles = await db.Participants
                .Where(p => p.UserId == user.Id || p.GuardianUserId == user.Id)
                .ToListAsync(cancellationToken);
            var removed = profiles.Where(p => p.UserId == user.Id || p.UserId == null).ToList();
            foreach (var kept in profiles.Except(removed))
            {
                kept.GuardianUserId = null;
                kept.UpdatedAt = now;
            }

            var ids = removed.Select(p => p.Id).ToList();
            var entryIds = await db.EntryMembers
                .Where(m => m.ParticipantId != null && ids.Contains(m.ParticipantId.Value))
                .Select(m => m.EntryId)
                .Distinct()
                .ToListAsync(cancellationToken);
            var entries = await db.Entries
                .Include(e => e.Members)
                .Include(e => e.Files)
                .Include(e => e.Category).ThenInclude(c => c.Competition)
                .Where(e => entryIds.Contains(e.Id))
                .ToListAsync(cancellationToken);

            int deleted = 0, anonymized = 0, teams = 0;
            foreach (var entry in entries)
            {
                var published = ResultsPublished(entry.Category.Competition);
                var competitionId = entry.Category.CompetitionId;
                var mine = entry.Members.Where(m => m.ParticipantId is { } id && ids.Contains(id)).ToList();
                var others = entry.Members.Where(m => m.ParticipantId is { } id && !ids.Contains(id)).ToList();
                if (entry.CreatedByUserId == user.Id)
                {
                    entry.CreatedByUserId = "";
                }

                if (others.Count > 0)
                {
                    // A team entry stays with the teammates; only this person leaves it.
                    if (published)
                    {
                        mine.ForEach(Anonymize);
                    }
                    else
                    {
                        if (mine.Any(m => m.IsLead))
                        {
                            others[0].IsLead = true;
                        }

                        db.EntryMembers.RemoveRange(mine);
                    }

                    Touch(entry, now);
                    audit.Record("entry.member-removed", "entry", entry.Id.ToString(), "reason: account deleted", competitionId);
                    teams++;
                    continue;
                }

                storedNames.AddRange(entry.Files.Select(f => f.StoredName));
                storedNames.AddRange(await db.UploadSessions.Where(u => u.EntryId == entry.Id).Select(u => u.StoredName).ToListAsync(cancellationToken));
                if (published)
                {
                    entry.Title = AnonymizedTitle;
                    entry.Description = "";
                    entry.LinkUrl = null;
                    entry.Members.ForEach(Anonymize);
                    // What publication wrote about the entry for its result emails names the work and its members too.
                    await db.PublishedResults.Where(r => r.EntryId == entry.Id)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.Title, AnonymizedTitle).SetProperty(r => r.Names, AnonymizedTitle), cancellationToken);
                    db.EntryFiles.RemoveRange(entry.Files);
                    db.UploadSessions.RemoveRange(await db.UploadSessions.Where(u => u.EntryId == entry.Id).ToListAsync(cancellationToken));
                    Touch(entry, now);
                    audit.Record("entry.anonymized", "entry", entry.Id.ToString(), "reason: account deleted", competitionId);
                    anonymized++;
                }
                else
                {
                    db.Entries.Remove(entry);
                    audit.Record("entry.deleted", "entry", entry.Id.ToString(), "reason: account deleted", competitionId);
                    deleted++;
                }
            }

            // Invitations to this person's address in other people's team entries.
            var email = (user.Email ?? "").ToLower();
            var invitations = await db.EntryMembers
                .Where(m => m.ParticipantId == null && m.InvitedEmail != null && m.InvitedEmail.ToLower() == email
                            && m.InvitationStatus != MemberInvitationStatus.Accepted)
                .ToListAsync(cancellationToken);
            db.EntryMembers.RemoveRange(invitations);

            // Consents this person gave as a guardian for other participants stay as the evidence those participants
            // need; only the link to the deleted account goes.
            await db.GuardianConsents
                .Where(c => c.GuardianUserId == user.Id && !ids.Contains(c.ParticipantId))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.GuardianUserId, (string?)null), cancellationToken);

            // Entries and uploads this account created for others (e.g. a pupil who has an account of their own).
            await db.Entries
                .Where(e => e.CreatedByUserId == user.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.CreatedByUserId, ""), cancellationToken);
            await db.UploadSessions
                .Where(u => u.StartedByUserId == user.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.StartedByUserId, ""), cancellationToken);

            // Emails about these participants to their guardians (the consent request and its answers name the
            // child), sent or not: the consent rows go below, and the messages would keep the names.
            var names = removed.Select(p => p.FullName).Where(n => n.Length > 0).Distinct().ToList();
            var guardianAddresses = await db.GuardianConsents
                .Where(c => ids.Contains(c.ParticipantId))
                .Select(c => c.GuardianEmail)
                .Distinct()
                .ToListAsync(cancellationToken);
            if (guardianAddresses.Count > 0 && names.Count > 0)
            {
                var aboutThem = await db.OutboxMessages
                    .Where(m => guardianAddresses.Contains(m.ToAddress) && m.Kind.StartsWith("participant.consent"))
                    .ToListAsync(cancellationToken);
                db.OutboxMessages.RemoveRange(aboutThem.Where(m => names.Any(n => m.Subject.Contains(n, StringComparison.OrdinalIgnoreCase))));
            }

            // The audit trail of the entries that go (deleted, or anonymized) keeps the facts, not the details (they
            // held original file names such as "poster-eka-saputra.png").
            var goneEntryIds = entries.Where(e => !e.Members.Any(m => m.ParticipantId is { } id && !ids.Contains(id)))
                .Select(e => e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            if (goneEntryIds.Count > 0)
            {
                await db.AuditEvents
                    .Where(e => e.ObjectType == "entry" && goneEntryIds.Contains(e.ObjectId))
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.Details, ""), cancellationToken);
            }

            // The profiles themselves, with their consent rows (cascade).
            db.Participants.RemoveRange(removed);

            // Emails to this address (their bodies hold names and links).
            var address = user.Email ?? "";
            // Loaded and removed (both of each message's tables, saved below with the rest): a bulk delete cannot span
            // the outbox's two tables.
            // Unsent ones go too, unless a sender holds one at this moment (its claim has not run out).
            db.OutboxMessages.RemoveRange(await db.OutboxMessages
                .Where(m => m.ToAddress == address && (m.Status != OutboxStatus.Pending || m.LockedUntil == null || m.LockedUntil < now))
                .ToListAsync(cancellationToken));

            // Their questions to organizers go; one answered in a FAQ stays there, in its public wording only, asked by nobody.
            await db.Questions.Where(q => q.AskedByUserId == user.Id && !q.InFaq).ExecuteDeleteAsync(cancellationToken);
            await db.Questions.Where(q => q.AskedByUserId == user.Id && q.InFaq)
                .ExecuteUpdateAsync(s => s.SetProperty(q => q.Text, q => q.PublicWording ?? "").SetProperty(q => q.AskedByUserId, DeletedAccount), cancellationToken);

            // The audit trail keeps what happened, not who: the person's name and email go from events they did or
            // that were about their account.
            await db.AuditEvents
                .Where(e => e.ActorUserId == user.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.ActorUserId, (string?)null).SetProperty(e => e.ActorName, DeletedAccount), cancellationToken);
            await db.AuditEvents
                .Where(e => e.ObjectType == "user" && e.ObjectId == user.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.ObjectId, "deleted").SetProperty(e => e.Details, ""), cancellationToken);

            summary = new DeletionSummary(removed.Count, deleted, anonymized, teams, storedNames.Distinct().Count());
            audit.Record("account.deleted", "user", "deleted",
                $"profiles: {summary.Profiles}, entries deleted: {deleted}, entries anonymized: {anonymized}, team entries left: {teams}, files: {summary.Files}");
            foreach (var name in storedNames.Distinct())
            {
                files.Schedule(name);
            }

            foreach (var added in db.ChangeTracker.Entries<AuditEvent>().Where(e => e.Entity.ActorUserId == user.Id))
            {
                added.Entity.ActorUserId = null;
                added.Entity.ActorName = DeletedAccount;
            }

            await db.SaveChangesAsync(cancellationToken);

            var result = await users.DeleteAsync(user);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("The account could not be deleted: " + string.Join("; ", result.Errors.Select(e => e.Code)));
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await files.DeleteNowAsync(storedNames, cancellationToken);
        return summary;
    }

    private static void Anonymize(EntryMember member)
    {
        member.ParticipantId = null;
        member.InvitedEmail = null;
        member.InvitationTokenHash = null;
    }

    private static void Touch(Entry entry, DateTime now)
    {
        entry.UpdatedAt = now;
        entry.Version = Guid.NewGuid();
    }
}
