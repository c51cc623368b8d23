using System.Globalization;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>
/// Someone signed in asks the organizers of a public competition a question; the competition's contact address is told
/// by email. At most <see cref="Question.OpenPerPerson"/> questions of one person wait for an answer at a time.
/// </summary>
public sealed class AskQuestion(AppDbContext db, CompetitionEmails emails, TimeProvider clock, IStringLocalizer<CompetitionsText> t)
{
    public async Task<Outcome> AskAsync(string slug, AskForm form, string userId, CancellationToken ct = default)
    {
        var competition = await db.Competitions.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == slug, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (competition is null || !CompetitionPhases.IsPublic(competition.Stage, competition.OpenedAt))
        {
            return Outcome.Refused(t["The competition does not exist."]);
        }

        if (competition.PhaseAt(now) == Phase.Archived)
        {
            return Outcome.Refused(t["This competition is archived: it takes no more questions."]);
        }

        var open = await db.Questions.CountAsync(q => q.CompetitionId == competition.Id && q.AskedByUserId == userId && q.Answer == null, ct);
        if (open >= Question.OpenPerPerson)
        {
            return Outcome.Failed(nameof(form.Text), t["You have {0} questions waiting for an answer. Ask more once the organizers have answered.", open]);
        }

        var text = form.Text.Trim();
        db.Questions.Add(new Question { CompetitionId = competition.Id, AskedByUserId = userId, Text = text, AskedAt = now });
        if (competition.ContactEmail is { Length: > 0 } contact)
        {
            emails.QuestionAsked(contact, competition, text);
        }

        await db.SaveChangesAsync(ct);
        return Outcome.Ok();
    }
}
