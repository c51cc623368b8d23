using System.Globalization;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Infrastructure.Email;
using CompetitionSite.Web.Infrastructure.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Entries;

/// <summary>What a receipt lists about one stored file.</summary>
public sealed record ReceiptFile(string FileName, long SizeBytes, string Sha256);

/// <summary>Everything a receipt says about an entry.</summary>
public sealed record Receipt(
    string Competition,
    string Category,
    string Title,
    string PublicCode,
    string? LinkUrl,
    IReadOnlyList<ReceiptFile> Files,
    DateTime AtUtc,
    string TimeZoneId,
    bool IsChange);

/// <summary>Writes the entries' emails in the recipient's language and queues them in the outbox.</summary>
public sealed class EntryEmails(IEmailOutbox outbox, IStringLocalizer<EntriesText> t, IOptions<SiteOptions> site)
{
    public void Receipt(ApplicationUser to, Receipt receipt, string entryLink) =>
        outbox.QueueLocalized(to.Email!, to.FullName, to.PreferredCulture, "entry.receipt", () =>
        {
            var body = new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", to.FullName],
                ButtonText = t["Open the entry"],
                ButtonUrl = entryLink,
                Footer = t["Keep this email: the SHA-256 fingerprint shows exactly which file we received."],
            };
            body.Paragraph(receipt.IsChange
                ? t["Your submitted entry was changed. This is the new receipt; it replaces the earlier one."]
                : t["Your entry was submitted. This is your receipt."]);
            body.Fact(t["Competition"], receipt.Competition)
                .Fact(t["Category"], receipt.Category)
                .Fact(t["Title"], receipt.Title)
                .Fact(t["Entry code"], receipt.PublicCode);
            if (!string.IsNullOrEmpty(receipt.LinkUrl))
            {
                body.Fact(t["Link"], receipt.LinkUrl);
            }

            var n = 0;
            foreach (var file in receipt.Files)
            {
                n++;
                body.Fact(t["File {0}", n], $"{file.FileName} ({Sizes.Format(file.SizeBytes)}, {file.SizeBytes.ToString("N0", CultureInfo.CurrentCulture)} bytes)")
                    .Fact(t["Receipt code of file {0}", n], ReceiptCode.FromSha256(file.Sha256))
                    .Fact(t["SHA-256 of file {0}", n], file.Sha256);
            }

            body.Fact(t["Received at"], TimeDisplay.Format(receipt.AtUtc, receipt.TimeZoneId));
            body.Paragraph(t["You can change the entry or upload a new file until the deadline; you will get a new receipt each time."]);
            return (t["Receipt for your entry {0}: {1}", receipt.PublicCode, receipt.Title], body);
        });

    public void Invitation(string toEmail, string? culture, string inviterName, string title, string category, string competition, string link) =>
        outbox.QueueLocalized(toEmail, "", culture, "entry.team-invitation", () => (
            t["{0} invites you to a team entry", inviterName],
            new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello,"],
                ButtonText = t["See the invitation"],
                ButtonUrl = link,
                Footer = t["If you don't know this person, you can ignore this email."],
            }.Paragraph(t["{0} invites you to join the team entry \"{1}\" in {2}, {3}.", inviterName, title, competition, category])
             .Paragraph(t["To join, log in with your student account (or register one) and open the link. Your participant profile must be complete and your level and grade allowed in the category."])));

    public void Disqualified(ApplicationUser to, string title, string code, string competition, string category, string reason) =>
        outbox.QueueLocalized(to.Email!, to.FullName, to.PreferredCulture, "entry.disqualified", () => (
            t["Your entry {0} was disqualified", code],
            new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", to.FullName],
                Footer = t["If you think this is a mistake, reply to the organizers of the competition."],
            }.Paragraph(t["The organizers disqualified your entry \"{0}\" ({1}) in {2}, {3}.", title, code, competition, category])
             .Fact(t["Reason"], reason)));
}
