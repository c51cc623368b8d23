using System.Globalization;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Results;
using CompetitionSite.Web.Features.Certificates;
using CompetitionSite.Web.Infrastructure.Email;
using CompetitionSite.Web.Infrastructure.Localization;
using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Results;

/// <summary>Where a participant's result goes: their own account, or the guardian's for a managed pupil.</summary>
public sealed record ResultRecipient(string Email, string Name, string Culture);

/// <summary>A certificate mentioned in a result email.</summary>
public sealed record CertificateMention(string Number, CertificateKind Kind, string RecipientName);

/// <summary>Result and correction emails, written in each recipient's language and queued in the outbox.</summary>
public sealed class ResultEmails(IEmailOutbox outbox, IStringLocalizer<ResultsText> t, IOptions<SiteOptions> site, LinkBuilder links)
{
    /// <summary>
    /// The result of one entry: the award(s) or a thank-you, the score in the competition's ranking mode (0–100, two
    /// decimals), the judges' feedback (never their names) and links to the certificates' verification pages.
    /// </summary>
    public Guid Result(ResultRecipient to, Competition c, string categoryName, RankingRow row, IReadOnlyList<string> awards,
        IReadOnlyList<CertificateMention> certificates)
    {
        return outbox.QueueLocalized(to.Email, to.Name, to.Culture, "results.result", () =>
        {
            var body = Template(to, certificates);
            if (awards.Count > 0)
            {
                body.Paragraph(t["The results of {0} have been announced. The entry \"{1}\" by {2} in the category {3} won: {4}. Congratulations!",
                    c.Title, row.Title, row.Names, categoryName, string.Join(", ", awards)]);
            }
            else
            {
                body.Paragraph(t["The results of {0} have been announced. Thank you for taking part with the entry \"{1}\" by {2} in the category {3}. It did not win an award this time, but every entry was read and scored carefully.",
                    c.Title, row.Title, row.Names, categoryName]);
            }

            body.Fact(t["Result"], awards.Count > 0 ? string.Join(", ", awards) : t["Participant"])
                .Fact(t["Score"], Score(row.ScoreIn(c.RankingMode)))
                .Fact(t["Entry code"], row.Code);
            AddFeedback(body, row);
            AddCertificates(body, certificates);
            AddCertificateButtons(body, certificates);
            body.Button(t["See the winners of every category"], links.Absolute(WinnersLinks.Page(c.Slug)));
            var subject = awards.Count > 0
                ? t["Congratulations: {0} — {1}", string.Join(", ", awards), c.Title]
                : t["Results of {0}", c.Title];
            return (subject, body);
        }).Id;
    }

    /// <summary>A correction after publication: the entry's award changed, with the organizers' reason.</summary>
    public Guid Correction(ResultRecipient to, Competition c, string categoryName, RankingRow row, IReadOnlyList<string> before,
        IReadOnlyList<string> after, string reason, IReadOnlyList<CertificateMention> certificates)
    {
        return outbox.QueueLocalized(to.Email, to.Name, to.Culture, "results.correction", () =>
        {
            var body = Template(to, certificates);
            string None(IReadOnlyList<string> a) => a.Count > 0 ? string.Join(", ", a) : t["Participant"];
            body.Paragraph(t["The organizers of {0} corrected the result of the entry \"{1}\" by {2} in the category {3}.", c.Title, row.Title, row.Names, categoryName])
                .Fact(t["Before"], None(before))
                .Fact(t["Now"], None(after))
                .Paragraph(t["Reason given by the organizers: {0}", reason]);
            if (before.Count > 0)
            {
                body.Paragraph(t["The earlier certificate of achievement has been withdrawn and no longer verifies."]);
            }

            AddCertificates(body, certificates);
            AddCertificateButtons(body, certificates);
            return (t["Correction of your result: {0}", c.Title], body);
        }).Id;
    }

    /// <summary>To an entrant (or their guardian) at publication: the entry was never judged, because a guardian's consent never came.</summary>
    public Guid ConsentMissing(ResultRecipient to, Competition c, string categoryName, string title, string names, string code)
    {
        return outbox.QueueLocalized(to.Email, to.Name, to.Culture, "results.consent-missing", () =>
        {
            var body = new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", to.Name],
                Footer = t["Participants under 18 take part with the consent of a parent or guardian; without it an entry cannot be judged or published."],
            };
            body.Paragraph(t["The results of {0} have been announced. The entry \"{1}\" by {2} in the category {3} could not be judged, because the consent of a parent or guardian never came.",
                    c.Title, title, names, categoryName])
                .Fact(t["Entry code"], code)
                .Paragraph(t["We are sorry. Next time, ask for the consent early: the guardian gets an email with a link and agrees in a minute."])
                .Paragraph(t["The winners of every category: {0}", links.Absolute(WinnersLinks.Page(c.Slug))]);
            return (t["Your entry could not be judged: {0}", c.Title], body);
        }).Id;
    }

    public static string Score(double score) => score.ToString("0.00", CultureInfo.CurrentCulture) + " / 100";

    private EmailTemplate Template(ResultRecipient to, IReadOnlyList<CertificateMention> certificates) => new()
    {
        SiteName = site.Value.Name,
        Greeting = t["Hello {0},", to.Name],
        Footer = t["Log in and open \"My entries\" to download the certificates as PDF."],
    };

    private void AddFeedback(EmailTemplate body, RankingRow row)
    {
        if (row.Feedback.Count == 0)
        {
            return;
        }

        body.Paragraph(t["What the judges wrote:"]);
        foreach (var f in row.Feedback)
        {
            body.Paragraph("“" + f.Text + "”");
        }
    }

    private void AddCertificates(EmailTemplate body, IReadOnlyList<CertificateMention> certificates)
    {
        foreach (var cert in certificates)
        {
            var label = cert.Kind == CertificateKind.Achievement
                ? t["Certificate of achievement for {0}", cert.RecipientName]
                : t["Certificate of participation for {0}", cert.RecipientName];
            body.Fact(label, cert.Number, links.Absolute(CertificateLinks.Verify(cert.Number)));
        }
    }

    /// <summary>One button per certificate, to its PDF (the site asks the recipient to log in first).</summary>
    private void AddCertificateButtons(EmailTemplate body, IReadOnlyList<CertificateMention> certificates)
    {
        // Named only when the certificates are for several people (a team, a guardian's pupils).
        var named = certificates.Select(c => c.RecipientName).Distinct(StringComparer.Ordinal).Count() > 1;
        foreach (var cert in certificates)
        {
            var achievement = cert.Kind == CertificateKind.Achievement;
            var text = (named, achievement) switch
            {
                (false, true) => t["Download the certificate of achievement (PDF)"].Value,
                (false, false) => t["Download the certificate of participation (PDF)"].Value,
                (true, true) => t["Download the certificate of achievement for {0} (PDF)", cert.RecipientName].Value,
                (true, false) => t["Download the certificate of participation for {0} (PDF)", cert.RecipientName].Value,
            };
            body.Button(text, links.Absolute(CertificateLinks.Pdf(cert.Number)));
        }
    }
}

public static class WinnersLinks
{
    public static string Page(string slug) => "/lomba/" + Uri.EscapeDataString(slug) + "/pemenang";

    public static string Preview(string slug, int entryId) => Page(slug) + "/karya/" + entryId.ToString(CultureInfo.InvariantCulture);
}
