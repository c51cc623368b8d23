using System.Globalization;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Domain.Results;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Admin;

/// <summary>One competition's numbers on the organizers' dashboard.</summary>
public sealed record CompetitionNumbers(
    int Id, string Title, Phase Phase, int Drafts, int Submitted, int Withdrawn, int Disqualified,
    int ConsentsWaiting, int ScoresAssigned, int ScoresSubmitted)
{
    public int Entries => Drafts + Submitted + Withdrawn + Disqualified;
}

public sealed record DashboardPage(int OutboxWaiting, int OutboxFailed, IReadOnlyList<CompetitionNumbers> Competitions);

/// <summary>A competition's participation and winners by regency/city and by school, with the school standing.</summary>
public sealed record StatisticsPage(
    int CompetitionId, string Title, int Participants, int Entries, IReadOnlyList<string> TierNames,
    IReadOnlyList<SchoolStanding.Placed> Schools, IReadOnlyList<StandingTally> Regencies);

/// <summary>Reads the organizers' dashboard and the per-competition statistics. Read-only; one query per kind of number.</summary>
public sealed class Dashboard(AppDbContext db, TimeProvider clock)
{
    public async Task<DashboardPage> LoadAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now.AddHours(7));
        var competitions = await db.Competitions.AsNoTracking()
            .Where(c => c.Stage != CompetitionStage.Archived)
            .OrderByDescending(c => c.SubmissionClosesAt)
            .ToListAsync(ct);
        var ids = competitions.Select(c => c.Id).ToList();

        var entries = await db.Entries.AsNoTracking()
            .Where(e => ids.Contains(e.Category.CompetitionId))
            .GroupBy(e => new { e.Category.CompetitionId, e.Status })
            .Select(g => new { g.Key.CompetitionId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);

        var scores = await db.JudgeAssignments.AsNoTracking()
            .Where(a => ids.Contains(a.CompetitionId))
            .GroupBy(a => a.CompetitionId)
            .Select(g => new
            {
                CompetitionId = g.Key,
                Assigned = g.Count(),
                Submitted = g.Count(a => a.Scorecard != null && a.Scorecard.Status == ScoreStatus.Submitted),
            })
            .ToListAsync(ct);

        // Consent is decided per participant (ConsentRules): the members of entries still in the running.
        var members = await (
                from m in db.EntryMembers.AsNoTracking()
                join e in db.Entries.AsNoTracking() on m.EntryId equals e.Id
                where m.ParticipantId != null && ids.Contains(e.Category.CompetitionId)
                      && (e.Status == EntryStatus.Draft || e.Status == EntryStatus.Submitted)
                select new { e.Category.CompetitionId, ParticipantId = m.ParticipantId!.Value })
            .Distinct()
            .ToListAsync(ct);
        var participantIds = members.Select(m => m.ParticipantId).Distinct().ToList();
        var waiting = (await db.Participants.AsNoTracking().Include(p => p.Consents)
                .Where(p => participantIds.Contains(p.Id))
                .ToListAsync(ct))
            .Where(p => ConsentRules.StateOf(p, today) is ConsentState.Missing or ConsentState.Pending)
            .Select(p => p.Id)
            .ToHashSet();

        var outbox = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Status != OutboxStatus.Sent)
            .GroupBy(m => m.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToListAsync(ct);

        int Count(int competitionId, EntryStatus status) =>
            entries.FirstOrDefault(e => e.CompetitionId == competitionId && e.Status == status)?.Count ?? 0;
        var rows = competitions.Select(c =>
        {
            var s = scores.FirstOrDefault(x => x.CompetitionId == c.Id);
            return new CompetitionNumbers(
                c.Id, c.Title, CompetitionPhases.Compute(c, now),
                Count(c.Id, EntryStatus.Draft), Count(c.Id, EntryStatus.Submitted), Count(c.Id, EntryStatus.Withdrawn), Count(c.Id, EntryStatus.Disqualified),
                members.Count(m => m.CompetitionId == c.Id && waiting.Contains(m.ParticipantId)),
                s?.Assigned ?? 0, s?.Submitted ?? 0);
        }).ToList();

        return new DashboardPage(
            outbox.FirstOrDefault(o => o.Status == OutboxStatus.Pending)?.Count ?? 0,
            outbox.FirstOrDefault(o => o.Status == OutboxStatus.Failed)?.Count ?? 0,
            rows);
    }

    /// <summary>Null when there is no such competition.</summary>
    public async Task<StatisticsPage?> StatisticsAsync(int competitionId, CancellationToken ct = default)
    {
        var competition = await db.Competitions.AsNoTracking()
            .Where(c => c.Id == competitionId)
            .Select(c => new { c.Id, c.Title })
            .SingleOrDefaultAsync(ct);
        if (competition is null)
        {
            return null;
        }

        // Submitted entries only: drafts, withdrawn and disqualified entries did not take part.
        var members = await (
                from m in db.EntryMembers.AsNoTracking()
                join e in db.Entries.AsNoTracking() on m.EntryId equals e.Id
                join p in db.Participants.AsNoTracking() on m.ParticipantId equals p.Id
                where e.Category.CompetitionId == competitionId && e.Status == EntryStatus.Submitted
                select new Member(e.Id, p.Id, p.SchoolName, p.SchoolNpsn, p.Regency, p.Province))
            .ToListAsync(ct);
        var awards = (await db.EntryAwards.AsNoTracking()
                .Where(a => a.CompetitionId == competitionId)
                .Select(a => new { a.EntryId, a.AwardOrder, a.IsSpecial })
                .ToListAsync(ct))
            .ToLookup(a => a.EntryId, a => (a.AwardOrder, a.IsSpecial));
        var tierNames = await (
                from t in db.AwardTiers.AsNoTracking()
                join c in db.Categories.AsNoTracking() on t.CategoryId equals c.Id
                where c.CompetitionId == competitionId && !t.IsSpecial
                select t)
            .GroupBy(t => t.Order)
            .Select(g => new { Order = g.Key, Name = g.Min(t => t.Name) })
            .OrderBy(t => t.Order)
            .ToListAsync(ct);
        var tiers = Math.Max(tierNames.Count, awards.SelectMany(a => a).Where(a => !a.IsSpecial).Select(a => a.AwardOrder + 1).DefaultIfEmpty(0).Max());

        var schools = Tally(members, m => SchoolKey(m), m => m.SchoolName.Trim(), m => m.Regency, awards, tiers);
        var regencies = Tally(members, m => m.Province + "|" + m.Regency, m => m.Regency, m => m.Province, awards, tiers)
            .OrderByDescending(r => r.Participants).ThenBy(r => r.Name, StringComparer.CurrentCulture).ToList();
        return new StatisticsPage(
            competition.Id, competition.Title,
            members.Select(m => m.ParticipantId).Distinct().Count(),
            members.Select(m => m.EntryId).Distinct().Count(),
            Enumerable.Range(0, tiers).Select(i => tierNames.FirstOrDefault(t => t.Order == i)?.Name ?? (i + 1).ToString(CultureInfo.InvariantCulture)).ToList(),
            SchoolStanding.Rank(schools),
            regencies);
    }

    private sealed record Member(int EntryId, int ParticipantId, string SchoolName, string? SchoolNpsn, string Regency, string Province);

    /// <summary>A school is its NPSN when given, else its name without case or extra spaces.</summary>
    private static string SchoolKey(Member m) =>
        !string.IsNullOrWhiteSpace(m.SchoolNpsn)
            ? "npsn:" + m.SchoolNpsn.Trim()
            : "name:" + string.Join(' ', m.SchoolName.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();

    private static List<StandingTally> Tally(
        List<Member> members, Func<Member, string> key, Func<Member, string> name, Func<Member, string> region,
        ILookup<int, (int AwardOrder, bool IsSpecial)> awards, int tiers) =>
        members.GroupBy(key).Select(g =>
        {
            var ranked = new int[tiers];
            var special = 0;
            var entryIds = g.Select(m => m.EntryId).Distinct().ToList();
            foreach (var award in entryIds.SelectMany(id => awards[id]))
            {
                if (award.IsSpecial || award.AwardOrder >= tiers)
                {
                    special++;
                }
                else
                {
                    ranked[award.AwardOrder]++;
                }
            }

            // The name and place most of its participants gave.
            string MostCommon(Func<Member, string> pick) =>
                g.GroupBy(pick).OrderByDescending(x => x.Count()).ThenBy(x => x.Key, StringComparer.Ordinal).First().Key;
            return new StandingTally(g.Key, MostCommon(name), MostCommon(region), g.Select(m => m.ParticipantId).Distinct().Count(), entryIds.Count, ranked, special);
        }).ToList();
}
