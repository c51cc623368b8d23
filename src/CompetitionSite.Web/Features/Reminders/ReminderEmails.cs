using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Domain.Reminders;
using CompetitionSite.Web.Infrastructure.Email;
using CompetitionSite.Web.Infrastructure.Localization;
using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Reminders;

/// <summary>A person to remind, in their own language.</summary>
public sealed record ReminderRecipient(string Email, string Name, string? Culture);

/// <summary>The reminders' emails, in the recipient's language, each with its one-click "stop" link; queued in the outbox.</summary>
public sealed class ReminderEmails(IEmailOutbox outbox, IStringLocalizer<RemindersText> t, IOptions<SiteOptions> site, LinkBuilder links, StopLinks stops)
{
    public OutboxMessage Draft(ReminderRecipient to, string kind, Competition c, IReadOnlyList<string> titles) =>
        outbox.QueueLocalized(to.Email, to.Name, to.Culture, kind, () =>
        {
            var deadline = TimeDisplay.Format(c.SubmissionClosesAt, c.TimeZoneId);
            var body = new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", to.Name],
                ButtonText = t["Open my entries"],
                ButtonUrl = links.Absolute("/entries"),
                Footer = t["You get this reminder because you started an entry. A draft is not judged: only submitted entries are."],
                FooterLink = (t["Stop reminders about drafts"], stops.For(to.Email, ReminderTopic.Drafts)),
            }.Paragraph(titles.Count == 1
                    ? t["Your entry in {0} is still a draft. Submit it before the deadline so that it can be judged.", c.Title]
                    : t["{0} of your entries in {1} are still drafts. Submit them before the deadline so that they can be judged.", titles.Count, c.Title]);
            foreach (var title in titles)
            {
                body.Fact(t["Draft"], title);
            }

            body.Fact(t["Deadline"], deadline);
            var subject = kind == ReminderKinds.Draft24h
                ? t["Less than 24 hours left: submit your entry in {0}", c.Title]
                : t["2 days left: submit your entry in {0}", c.Title];
            return (subject, body);
        });

    /// <summary>To a guardian whose consent request waits; <paramref name="timeZoneId"/>: the participant's (the link's expiry is shown in it).</summary>
    public OutboxMessage ConsentPending(ReminderRecipient to, string participantName, string competitionTitle, string link, DateTime expiresAt, string timeZoneId) =>
        outbox.QueueLocalized(to.Email, to.Name, to.Culture, ReminderKinds.ConsentPending, () => (
            t["Still waiting for your consent: {0}", participantName],
            new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", to.Name],
                ButtonText = t["Read and decide"],
                ButtonUrl = link,
                Footer = t["This link replaces the one in the earlier email, which no longer works."],
                FooterLink = (t["Stop reminders about consent"], stops.For(to.Email, ReminderTopic.Consent)),
            }.Paragraph(t["A few days ago {0} asked for your consent to take part in {1}. We have not received your answer yet; without it, their entry cannot be judged.", participantName, competitionTitle])
             .Fact(t["Participant"], participantName)
             .Paragraph(t["The link works once, until {0}.", TimeDisplay.Format(expiresAt, timeZoneId)])));

    public OutboxMessage JudgeBehind(ReminderRecipient to, Competition c, int left, int total) =>
        outbox.QueueLocalized(to.Email, to.Name, to.Culture, ReminderKinds.JudgeBehind, () => (
            t.Plural(left, "Half of the judging time has passed: {0} entry still to score in {1}", "Half of the judging time has passed: {0} entries still to score in {1}", left, c.Title),
            new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", to.Name],
                ButtonText = t["Continue judging"],
                ButtonUrl = links.Absolute($"/judge/competitions/{c.Id}"),
                FooterLink = (t["Stop reminders about judging"], stops.For(to.Email, ReminderTopic.Judging)),
            }.Paragraph(t.Plural(left, "Thank you for judging {0}. Half of the judging time has passed, and {1} of your {2} entries has no submitted score yet.", "Thank you for judging {0}. Half of the judging time has passed, and {1} of your {2} entries have no submitted score yet.", c.Title, left, total))
             .Fact(t["Judging ends"], TimeDisplay.Format(c.JudgingEndsAt, c.TimeZoneId))
             .Paragraph(t["You can save a score as a draft and come back to it later; submit it when every criterion is scored."])));
}
