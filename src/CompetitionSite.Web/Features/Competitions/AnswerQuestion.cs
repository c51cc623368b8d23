using System.Globalization;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>
/// An organizer answers a question (or changes an answer): the asker gets the answer by email in their language and
/// on their questions page; with <see cref="AnswerForm.InFaq"/> the question (in its public wording) and the answer go
/// in the competition's public FAQ. Audited.
/// </summary>
public sealed class AnswerQuestion(
    AppDbContext db, CompetitionEmails emails, Infrastructure.Auditing.IAuditLog audit, TimeProvider clock, IStringLocalizer<CompetitionsText> t)
{
    public async Task<Outcome> AnswerAsync(int competitionId, int questionId, AnswerForm form, string userId, CancellationToken ct = default)
    {
        var question = await db.Questions.SingleOrDefaultAsync(q => q.Id == questionId && q.CompetitionId == competitionId, ct);
        var competition = await db.Competitions.AsNoTracking().SingleOrDefaultAsync(c => c.Id == competitionId, ct);
        if (question is null || competition is null)
        {
            return Outcome.Refused(t["The question does not exist."]);
        }

        var wording = string.IsNullOrWhiteSpace(form.PublicWording) ? question.Text : form.PublicWording.Trim();
        var first = !question.IsAnswered;
        question.Answer = form.Answer.Trim();
        question.AnsweredAt = clock.GetUtcNow().UtcDateTime;
        question.AnsweredByUserId = userId;
        question.InFaq = form.InFaq;
        question.PublicWording = form.InFaq ? wording : null;

        var asker = await db.Users.AsNoTracking().Where(u => u.Id == question.AskedByUserId && u.Email != null)
            .Select(u => new ParticipantContact(u.Email!, u.FullName, u.PreferredCulture)).SingleOrDefaultAsync(ct);
        if (asker is not null)
        {
            emails.QuestionAnswered(asker, competition, question);
        }

        audit.Record(first ? "question.answered" : "question.answer-changed", "question", questionId.ToString(CultureInfo.InvariantCulture),
            $"In the FAQ: {(form.InFaq ? "yes" : "no")}", competitionId);
        await db.SaveChangesAsync(ct);
        return Outcome.Ok();
    }
}
