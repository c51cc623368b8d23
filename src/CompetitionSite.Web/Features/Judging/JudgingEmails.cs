using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Infrastructure.Email;
using CompetitionSite.Web.Infrastructure.Localization;
using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Judging;

/// <summary>A person to write to, in their own language.</summary>
public sealed record Recipient(string Email, string Name, string? Culture);

/// <summary>Emails of judging, written in each recipient's language and queued in the outbox.</summary>
public sealed class JudgingEmails(IEmailOutbox outbox, IStringLocalizer<JudgingText> t, IOptions<SiteOptions> site, LinkBuilder links)
{
    public void Invitation(Recipient to, Competition c, IReadOnlyList<string> categories, string inviter, string token, DateTime expiresAt) =>
        outbox.QueueLocalized(to.Email, to.Name, to.Culture, "judging.invitation", () => (
            t["Invitation to judge {0}", c.Title],
            new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = to.Name.Length > 0 ? t["Hello {0},", to.Name] : t["Hello,"],
                ButtonText = t["Open the invitation"],
                ButtonUrl = links.Absolute("/judge/invitations/" + token),
                Footer = t["If you do not want to judge, open the link and decline, or ignore this email."],
            }.Paragraph(t["{0} invites you to judge {1} as a volunteer judge.", inviter, c.Title])
             .Fact(t["Categories"], string.Join(", ", categories))
             .Fact(t["Judging"], t["{0} to {1}", TimeDisplay.Format(c.SubmissionClosesAt, c.TimeZoneId), TimeDisplay.Format(c.JudgingEndsAt, c.TimeZoneId)])
             .Paragraph(t["Judges score the entries online, from a laptop or a phone, without seeing who made them. The link lets you create a judge account or use the account you already have."])
             .Paragraph(t["The link works once, until {0}.", TimeDisplay.Format(expiresAt, c.TimeZoneId)])));

    public void NewAssignments(Recipient to, Competition c, int added, int total) =>
        outbox.QueueLocalized(to.Email, to.Name, to.Culture, "judging.assigned", () => (
            t["New entries to judge in {0}", c.Title],
            new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", to.Name],
                ButtonText = t["Open my judging list"],
                ButtonUrl = links.Absolute($"/judge/competitions/{c.Id}"),
            }.Paragraph(added == 1
                    ? t["You have been given 1 new entry to judge in {0}.", c.Title]
                    : t["You have been given {0} new entries to judge in {1}.", added, c.Title])
             .Fact(t["Entries assigned to you"], total.ToString(System.Globalization.CultureInfo.CurrentCulture))
             .Fact(t["Judging starts"], TimeDisplay.Format(c.SubmissionClosesAt, c.TimeZoneId))
             .Fact(t["Judging ends"], TimeDisplay.Format(c.JudgingEndsAt, c.TimeZoneId))));

    public void Reminder(Recipient to, Competition c, int left, int total) =>
        outbox.QueueLocalized(to.Email, to.Name, to.Culture, "judging.reminder", () => (
            t["Reminder: {0} entries still to judge in {1}", left, c.Title],
            new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", to.Name],
                ButtonText = t["Continue judging"],
                ButtonUrl = links.Absolute($"/judge/competitions/{c.Id}"),
            }.Paragraph(t["Thank you for judging {0}. {1} of your {2} entries are not submitted yet.", c.Title, left, total])
             .Fact(t["Judging ends"], TimeDisplay.Format(c.JudgingEndsAt, c.TimeZoneId))
             .Paragraph(t["You can save a score as a draft and come back to it later; submit it when every criterion is scored."])));

    public void EntryConflictReported(Recipient organizer, Competition c, string entryCode, string judgeName, string? note, bool hadScore) =>
        outbox.QueueLocalized(organizer.Email, organizer.Name, organizer.Culture, "judging.conflict-reported", () =>
        {
            var body = new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", organizer.Name],
                ButtonText = t["Assign another judge"],
                ButtonUrl = links.Absolute($"/admin/competitions/{c.Id}/judging"),
            }.Paragraph(t["{0} recognised the entry {1} in {2} and declared a conflict of interest. The entry was taken off their list.", judgeName, entryCode, c.Title]);
            if (!string.IsNullOrWhiteSpace(note))
            {
                body.Fact(t["Note from the judge"], note);
            }

            if (hadScore)
            {
                body.Paragraph(t["They had already started a score; it was removed from judging and kept in the audit log."]);
            }

            body.Paragraph(t["Run the automatic assignment again or assign a judge by hand so the entry gets all its judges."]);
            return (t["A judge declared a conflict: {0}", entryCode], body);
        });

    public void AssignmentsRemovedByConflicts(Recipient organizer, Competition c, string judgeName, int removed) =>
        outbox.QueueLocalized(organizer.Email, organizer.Name, organizer.Culture, "judging.conflicts-declared", () => (
            t["Assignments removed after a conflict declaration in {0}", c.Title],
            new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", organizer.Name],
                ButtonText = t["Open judging"],
                ButtonUrl = links.Absolute($"/admin/competitions/{c.Id}/judging"),
            }.Paragraph(t["{0} declared conflicts of interest that cover {1} of the entries assigned to them. Those assignments were removed.", judgeName, removed])
             .Paragraph(t["Run the automatic assignment again or assign a judge by hand so the entries get all their judges."])));
}
