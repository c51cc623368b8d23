using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Domain.Reminders;
using CompetitionSite.Web.Features.Participants;
using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Reminders;

/// <summary>
/// One pass of the automatic reminders: finds who is due a reminder now and queues each email once.
/// </summary>
/// <remarks>
/// Contract: each reminder is one <see cref="SentReminder"/> row and one outbox row saved together. The row's unique
/// index (kind, recipient, occasion) makes a second insert fail, so a pass that runs twice, restarts halfway or runs
/// on several instances at once queues each reminder at most once; the loser's outbox row is never saved. A recipient
/// who stopped a topic gets nothing of it, and a competition whose organizers switched a topic off reminds no one.
/// </remarks>
public sealed class ReminderRun(
    AppDbContext db,
    ReminderEmails emails,
    TimeProvider clock,
    LinkBuilder links,
    IOptions<ParticipantOptions> participantOptions,
    ILogger<ReminderRun> logger)
{
    /// <summary>Queues every reminder due now; returns how many were queued by this pass.</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stopped = (await db.ReminderStops.AsNoTracking().Select(s => new { s.Email, s.Topic }).ToListAsync(ct))
            .Select(s => (s.Email, s.Topic)).ToHashSet();
        var queued = await DraftsAsync(now, stopped, ct) + await ConsentsAsync(now, stopped, ct) + await JudgesAsync(now, stopped, ct);
        if (queued > 0)
        {
            logger.LogInformation("Queued {Count} automatic reminder(s).", queued);
        }

        return queued;
    }

    private async Task<int> DraftsAsync(DateTime now, HashSet<(string, ReminderTopic)> stopped, CancellationToken ct)
    {
        var horizon = now + ReminderRules.FirstDraftReminder;
        var competitions = await db.Competitions.AsNoTracking()
            .Where(c => c.Stage == CompetitionStage.Live && c.RemindDrafts && c.OpensAt <= now && c.SubmissionClosesAt > now && c.SubmissionClosesAt <= horizon)
            .ToListAsync(ct);
        var queued = 0;
        foreach (var c in competitions)
        {
            if (ReminderRules.DraftReminderDue(c.SubmissionClosesAt, now) is not { } kind)
            {
                continue;
            }

            var occasion = ReminderRules.CompetitionOccasion(c.Id);
            var drafts = await (from e in db.Entries.AsNoTracking()
                                join u in db.Users.AsNoTracking() on e.CreatedByUserId equals u.Id
                                where e.Category.CompetitionId == c.Id && e.Status == EntryStatus.Draft
                                orderby e.Id
                                select new { u.Id, u.Email, u.FullName, u.PreferredCulture, e.Title })
                .ToListAsync(ct);
            var done = await SentAsync(kind, occasion, ct);
            foreach (var person in drafts.GroupBy(d => d.Id))
            {
                var first = person.First();
                if (first.Email is null || done.Contains(first.Id) || stopped.Contains((StopLinks.Normalize(first.Email), ReminderTopic.Drafts)))
                {
                    continue;
                }

                var titles = person.Select(d => string.IsNullOrWhiteSpace(d.Title) ? "—" : d.Title).ToList();
                var to = new ReminderRecipient(first.Email, first.FullName, first.PreferredCulture);
                queued += await QueueOnceAsync(kind, first.Id, occasion, c.Id, () => emails.Draft(to, kind, c, titles), ct);
            }
        }

        return queued;
    }

    private async Task<int> ConsentsAsync(DateTime now, HashSet<(string, ReminderTopic)> stopped, CancellationToken ct)
    {
        var lifetime = participantOptions.Value.ConsentLinkLifetime;
        var waitedSince = now - ReminderRules.ConsentWait;
        var oldestLive = now - lifetime;

        // Requests still open and old enough, of participants with a draft or submitted entry in a competition that is
        // open or judging and reminds about consent.
        var candidates = await (from r in db.GuardianConsents.AsNoTracking()
                                where r.Status == ConsentStatus.Pending && r.TokenHash != null
                                      && r.RequestedAt <= waitedSince && r.RequestedAt > oldestLive
                                from m in db.EntryMembers
                                where m.ParticipantId == r.ParticipantId
                                join e in db.Entries on m.EntryId equals e.Id
                                where e.Status == EntryStatus.Draft || e.Status == EntryStatus.Submitted
                                join cat in db.Categories on e.CategoryId equals cat.Id
                                join c in db.Competitions on cat.CompetitionId equals c.Id
                                where c.Stage == CompetitionStage.Live && c.RemindConsents && c.OpensAt <= now && c.JudgingEndsAt > now
                                orderby r.Id, c.Id
                                select new { ConsentId = r.Id, r.ParticipantId, CompetitionId = c.Id, c.Title })
            .ToListAsync(ct);
        var done = await SentAsync(ReminderKinds.ConsentPending, null, ct);
        var today = ParticipantAge.Today(clock);
        var queued = 0;
        foreach (var group in candidates.GroupBy(x => x.ConsentId))
        {
            var first = group.First();
            var occasion = ReminderRules.ConsentOccasion(first.ConsentId);
            var participant = await db.Participants.Include(p => p.Consents).SingleAsync(p => p.Id == first.ParticipantId, ct);
            var request = participant.Consents.Single(x => x.Id == first.ConsentId);
            var recipient = StopLinks.Normalize(request.GuardianEmail);
            var latestPending = participant.Consents.Where(x => x.Status == ConsentStatus.Pending).MaxBy(x => x.RequestedAt);
            if (done.Contains(recipient + "|" + occasion)
                || stopped.Contains((recipient, ReminderTopic.Consent))
                || latestPending?.Id != request.Id
                || ConsentRules.StateOf(participant, today) != ConsentState.Pending
                || !ReminderRules.ConsentReminderDue(request.RequestedAt, request.RequestedAt + lifetime, now))
            {
                db.ChangeTracker.Clear();
                continue;
            }

            // The token is stored only as a hash: the reminder carries a new link to the same request (same expiry),
            // and the earlier link stops working, as when a student asks again.
            var token = GuardianConsents.NewToken();
            request.TokenHash = GuardianConsents.Hash(token);
            var link = links.Absolute(GuardianConsents.ConsentPath, new Dictionary<string, string?> { ["token"] = token });
            var culture = await db.Users.Where(u => u.NormalizedEmail == request.GuardianEmail.Trim().ToUpperInvariant())
                .Select(u => u.PreferredCulture).FirstOrDefaultAsync(ct);
            var to = new ReminderRecipient(request.GuardianEmail, request.GuardianName, culture);
            queued += await QueueOnceAsync(ReminderKinds.ConsentPending, recipient, occasion, first.CompetitionId,
                () => emails.ConsentPending(to, participant.FullName, first.Title, link, request.RequestedAt + lifetime,
                    Regions.TimeZoneOf(participant.Province)), ct);
        }

        return queued;
    }

    private async Task<int> JudgesAsync(DateTime now, HashSet<(string, ReminderTopic)> stopped, CancellationToken ct)
    {
        var competitions = await db.Competitions.AsNoTracking()
            .Where(c => c.Stage == CompetitionStage.Live && c.RemindJudges && c.SubmissionClosesAt <= now && c.JudgingEndsAt > now)
            .ToListAsync(ct);
        var queued = 0;
        foreach (var c in competitions)
        {
            var occasion = ReminderRules.CompetitionOccasion(c.Id);
            var loads = await (from a in db.JudgeAssignments.AsNoTracking()
                               where a.CompetitionId == c.Id
                               group a by a.CompetitionJudgeId into g
                               select new
                               {
                                   JudgeId = g.Key,
                                   Total = g.Count(),
                                   Submitted = g.Count(a => a.Scorecard != null && a.Scorecard.Status == ScoreStatus.Submitted),
                               }).ToListAsync(ct);
            var behind = loads.Where(l => ReminderRules.JudgeIsBehind(l.Total, l.Submitted, c.SubmissionClosesAt, c.JudgingEndsAt, now))
                .ToDictionary(l => l.JudgeId);
            if (behind.Count == 0)
            {
                continue;
            }

            var ids = behind.Keys.ToList();
            var judges = await (from j in db.CompetitionJudges.AsNoTracking()
                                join u in db.Users.AsNoTracking() on j.UserId equals u.Id
                                where ids.Contains(j.Id)
                                orderby j.Id
                                select new { j.Id, UserId = u.Id, u.Email, u.FullName, u.PreferredCulture }).ToListAsync(ct);
            var done = await SentAsync(ReminderKinds.JudgeBehind, occasion, ct);
            foreach (var j in judges)
            {
                if (j.Email is null || done.Contains(j.UserId) || stopped.Contains((StopLinks.Normalize(j.Email), ReminderTopic.Judging)))
                {
                    continue;
                }

                var load = behind[j.Id];
                var to = new ReminderRecipient(j.Email, j.FullName, j.PreferredCulture);
                queued += await QueueOnceAsync(ReminderKinds.JudgeBehind, j.UserId, occasion, c.Id,
                    () => emails.JudgeBehind(to, c, load.Total - load.Submitted, load.Total), ct);
            }
        }

        return queued;
    }

    /// <summary>
    /// Who already had this reminder (a shortcut that saves a failing insert; the unique index is the guarantee).
    /// For one occasion: the recipients; for every occasion: "recipient|occasion".
    /// </summary>
    private async Task<HashSet<string>> SentAsync(string kind, string? occasion, CancellationToken ct) =>
        occasion is null
            ? (await db.SentReminders.AsNoTracking().Where(r => r.Kind == kind).Select(r => r.Recipient + "|" + r.Occasion).ToListAsync(ct)).ToHashSet()
            : (await db.SentReminders.AsNoTracking().Where(r => r.Kind == kind && r.Occasion == occasion).Select(r => r.Recipient).ToListAsync(ct)).ToHashSet();

    /// <summary>Saves the reminder's row with its email (and any tracked change, e.g. a renewed consent link); 0 when another pass won.</summary>
    private async Task<int> QueueOnceAsync(string kind, string recipient, string occasion, int? competitionId, Func<OutboxMessage> queue, CancellationToken ct)
    {
        var row = new SentReminder
        {
            Kind = kind,
            Recipient = recipient,
            Occasion = occasion,
            CompetitionId = competitionId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.SentReminders.Add(row);
        row.OutboxMessageId = queue().Id;
        try
        {
            await db.SaveChangesAsync(ct);
            return 1;
        }
        catch (DbUpdateException)
        {
            if (!await AlreadySentAsync(kind, recipient, occasion, ct))
            {
                throw;
            }

            logger.LogInformation("Reminder {Kind} to {Recipient} for {Occasion} was already queued by another pass.", kind, recipient, occasion);
            return 0;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task<bool> AlreadySentAsync(string kind, string recipient, string occasion, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.SentReminders.AsNoTracking().AnyAsync(r => r.Kind == kind && r.Recipient == recipient && r.Occasion == occasion, ct);
    }
}
