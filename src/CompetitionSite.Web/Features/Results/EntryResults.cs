using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Features.Certificates;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Results;

/// <summary>An entry's result as its participants see it on "My entries", once results are published.</summary>
public sealed record EntryResultView(IReadOnlyList<string> Awards, double Score, IReadOnlyList<string> Feedback, IReadOnlyList<OwnCertificate> Certificates, string WinnersUrl);

/// <summary>Results of a person's entries, only for competitions whose results are published.</summary>
public sealed class EntryResults(AppDbContext db, ResultsQueries data, CertificateDocuments documents)
{
    public async Task<IReadOnlyDictionary<int, EntryResultView>> ForAsync(IReadOnlyCollection<int> entryIds, string userId, CancellationToken ct = default)
    {
        var competitions = (await db.Entries.AsNoTracking()
                .Where(e => entryIds.Contains(e.Id))
                .Select(e => new { e.Category.CompetitionId, e.Category.Competition.Stage, e.Category.Competition.PublishedAt })
                .Distinct()
                .ToListAsync(ct))
            .Where(c => CertificateRules.ResultsArePublic(c.Stage, c.PublishedAt))
            .Select(c => c.CompetitionId)
            .Distinct()
            .ToList();
        var result = new Dictionary<int, EntryResultView>();
        if (competitions.Count == 0)
        {
            return result;
        }

        var certificates = await documents.ForAccountAsync(userId, ct);
        foreach (var competitionId in competitions)
        {
            var results = await data.LoadAsync(competitionId, ct);
            if (results is null)
            {
                continue;
            }

            foreach (var category in results.Categories)
            {
                foreach (var row in category.Rows.Where(r => entryIds.Contains(r.EntryId)))
                {
                    result[row.EntryId] = new EntryResultView(
                        PublishResults.AwardNames(category, row.EntryId),
                        row.ScoreIn(results.Mode),
                        row.Feedback.Select(f => f.Text).ToList(),
                        certificates.Where(x => x.EntryId == row.EntryId).ToList(),
                        WinnersLinks.Page(results.Competition.Slug));
                }
            }
        }

        return result;
    }
}
