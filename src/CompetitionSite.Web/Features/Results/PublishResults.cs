using System.Globalization;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Domain.Results;
using CompetitionSite.Web.Features.Certificates;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Auditing;
using CompetitionSite.Web.Infrastructure.Email;
using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Results;

/// <summary>
/// Review → Published, through one method: it checks that every category can be published, sets the stage and who
/// published when, issues the certificates (participation for every member of every eligible entry, achievement
/// for the winners), writes what it publishes about each entry (<see cref="PublishedResult"/>) and queues one result email
/// per entry and address, to be rendered from it when it is sent — all in one SaveChanges. Running it again
/// finds the competition published and does nothing; a unique index on the notices backs that up.
/// </summary>
public sealed class PublishResults(
    AppDbContext db,
    ResultsQueries data,
    CertificateIssuer certificates,
    ResultRecipients recipients,
    ResultEmails emails,
    ConsentMissingNotices consentMissing,
    IAuditLog audit,
    IOutboxSignal signal,
    IServiceProvider services,
    Microsoft.Extensions.Options.IOptions<EmailOptions> emailOptions,
    IStringLocalizer<ResultsText> t,
    ILogger<PublishResults> logger)
{
    /// <summary>What stands between the competition and publication (empty when it can be published).</summary>
    public IReadOnlyList<string> Problems(CompetitionResults results)
    {
        var problems = new List<string>();
        if (results.Phase != Phase.Review)
        {
            problems.Add(t["Results can be published only while they are being decided (after judging has ended)."]);
            return problems;
        }

        foreach (var category in results.Categories.Where(x => x.Rows.Count > 0))
        {
            var unscored = category.Unscored.ToList();
            if (unscored.Count > 0)
            {
                problems.Add(t["{0}: {1} entries have fewer scores than required and are not excused ({2}).",
                    category.Name, unscored.Count, string.Join(", ", unscored.Select(r => r.Code))]);
            }

            if (category.Decision is null)
            {
                foreach (var tie in category.Suggestion.Ties)
                {
                    problems.Add(t["{0}: entries share place {1} across an award boundary ({2}); decide the awards and save them.",
                        category.Name, tie.Place, string.Join(", ", tie.Awards)]);
                }

                if (category.Suggestion.Ties.Count == 0)
                {
                    problems.Add(t["{0}: check and save the awards.", category.Name]);
                }
            }
            else if (category.AwardsOutdated)
            {
                problems.Add(t["{0}: the ranking changed since the awards were saved; check them and save again.", category.Name]);
            }
        }

        return problems;
    }

    public async Task<Outcome<string>> PublishAsync(int competitionId, bool confirmed, string userId, CancellationToken ct = default)
    {
        using var steps = PublishTelemetry.Start(competitionId);
        steps.Next("read");
        var results = await data.LoadAsync(competitionId, ct);
        if (results is null)
        {
            return Outcome.Refused(t["The competition does not exist."]);
        }

        if (results.IsPublished)
        {
            return Outcome<string>.Ok(t["The results were already published; nothing was sent again."]);
        }

        if (!confirmed)
        {
            return Outcome.Refused(t["Tick the box to confirm that the results are final."]);
        }

        var problems = Problems(results);
        if (problems.Count > 0)
        {
            return Outcome.Refused(problems);
        }

        var c = await db.Competitions.SingleAsync(x => x.Id == competitionId, ct);
        var now = data.Now;
        c.Stage = CompetitionStage.Published;
        c.PublishedAt = now;
        c.PublishedByUserId = userId;
        c.UpdatedAt = now;

        var rows = results.Categories.SelectMany(cat => cat.Rows.Select(r => (Category: cat, Row: r))).ToList();
        var people = await recipients.ForAsync(rows.SelectMany(x => x.Row.Members), ct);
        var requests = new List<CertificateRequest>();
        foreach (var (category, row) in rows)
        {
            var awards = AwardNames(category, row.EntryId);
            foreach (var m in row.Members)
            {
                var culture = people.GetValueOrDefault(m.ParticipantId)?.Culture ?? "id";
                requests.Add(new CertificateRequest(row.EntryId, m.ParticipantId, category.CategoryId, m.FullName, m.SchoolName,
                    CertificateKind.Participation, null, culture));
                if (awards.Count > 0)
                {
                    requests.Add(new CertificateRequest(row.EntryId, m.ParticipantId, category.CategoryId, m.FullName, m.SchoolName,
                        CertificateKind.Achievement, string.Join(", ", awards), culture));
                }
            }
        }

        steps.Next("certificates");
        var issuedCount = await certificates.IssueAsync(competitionId, requests, ct);
        // Looked up by entry: the work grows with the entries, not with entries × certificates.
        var valid = (await ValidCertificatesAsync(competitionId, ct)).ToLookup(x => x.EntryId);
        var sent = (await db.ResultNotices.AsNoTracking()
                .Where(n => n.CompetitionId == competitionId && n.Kind == ResultNoticeKind.Result)
                .Select(n => new { n.EntryId, n.Email })
                .ToListAsync(ct))
            .Select(n => (n.EntryId, n.Email))
            .ToHashSet();
        steps.Next("emails");
        var queued = 0;
        var renderAtSend = emailOptions.Value.RenderAtSend;
        foreach (var (category, row) in rows)
        {
            PublishedResult? published = null;
            foreach (var (person, members) in ByRecipient(row, people))
            {
                var email = person.Email.ToLowerInvariant();
                if (!sent.Add((row.EntryId, email)))
                {
                    continue;
                }

                if (published is null)
                {
                    // What the entry's result emails say, written once with the publication; they are rendered from it
                    // when they are sent.
                    published = emails.Snapshot(results.Competition, category.Name, row, AwardNames(category, row.EntryId), now);
                    if (renderAtSend)
                    {
                        db.PublishedResults.Add(published);
                    }
                }

                var mentions = valid[row.EntryId].Where(x => members.Contains(x.ParticipantId ?? 0))
                    .OrderByDescending(x => x.Kind).ThenBy(x => x.RecipientName)
                    .Select(x => new CertificateMention(x.Number, x.Kind, x.RecipientName)).ToList();
                var messageId = renderAtSend
                    ? emails.Result(person, published, mentions)
                    : emails.ResultRendered(person, published, mentions);
                db.ResultNotices.Add(new ResultNotice
                {
                    CompetitionId = competitionId,
                    EntryId = row.EntryId,
                    Email = email,
                    Kind = ResultNoticeKind.Result,
                    Round = 0,
                    OutboxMessageId = messageId,
                    CreatedAt = now,
                });
                queued++;
            }
        }

        var consentNotices = await consentMissing.QueueAsync(results.Competition, now, ct);
        var winners = results.Categories.Sum(x => x.Awards.Select(a => a.EntryId).Distinct().Count());
        audit.Record("results.published", "competition", competitionId.ToString(CultureInfo.InvariantCulture),
            $"Stage: Live → Published\nRanking mode: {results.Mode}\nEntries: {rows.Count}\nAwarded entries: {winners}\nCertificates issued: {issuedCount}\nResult emails queued: {queued}\nConsent-missing notices queued: {consentNotices}",
            competitionId);
        steps.Next("save");
        try
        {
            // One transaction; a large publication's emails, notices and certificates through prepared INSERTs.
            await BulkSave.SaveChangesAsync(db, [typeof(OutboxMessage), typeof(ResultNotice), typeof(Certificate), typeof(PublishedResult)], ct);
        }
        catch (DbUpdateException e)
        {
            // Another organizer published at the same moment: their publication stands, this one changes nothing.
            logger.LogWarning(e, "Publishing competition {CompetitionId} collided with another publication.", competitionId);
            return Outcome.Refused(t["The results were being published by someone else at the same moment. Reload the page."]);
        }

        // In BulkSave's transaction, SaveChanges woke the dispatcher and evicted the public pages before the commit: do
        // both again now that the publication can be seen (a page cached in between would show the results unpublished).
        signal.Wake();
        if (services.GetService<PublicPageCacheInvalidator>() is { } pages)
        {
            await pages.EvictAsync(ct);
        }

        steps.Published(rows.Count, issuedCount, queued);
        logger.LogInformation("Published competition {CompetitionId}: {Entries} entries, {Certificates} certificates, {Emails} result emails queued ({Parts}).",
            competitionId, rows.Count, issuedCount, queued, steps.Parts);
        return Outcome<string>.Ok(t["The results are published: {0} result emails queued, {1} certificates issued.", queued, issuedCount]);
    }

    public static List<string> AwardNames(CategoryRanking category, int entryId) =>
        category.Awards.Where(a => a.EntryId == entryId).OrderBy(a => a.IsSpecial).ThenBy(a => a.AwardOrder).Select(a => a.AwardName).ToList();

    /// <summary>The entry's members grouped by where their email goes: one email per address and entry.</summary>
    public static IEnumerable<(ResultRecipient Person, HashSet<int> Members)> ByRecipient(RankingRow row, IReadOnlyDictionary<int, ResultRecipient> people) =>
        row.Members
            .Where(m => people.ContainsKey(m.ParticipantId))
            .GroupBy(m => people[m.ParticipantId].Email, StringComparer.OrdinalIgnoreCase)
            .Select(g => (people[g.First().ParticipantId], g.Select(m => m.ParticipantId).ToHashSet()));

    /// <summary>The certificates added in this unit of work (not saved yet).</summary>
    public static List<Certificate> NewCertificates(AppDbContext db, int competitionId) =>
        db.ChangeTracker.Entries<Certificate>()
            .Where(e => e.State == EntityState.Added && e.Entity.CompetitionId == competitionId)
            .Select(e => e.Entity)
            .ToList();

    /// <summary>Every valid certificate of the competition: saved, and added in this unit of work.</summary>
    private async Task<List<Certificate>> ValidCertificatesAsync(int competitionId, CancellationToken ct)
    {
        var saved = await db.Certificates.AsNoTracking().Where(x => x.CompetitionId == competitionId && x.RevokedAt == null).ToListAsync(ct);
        return saved.Concat(NewCertificates(db, competitionId)).ToList();
    }
}
