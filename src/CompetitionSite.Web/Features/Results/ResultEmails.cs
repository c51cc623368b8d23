using System.Globalization;
using System.Text.Json;
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

/// <summary>A result email's <see cref="Domain.Email.OutboxMessage.TemplateData"/>: the entry's published result, and the certificates by number, in the order the email lists them.</summary>
public sealed record ResultEmailData(int Entry, string[] Certificates);

/// <summary>Result and correction emails, written in each recipient's language and queued in the outbox.</summary>
public sealed class ResultEmails(IEmailOutbox outbox, IStringLocalizer<ResultsText> t, IOptions<SiteOptions> site, LinkBuilder links)
{
    /// <summary>The template name of a result email rendered when it is sent (<see cref="ResultEmailTemplate"/>).</summary>
    public const string ResultTemplate = "results.result";

    /// <summary>
    /// What publication says about an entry, as its result emails show it: the competition's title and the link to its
    /// winners page, the category, the entry, its score in the competition's ranking mode, its awards and the judges'
    /// feedback (never their names). Written once (<see cref="PublishResults"/>); the emails are rendered from it.
    /// </summary>
    public PublishedResult Snapshot(Competition c, string categoryName, RankingRow row, IReadOnlyList<string> awards, DateTime now) => new()
    {
        CompetitionId = c.Id,
        EntryId = row.EntryId,
        CompetitionTitle = c.Title,
        CompetitionSlug = c.Slug,
        LinkBase = links.BaseUrl,
        CategoryName = categoryName,
        Code = row.Code,
        Title = row.Title,
        Names = row.Names,
        Score = row.ScoreIn(c.RankingMode),
        Awards = awards.ToList(),
        Feedback = row.Feedback.Select(f => f.Text).ToList(),
        PublishedAt = now,
    };

    /// <summary>
    /// Queues the result of one entry for <paramref name="to"/>: its subject written now, its bodies rendered when it is
    /// sent (<see cref="ResultEmailTemplate"/>) from <paramref name="published"/> (saved in the same unit of work) and the
    /// certificates, named by number in the order the email lists them.
    /// </summary>
    public Guid Result(ResultRecipient to, PublishedResult published, IReadOnlyList<CertificateMention> certificates)
    {
        var culture = LocalizationSetup.Normalize(to.Culture);
        string subject;
        using (CultureScope.Use(culture))
        {
            subject = ResultSubject(published);
        }

        var data = JsonSerializer.Serialize(new ResultEmailData(published.EntryId, certificates.Select(x => x.Number).ToArray()));
        return outbox.Enqueue(new TemplatedEmail(to.Email, to.Name, subject, culture, "results.result", ResultTemplate, data)).Id;
    }

    /// <summary>
    /// The result of one entry written now and queued with its bodies (as every result email was before issue 16): for
    /// <see cref="EmailOptions.RenderAtSend"/> false. The same text as <see cref="Result"/>'s.
    /// </summary>
    public Guid ResultRendered(ResultRecipient to, PublishedResult published, IReadOnlyList<CertificateMention> certificates) =>
        outbox.Enqueue(LocalizedEmail.Write(to.Email, to.Name, to.Culture, "results.result", () => ComposeResult(to.Name, published, certificates))).Id;

    /// <summary>
    /// The result of one entry: the award(s) or a thank-you, the score in the competition's ranking mode (0–100, two
    /// decimals), the judges' feedback (never their names) and links to the certificates' verification pages. Written in
    /// the current culture; used when the email is queued (<see cref="ResultRendered"/>) and when it is sent.
    /// </summary>
    public (string Subject, EmailTemplate Body) ComposeResult(string toName, PublishedResult r, IReadOnlyList<CertificateMention> certificates)
    {
        var awards = r.Awards;
        var body = Template(toName);
        if (awards.Count > 0)
        {
            body.Paragraph(t["The results of {0} have been announced. The entry \"{1}\" by {2} in the category {3} won: {4}. Congratulations!",
                r.CompetitionTitle, r.Title, r.Names, r.CategoryName, string.Join(", ", awards)]);
        }
        else
        {
            body.Paragraph(t["The results of {0} have been announced. Thank you for taking part with the entry \"{1}\" by {2} in the category {3}. It did not win an award this time, but every entry was read and scored carefully.",
                r.CompetitionTitle, r.Title, r.Names, r.CategoryName]);
        }

        body.Fact(t["Result"], awards.Count > 0 ? string.Join(", ", awards) : t["Participant"])
            .Fact(t["Score"], Score(r.Score))
            .Fact(t["Entry code"], r.Code);
        AddFeedback(body, r.Feedback);
        AddCertificates(body, certificates, r.LinkBase);
        AddCertificateButtons(body, certificates, r.LinkBase);
        body.Button(t["See the winners of every category"], Link(r.LinkBase, WinnersLinks.Page(r.CompetitionSlug)));
        return (ResultSubject(r), body);
    }

