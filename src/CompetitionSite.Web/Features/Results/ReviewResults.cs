using System.Globalization;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Results;
using CompetitionSite.Web.Features.Certificates;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Results;

public sealed class AwardRowForm
{
    public int EntryId { get; set; }
    public string? Tier { get; set; }
    public string? Special { get; set; }
    public string? Citation { get; set; }
}

public sealed class AwardsForm
{
    public List<AwardRowForm> Rows { get; set; } = [];

    /// <summary>The organizer confirms they settled the ties that straddle an award boundary.</summary>
    public bool TiesSettled { get; set; }

    /// <summary>Required after publication: why the awards are corrected (sent to the people affected).</summary>
    public string? Reason { get; set; }
}

/// <summary>
/// The organizer's decisions in the Review phase: the ranking mode, excusing an entry that cannot be fully scored,
/// and each category's awards. After publication, saving awards is a correction: it needs a reason, revokes and
/// reissues the affected certificates and emails only the people whose result changed. Each method checks the phase,
/// audits and saves once.
/// </summary>
public sealed class ReviewResults(
    AppDbContext db,
    ResultsQueries data,
    CertificateIssuer certificates,
    ResultRecipients recipients,
    ResultEmails emails,
    IAuditLog audit,
    IStringLocalizer<ResultsText> t)
{
    public const int MaxCitationLength = 300;

    public async Task<Outcome<string>> SetModeAsync(int competitionId, RankingMode mode, CancellationToken ct = default)
    {
        var c = await db.Competitions.SingleOrDefaultAsync(x => x.Id == competitionId, ct);
        if (c is null)
        {
            return Outcome.Refused(t["The competition does not exist."]);
        }

        if (c.PhaseAt(data.Now) != Phase.Review)
        {
            return Outcome.Refused(t["The ranking mode can be changed only while results are being decided."]);
        }

        if (!Enum.IsDefined(mode))
        {
            return Outcome.Refused(t["Choose a ranking mode."]);
        }

        if (c.RankingMode == mode)
        {
            return Outcome<string>.Ok();
        }

        audit.Record("results.ranking-mode", "competition", Id(c.Id), $"Ranking mode: {c.RankingMode} → {mode}", c.Id);
        c.RankingMode = mode;
        c.UpdatedAt = data.Now;
        await db.SaveChangesAsync(ct);
        return Outcome<string>.Ok(t["The ranking mode was changed. Check the awards of every category again: the order may have changed."]);
    }

    public async Task<Outcome<string>> ExcuseAsync(int competitionId, int entryId, string? reason, string userId, CancellationToken ct = default)
    {
        var results = await data.LoadAsync(competitionId, ct);
        if (results is null)
        {
            return Outcome.Refused(t["The competition does not exist."]);
        }

        if (results.Phase != Phase.Review)
        {
            return Outcome.Refused(t["Entries can be excused only while results are being decided."]);
        }

        var row = results.Categories.SelectMany(x => x.Rows).FirstOrDefault(r => r.EntryId == entryId);
        if (row is null)
        {
            return Outcome.Refused(t["The entry is not in this competition's ranking."]);
        }

        reason = (reason ?? "").Trim();
        if (reason.Length < 5 || reason.Length > 500)
        {
            return Outcome.Refused(t["Give a reason (5 to 500 characters); it is recorded."]);
        }

        if (!row.NeedsExcuse)
        {
            return Outcome.Refused(t["Only an entry with fewer scores than required can be excused."]);
        }

        db.ExcusedEntries.Add(new ExcusedEntry
        {
            CompetitionId = competitionId,
            EntryId = entryId,
            Reason = reason,
            ExcusedAt = data.Now,
            ExcusedByUserId = userId,
        });
        audit.Record("results.entry-excused", "entry", Id(entryId),
            $"Entry: {row.Code}\nScores: {row.Ranked.ScoreCount} of {results.Competition.JudgesPerEntry}\nReason: {reason}", competitionId);
        await db.SaveChangesAsync(ct);
        return Outcome<string>.Ok(t["The entry {0} is ranked with the scores it has.", row.Code]);
    }

    /// <summary>Saves a category's awards (Review), or corrects them with a reason (after publication).</summary>
    public async Task<Outcome<string>> SaveAwardsAsync(int competitionId, int categoryId, AwardsForm form, string userId, CancellationToken ct = default)
    {
        // Diffs against the awards it reads (and a correction numbers its round from them): one decision at a time.
        await using var transaction = await db.Writes.BeginExclusiveAsync(ExclusiveScopes.Results(competitionId), ct);
        var results = await data.LoadAsync(competitionId, ct);
        var category = results?.Categories.FirstOrDefault(x => x.CategoryId == categoryId);
        if (results is null || category is null)
        {
            return Outcome.Refused(t["The category does not exist."]);
        }

        var correcting = results.Phase == Phase.Published;
        if (results.Phase != Phase.Review && !correcting)
        {
            return Outcome.Refused(t["Awards are decided while results are being decided, and corrected after publication."]);
        }

        var reason = (form.Reason ?? "").Trim();
        var problems = new List<string>();
        if (correcting && (reason.Length < 5 || reason.Length > 500))
        {
            problems.Add(t["Give a reason for the correction (5 to 500 characters); it is recorded and sent to the people affected."]);
        }

        var tiers = category.Tiers.Where(x => !x.IsSpecial).ToDictionary(x => x.Name, StringComparer.Ordinal);
        var specials = category.Tiers.Where(x => x.IsSpecial).ToDictionary(x => x.Name, StringComparer.Ordinal);
        var rows = category.Rows.ToDictionary(r => r.EntryId);
        var wanted = new List<EntryAward>();
        foreach (var r in form.Rows.Where(r => rows.ContainsKey(r.EntryId)).DistinctBy(r => r.EntryId))
        {
            var row = rows[r.EntryId];
            var tier = string.IsNullOrWhiteSpace(r.Tier) ? null : r.Tier.Trim();
            var special = string.IsNullOrWhiteSpace(r.Special) ? null : r.Special.Trim();
            var citation = (r.Citation ?? "").Trim();
            if (tier is not null && !tiers.ContainsKey(tier))
            {
                problems.Add(t["\"{0}\" is not an award of this category.", tier]);
                continue;
            }

            if (special is not null && !specials.ContainsKey(special))
            {
                problems.Add(t["\"{0}\" is not a special award of this category.", special]);
                continue;
            }

            if (citation.Length > MaxCitationLength)
            {
                problems.Add(t["The citation for {0} is too long (at most {1} characters).", row.Code, MaxCitationLength]);
            }

            if ((tier ?? special) is not null && !row.IsPlaced)
            {
                problems.Add(t["The entry {0} is not fully scored: excuse it before giving it an award.", row.Code]);
                continue;
            }

            if (tier is not null)
            {
                wanted.Add(NewAward(competitionId, categoryId, row.EntryId, tiers[tier], citation));
            }

            if (special is not null)
            {
                wanted.Add(NewAward(competitionId, categoryId, row.EntryId, specials[special], tier is null ? citation : ""));
            }
        }

        if (category.Suggestion.Ties.Count > 0 && !form.TiesSettled)
        {
            foreach (var tie in category.Suggestion.Ties)
            {
                problems.Add(t["Entries share place {0} across an award boundary ({1}): decide which award each gets, then tick the box to confirm.",
                    tie.Place, string.Join(", ", tie.Awards)]);
            }
        }

        if (problems.Count > 0)
        {
            return Outcome.Refused(problems);
        }

        var now = data.Now;
        var existing = await db.EntryAwards.Where(a => a.CategoryId == categoryId).ToListAsync(ct);
        var before = existing.GroupBy(a => a.EntryId).ToDictionary(g => g.Key, g => Names(g));
        var after = wanted.GroupBy(a => a.EntryId).ToDictionary(g => g.Key, g => Names(g));
        var affected = before.Keys.Union(after.Keys)
            .Where(id => !before.GetValueOrDefault(id, []).SequenceEqual(after.GetValueOrDefault(id, [])))
            .ToList();

        // Keep rows that stay (same entry and kind), so their creation date survives; replace the rest.
        foreach (var old in existing)
        {
            var match = wanted.FirstOrDefault(w => w.EntryId == old.EntryId && w.IsSpecial == old.IsSpecial);
            if (match is null)
            {
                db.EntryAwards.Remove(old);
            }
            else
            {
                if (old.AwardName != match.AwardName || old.AwardOrder != match.AwardOrder || old.Citation != match.Citation)
                {
                    old.AwardName = match.AwardName;
                    old.AwardOrder = match.AwardOrder;
                    old.Citation = match.Citation;
                    old.UpdatedAt = now;
                }

                wanted.Remove(match);
            }
        }

        foreach (var added in wanted)
        {
            added.CreatedAt = added.UpdatedAt = now;
            db.EntryAwards.Add(added);
        }

        var decision = await db.CategoryAwardDecisions.SingleOrDefaultAsync(d => d.CategoryId == categoryId, ct);
        if (decision is null)
        {
            decision = new CategoryAwardDecision { CompetitionId = competitionId, CategoryId = categoryId };
            db.CategoryAwardDecisions.Add(decision);
        }

        decision.RankingFingerprint = category.Fingerprint;
        decision.SavedAt = now;
        decision.SavedByUserId = userId;

        var diff = string.Join("\n", affected.Select(id =>
            $"{rows[id].Code}: {Describe(before.GetValueOrDefault(id, []))} → {Describe(after.GetValueOrDefault(id, []))}"));
        if (!correcting)
        {
            audit.Record("results.awards-saved", "category", Id(categoryId),
                $"Category: {category.Name}\n{(diff.Length == 0 ? "No change of awards" : diff)}", competitionId);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return Outcome<string>.Ok(t["The awards of {0} were saved.", category.Name]);
        }

        await CorrectAsync(results, category, affected, before, after, reason, ct);
        audit.Record("results.corrected", "category", Id(categoryId),
            $"Category: {category.Name}\nReason: {reason}\n{(diff.Length == 0 ? "Citations only" : diff)}", competitionId);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Outcome<string>.Ok(affected.Count == 0
            ? t["The citations were corrected; nobody's award changed, so no email was sent."]
            : t["The correction was saved: {0} entries affected, their certificates reissued and the people concerned told by email.", affected.Count]);
    }

    /// <summary>Revokes the affected entries' certificates of achievement, issues new ones and queues the correction emails.</summary>
    private async Task CorrectAsync(CompetitionResults results, CategoryRanking category, IReadOnlyList<int> affected,
        Dictionary<int, List<string>> before, Dictionary<int, List<string>> after, string reason, CancellationToken ct)
    {
        if (affected.Count == 0)
        {
            return;
        }

        var competitionId = results.Competition.Id;
        var old = await db.Certificates.AsNoTracking()
            .Where(x => x.CompetitionId == competitionId && affected.Contains(x.EntryId) && x.Kind == CertificateKind.Achievement && x.RevokedAt == null)
            .Select(x => x.Number)
            .ToListAsync(ct);
        foreach (var number in old)
        {
            await certificates.RevokeAsync(competitionId, number, reason, ct);
        }

        var rows = category.Rows.ToDictionary(r => r.EntryId);
        var people = await recipients.ForAsync(affected.SelectMany(id => rows[id].Members), ct);
        var requests = new List<CertificateRequest>();
        foreach (var id in affected)
        {
            var awards = after.GetValueOrDefault(id, []);
            if (awards.Count == 0)
            {
                continue;
            }

            foreach (var m in rows[id].Members)
            {
                requests.Add(new CertificateRequest(id, m.ParticipantId, category.CategoryId, m.FullName, m.SchoolName,
                    CertificateKind.Achievement, string.Join(", ", awards), people.GetValueOrDefault(m.ParticipantId)?.Culture ?? "id"));
            }
        }

        await certificates.IssueAsync(competitionId, requests, ct);
        var issued = PublishResults.NewCertificates(db, competitionId);
        var round = await db.ResultNotices.Where(n => n.CompetitionId == competitionId && n.Kind == ResultNoticeKind.Correction)
            .Select(n => (int?)n.Round).MaxAsync(ct) ?? 0;
        round++;
        foreach (var id in affected)
        {
            var row = rows[id];
            foreach (var (person, members) in PublishResults.ByRecipient(row, people))
            {
                var mentions = issued.Where(x => x.EntryId == id && members.Contains(x.ParticipantId ?? 0))
                    .Select(x => new CertificateMention(x.Number, x.Kind, x.RecipientName)).ToList();
                var messageId = emails.Correction(person, results.Competition, category.Name, row,
                    before.GetValueOrDefault(id, []), after.GetValueOrDefault(id, []), reason, mentions);
                db.ResultNotices.Add(new ResultNotice
                {
                    CompetitionId = competitionId,
                    EntryId = id,
                    Email = person.Email.ToLowerInvariant(),
                    Kind = ResultNoticeKind.Correction,
                    Round = round,
                    OutboxMessageId = messageId,
                    CreatedAt = data.Now,
                });
            }
        }
    }

    private static EntryAward NewAward(int competitionId, int categoryId, int entryId, TierSlot tier, string citation) => new()
    {
        CompetitionId = competitionId,
        CategoryId = categoryId,
        EntryId = entryId,
        AwardName = tier.Name,
        AwardOrder = tier.Order,
        IsSpecial = tier.IsSpecial,
        Citation = citation,
    };

    private static List<string> Names(IEnumerable<EntryAward> awards) =>
        awards.OrderBy(a => a.IsSpecial).ThenBy(a => a.AwardOrder).Select(a => a.AwardName).ToList();

    private static string Describe(IReadOnlyList<string> awards) => awards.Count == 0 ? "(none)" : string.Join(", ", awards);

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
