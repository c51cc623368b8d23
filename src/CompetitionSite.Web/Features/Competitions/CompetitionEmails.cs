using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Infrastructure.Email;
using CompetitionSite.Web.Infrastructure.Localization;
using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using CompetitionSite.Web.Features.Shared;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>Emails about competitions, written in each recipient's language and queued in the outbox.</summary>
public sealed class CompetitionEmails(IEmailOutbox outbox, IStringLocalizer<CompetitionsText> t, IStringLocalizer<SharedResource> l, IOptions<SiteOptions> site, LinkBuilder links)
{
    /// <summary>The organizers moved the competition back a phase (e.g. extended the deadline).</summary>
    public void ScheduleChanged(ParticipantContact to, Competition c, Phase from, Phase now, string reason) =>
        outbox.QueueLocalized(to.Email, to.Name, to.Culture, "competition.schedule-changed", () =>
        {
            var body = new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", to.Name],
                ButtonText = t["View the competition"],
                ButtonUrl = links.Absolute("/lomba/" + c.Slug),
            }.Paragraph(t["The organizers of {0} changed its schedule: the competition is back from \"{1}\" to \"{2}\".", c.Title, l.PhaseName(from), l.PhaseName(now)])
             .Paragraph(t["Reason given by the organizers: {0}", reason])
             .Fact(t["Submission deadline"], TimeDisplay.Format(c.SubmissionClosesAt, c.TimeZoneId))
             .Fact(t["Judging ends"], TimeDisplay.Format(c.JudgingEndsAt, c.TimeZoneId))
             .Fact(t["Results announced (planned)"], TimeDisplay.Format(c.ResultsAnnouncedAt, c.TimeZoneId));
            if (now == Phase.Open)
            {
                body.Paragraph(t["You can send or change your entry until the new deadline."]);
            }

            return (t["Schedule change: {0}", c.Title], body);
        });

    /// <summary>An announcement of the organizers: its text as typed (Markdown as plain text), and the way to the competition.</summary>
    public Domain.Email.OutboxMessage Announcement(ParticipantContact to, Competition c, Announcement a) =>
        outbox.QueueLocalized(to.Email, to.Name, to.Culture, "competition.announcement", () =>
        {
            var body = new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", to.Name],
                ButtonText = t["View the competition"],
                ButtonUrl = links.Absolute("/lomba/" + c.Slug + (a.OnPublicPage ? "#pengumuman" : "")),
                Footer = t["You receive this email because you are part of {0}.", c.Title],
            }.Paragraph(t["The organizers of {0} posted an announcement:", c.Title])
             .Paragraph(a.Title);
            foreach (var paragraph in MarkdownRenderer.PlainParagraphs(a.Body))
            {
                body.Paragraph(paragraph);
            }

            return (t["Announcement: {0}", a.Title], body);
        });

    /// <summary>A new question for the organizers, to the competition's contact address (in the site's language).</summary>
    public Domain.Email.OutboxMessage QuestionAsked(string contact, Competition c, string text) =>
        outbox.QueueLocalized(contact, c.OrganizingBody, null, "competition.question-asked", () =>
        {
            var body = new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", c.OrganizingBody],
                ButtonText = t["Answer it"],
                ButtonUrl = links.Absolute($"/admin/competitions/{c.Id}/questions"),
            }.Paragraph(t["Someone asked a question about {0}:", c.Title])
             .Paragraph(text);
            return (t["New question: {0}", c.Title], body);
        });

    /// <summary>The organizers' answer, to the person who asked.</summary>
    public Domain.Email.OutboxMessage QuestionAnswered(ParticipantContact to, Competition c, Question q) =>
        outbox.QueueLocalized(to.Email, to.Name, to.Culture, "competition.question-answered", () =>
        {
            var body = new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", to.Name],
                ButtonText = t["See your questions"],
                ButtonUrl = links.Absolute($"/lomba/{c.Slug}/tanya"),
            }.Paragraph(t["The organizers of {0} answered your question.", c.Title])
             .Fact(t["Your question"], q.Text)
             .Paragraph(q.Answer ?? "");
            if (q.InFaq)
            {
                body.Paragraph(t["The question and its answer are also in the competition's FAQ, without your name."]);
            }

            return (t["Answer to your question: {0}", c.Title], body);
        });
}