    private string ResultSubject(PublishedResult r) => r.Awards.Count > 0
        ? t["Congratulations: {0} — {1}", string.Join(", ", r.Awards), r.CompetitionTitle]
        : t["Results of {0}", r.CompetitionTitle];

    /// <summary>A correction after publication: the entry's award changed, with the organizers' reason.</summary>
    public Guid Correction(ResultRecipient to, Competition c, string categoryName, RankingRow row, IReadOnlyList<string> before,
        IReadOnlyList<string> after, string reason, IReadOnlyList<CertificateMention> certificates)
    {
        return outbox.QueueLocalized(to.Email, to.Name, to.Culture, "results.correction", () =>
        {
            var body = Template(to.Name);
            string None(IReadOnlyList<string> a) => a.Count > 0 ? string.Join(", ", a) : t["Participant"];
            body.Paragraph(t["The organizers of {0} corrected the result of the entry \"{1}\" by {2} in the category {3}.", c.Title, row.Title, row.Names, categoryName])
                .Fact(t["Before"], None(before))
                .Fact(t["Now"], None(after))
                .Paragraph(t["Reason given by the organizers: {0}", reason]);
            if (before.Count > 0)
            {
                body.Paragraph(t["The earlier certificate of achievement has been withdrawn and no longer verifies."]);
            }

            AddCertificates(body, certificates, links.BaseUrl);
            AddCertificateButtons(body, certificates, links.BaseUrl);
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

    private EmailTemplate Template(string toName) => new()
    {
        SiteName = site.Value.Name,
        Greeting = t["Hello {0},", toName],
        Footer = t["Log in and open \"My entries\" to download the certificates as PDF."],
    };

    private void AddFeedback(EmailTemplate body, IReadOnlyList<string> feedback)
    {
        if (feedback.Count == 0)
        {
            return;
        }

        body.Paragraph(t["What the judges wrote:"]);
        foreach (var f in feedback)
        {
            body.Paragraph("“" + f + "”");
        }
    }

    /// <summary>What <see cref="LinkBuilder.Absolute"/> builds for a path without a query, on a base chosen earlier.</summary>
    private static string Link(string linkBase, string path) => linkBase + (path.StartsWith('/') ? path : "/" + path);

    private void AddCertificates(EmailTemplate body, IReadOnlyList<CertificateMention> certificates, string linkBase)
    {
        foreach (var cert in certificates)
        {
            var label = cert.Kind == CertificateKind.Achievement
                ? t["Certificate of achievement for {0}", cert.RecipientName]
                : t["Certificate of participation for {0}", cert.RecipientName];
            body.Fact(label, cert.Number, Link(linkBase, CertificateLinks.Verify(cert.Number)));
        }
    }

    /// <summary>One button per certificate, to its PDF (the site asks the recipient to log in first).</summary>
    private void AddCertificateButtons(EmailTemplate body, IReadOnlyList<CertificateMention> certificates, string linkBase)
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
            body.Button(text, Link(linkBase, CertificateLinks.Pdf(cert.Number)));
        }
    }
}

public static class WinnersLinks
{
    public static string Page(string slug) => "/lomba/" + Uri.EscapeDataString(slug) + "/pemenang";

    public static string Preview(string slug, int entryId) => Page(slug) + "/karya/" + entryId.ToString(CultureInfo.InvariantCulture);
}
