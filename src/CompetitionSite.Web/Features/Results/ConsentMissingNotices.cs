using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Domain.Results;
using CompetitionSite.Web.Features.Judging;
using CompetitionSite.Web.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Results;

/// <summary>
/// At publication: every submitted entry that was not judged because a minor member's guardian consent never came
/// (asked and unanswered, or never asked) gets a notice — to each member's result address (their account, or the
/// guardian's account for a managed pupil) and to the guardian named on the unanswered request — in the recipient's
/// language. Queued in the publication's unit of work (the caller saves), one per entry and address.
/// </summary>
public sealed class ConsentMissingNotices(AppDbContext db, JudgingQueries judging, ResultEmails emails)
{
    public async Task<int> QueueAsync(Competition competition, DateTime now, CancellationToken ct)
    {
        var entries = await db.Entries.AsNoTracking()
            .Where(e => e.Category.CompetitionId == competition.Id && e.Status == EntryStatus.Submitted)
            .Select(e => new
            {
                e.Id,
                e.Title,
                e.PublicCode,
                Category = e.Category.Name,
                Members = e.Members.Where(m => m.InvitationStatus == MemberInvitationStatus.Accepted && m.ParticipantId != null)
                    .Select(m => m.ParticipantId!.Value).ToList(),
            })
            .ToListAsync(ct);
        var ids = entries.SelectMany(e => e.Members).Distinct().ToList();
        var profiles = new Dictionary<int, ParticipantProfile>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var p in await db.Participants.AsNoTracking().Include(p => p.Consents).Where(p => chunk.Contains(p.Id)).ToListAsync(ct))
            {
                profiles[p.Id] = p;
            }
        }

        var today = judging.Today;
        var waiting = entries
            .Select(e => (Entry: e, Members: e.Members.Where(profiles.ContainsKey).Select(id => profiles[id]).ToList()))
            .Where(x => x.Members.Count > 0
                && !JudgingEligibility.IsEligible(EntryStatus.Submitted, x.Members, today)
                && x.Members.Any(m => ConsentRules.StateOf(m, today) is ConsentState.Pending or ConsentState.Missing))
            .ToList();
        if (waiting.Count == 0)
        {
            return 0;
        }

        var accountIds = waiting.SelectMany(x => x.Members).Select(m => m.UserId ?? m.GuardianUserId).OfType<string>().Distinct().ToList();
        var accounts = await db.Users.AsNoTracking()
            .Where(u => accountIds.Contains(u.Id) && u.Email != null)
            .Select(u => new { u.Id, u.Email, u.FullName, u.PreferredCulture })
            .ToDictionaryAsync(u => u.Id, ct);
        var sent = (await db.ResultNotices.AsNoTracking()
                .Where(n => n.CompetitionId == competition.Id && n.Kind == ResultNoticeKind.ConsentMissing)
                .Select(n => new { n.EntryId, n.Email })
                .ToListAsync(ct))
            .Select(n => (n.EntryId, n.Email))
            .ToHashSet();

        var queued = 0;
        foreach (var (entry, members) in waiting)
        {
            var names = string.Join(", ", members.Select(m => m.FullName));
            var recipients = new List<ResultRecipient>();
            foreach (var m in members)
            {
                string? culture = null;
                if ((m.UserId ?? m.GuardianUserId) is { } id && accounts.TryGetValue(id, out var account))
                {
                    culture = LocalizationSetup.Normalize(account.PreferredCulture);
                    recipients.Add(new ResultRecipient(account.Email!, account.FullName, culture));
                }

                if (ConsentRules.AwaitedRequest(m, today) is { GuardianEmail.Length: > 0 } request)
                {
                    recipients.Add(new ResultRecipient(request.GuardianEmail, request.GuardianName, culture ?? "id"));
                }
            }

            foreach (var to in recipients)
            {
                var email = to.Email.ToLowerInvariant();
                if (!sent.Add((entry.Id, email)))
                {
                    continue;
                }

                var messageId = emails.ConsentMissing(to, competition, entry.Category, entry.Title, names, entry.PublicCode);
                db.ResultNotices.Add(new ResultNotice
                {
                    CompetitionId = competition.Id,
                    EntryId = entry.Id,
                    Email = email,
                    Kind = ResultNoticeKind.ConsentMissing,
                    Round = 0,
                    OutboxMessageId = messageId,
                    CreatedAt = now,
                });
                queued++;
            }
        }

        return queued;
    }
}
