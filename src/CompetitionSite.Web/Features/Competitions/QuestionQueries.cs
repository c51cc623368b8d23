using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>Reads of questions: the asker's own, the organizers' list, and the public FAQ.</summary>
public sealed class QuestionQueries(AppDbContext db)
{
    public async Task<AskPage?> AskPageAsync(string slug, string userId, AskForm form, CancellationToken ct = default)
    {
        var c = await db.Competitions.AsNoTracking().Where(x => x.Slug == slug)
            .Select(x => new { x.Id, x.Slug, x.Title, x.TimeZoneId, x.Stage, x.OpenedAt }).SingleOrDefaultAsync(ct);
        if (c is null || !CompetitionPhases.IsPublic(c.Stage, c.OpenedAt))
        {
            return null;
        }

        var mine = await db.Questions.AsNoTracking()
            .Where(q => q.CompetitionId == c.Id && q.AskedByUserId == userId)
            .OrderByDescending(q => q.AskedAt).ThenByDescending(q => q.Id)
            .Select(q => new MyQuestion(q.Id, q.Text, q.AskedAt, q.Answer, q.AnsweredAt, q.InFaq))
            .ToListAsync(ct);
        return new AskPage(c.Id, c.Slug, c.Title, c.TimeZoneId, mine, form);
    }

    public async Task<QuestionsPage?> OrganizerPageAsync(int competitionId, CancellationToken ct = default)
    {
        var c = await db.Competitions.AsNoTracking().Where(x => x.Id == competitionId).Select(x => new { x.Id, x.Title, x.TimeZoneId }).SingleOrDefaultAsync(ct);
        if (c is null)
        {
            return null;
        }

        var rows = await (
            from q in db.Questions.AsNoTracking()
            where q.CompetitionId == competitionId
            join u in db.Users on q.AskedByUserId equals u.Id into askers
            from asker in askers.DefaultIfEmpty()
            orderby q.Answer == null descending, q.AskedAt descending, q.Id descending
            select new QuestionRow(q.Id, q.Text, q.AskedAt, asker == null ? "" : asker.FullName, asker == null ? "" : asker.Email ?? "",
                q.Answer, q.AnsweredAt, q.InFaq, q.PublicWording))
            .ToListAsync(ct);
        return new QuestionsPage(c.Id, c.Title, c.TimeZoneId, rows);
    }

    public Task<List<FaqItem>> FaqAsync(int competitionId, CancellationToken ct = default) =>
        db.Questions.AsNoTracking()
            .Where(q => q.CompetitionId == competitionId && q.InFaq && q.Answer != null && q.PublicWording != null)
            .OrderBy(q => q.AnsweredAt).ThenBy(q => q.Id)
            .Select(q => new FaqItem(q.Id, q.PublicWording!, q.Answer!))
            .ToListAsync(ct);
}
