using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Infrastructure.Email;
using CompetitionSite.Web.Infrastructure.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Participants;

/// <summary>Writes the participants' and guardians' emails in the recipient's language and queues them in the outbox.</summary>
public sealed class ParticipantEmails(IEmailOutbox outbox, IStringLocalizer<ParticipantsText> t, IOptions<SiteOptions> site)
{
    /// <summary>To the guardian: the link to the consent page.</summary>
    public void ConsentRequest(string guardianName, string guardianEmail, string culture, ParticipantProfile p, string link, DateTime expiresAt) =>
        outbox.QueueLocalized(guardianEmail, guardianName, culture, "participant.consent-request", () => (
            t["Consent for {0} to take part in an online competition", p.FullName],
            new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", guardianName],
                ButtonText = t["Read and decide"],
                ButtonUrl = link,
                Footer = t["If you do not know {0}, you can ignore this email: nothing happens without your consent.", p.FullName],
            }.Paragraph(t["{0} entered your name as their parent or guardian. Because {0} is under 18, they need your consent to take part in the competitions on {1}.", p.FullName, site.Value.Name])
             .Paragraph(t["The page behind the link below explains what we collect and why, who sees it, and how you can withdraw your consent later. Then you choose: agree or not agree."])
             .Fact(t["Participant"], p.FullName)
             .Fact(t["School"], p.SchoolName)
             .Paragraph(t["The link works once, until {0}.", TimeDisplay.Format(expiresAt, Regions.TimeZoneOf(p.Province))])));

    /// <summary>To the guardian after they agreed: the evidence and the link to withdraw.</summary>
    public void ConsentConfirmed(GuardianConsent consent, string culture, ParticipantProfile p, string withdrawLink) =>
        outbox.QueueLocalized(consent.GuardianEmail, consent.GuardianName, culture, "participant.consent-confirmed", () => (
            t["You gave consent for {0}", p.FullName],
            new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", consent.GuardianName],
                ButtonText = t["Withdraw consent"],
                ButtonUrl = withdrawLink,
                Footer = t["Keep this email: the link above works until you use it."],
            }.Paragraph(t["Thank you. We recorded your consent for {0} to take part in the competitions.", p.FullName])
             .Fact(t["Participant"], p.FullName)
             .Fact(t["Consent given on"], TimeDisplay.Format(consent.DecidedAt!.Value, Regions.TimeZoneOf(p.Province)))
             .Fact(t["Version of the consent text"], consent.WordingVersion)
             .Paragraph(t["You can withdraw your consent at any time with the link below. The entries of {0} are then withdrawn and not judged.", p.FullName])));

    /// <summary>To the student (or the managing guardian): the guardian's decision.</summary>
    public void ConsentDecided(ParticipantRecipient to, ParticipantProfile p, GuardianConsent consent, string profileLink) =>
        outbox.QueueLocalized(to.Email, to.Name, to.Culture, consent.Status == ConsentStatus.Given ? "participant.consent-given" : "participant.consent-refused", () => (
            consent.Status == ConsentStatus.Given ? t["Your guardian gave consent"] : t["Your guardian did not give consent"],
            new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", to.Name],
                ButtonText = t["Open the participant profile"],
                ButtonUrl = profileLink,
            }.Paragraph(consent.Status == ConsentStatus.Given
                ? t["{0} gave consent for {1} to take part. Entries can go to judging now.", consent.GuardianName, p.FullName]
                : t["{0} did not give consent for {1}. Without consent, entries cannot go to judging. You can ask again from the participant profile.", consent.GuardianName, p.FullName])));

    /// <summary>To the student (or the managing guardian): consent was withdrawn and so were the entries.</summary>
    public void ConsentWithdrawn(ParticipantRecipient to, ParticipantProfile p, string guardianName, int entriesWithdrawn, string profileLink) =>
        outbox.QueueLocalized(to.Email, to.Name, to.Culture, "participant.consent-withdrawn", () => (
            t["Guardian consent was withdrawn"],
            new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", to.Name],
                ButtonText = t["Open the participant profile"],
                ButtonUrl = profileLink,
            }.Paragraph(t["{0} withdrew the consent for {1} to take part in the competitions.", guardianName, p.FullName])
             .Paragraph(entriesWithdrawn == 0
                ? t["No entries were affected."]
                : t["Entries withdrawn: {0}. They will not be judged.", entriesWithdrawn])
             .Paragraph(t["To take part again, ask your parent or guardian for consent again from the participant profile."])));
}
