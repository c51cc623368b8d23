using System.Globalization;
using System.Text;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Judging;

/// <summary>A score written out for the audit log, so removing or revising it never loses what the judge gave.</summary>
public static class ScoreAudit
{
    public static async Task<string> DescribeAsync(AppDbContext db, Scorecard? card, int categoryId, CancellationToken ct)
    {
        if (card is null)
        {
            return "\nNo score yet";
        }

        var criteria = await RubricOfAsync(db, categoryId, ct);
        return "\n" + Describe(card.Status, card.Points.ToDictionary(p => p.CriterionId, p => p.Points), card.Feedback, card.PrivateNote, criteria);
    }

    public static string Describe(ScoreStatus status, IReadOnlyDictionary<int, int> points, string feedback, string note, IReadOnlyList<Criterion> criteria)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Score ({status}): total {ScoreRules.WeightedTotal(criteria, points).ToString("0.##", CultureInfo.InvariantCulture)}");
        foreach (var c in criteria)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{c.Name}: {(points.TryGetValue(c.Id, out var p) ? p.ToString(CultureInfo.InvariantCulture) : "—")}/{c.MaxPoints}");
        }

        text.Append("\nFeedback: ").Append(feedback.Length == 0 ? "—" : feedback);
        text.Append("\nPrivate note: ").Append(note.Length == 0 ? "—" : note);
        return text.ToString();
    }

    public static Task<List<Criterion>> RubricOfAsync(AppDbContext db, int categoryId, CancellationToken ct) =>
        (from cat in db.Categories.AsNoTracking()
         join cr in db.Criteria.AsNoTracking() on cat.RubricId equals cr.RubricId
         where cat.Id == categoryId
         orderby cr.Order
         select cr).ToListAsync(ct);
}
