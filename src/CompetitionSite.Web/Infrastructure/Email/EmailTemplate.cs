using System.Text;
using System.Text.Encodings.Web;

namespace CompetitionSite.Web.Infrastructure.Email;

/// <summary>
/// Builds the HTML and plain-text bodies of an email from already-localized pieces: a greeting, paragraphs,
/// an optional button (link) and an optional footer note. Every piece is HTML-encoded.
/// Buttons added with <see cref="Button"/> are real buttons (a bordered link in a table cell, which every mail client
/// shows as one) and never print their address in the HTML part, so no long link is broken across lines there; the
/// plain-text part gives each address on a line of its own.
/// </summary>
public sealed class EmailTemplate
{
    private readonly List<string> _paragraphs = [];
    private readonly List<(string Label, string Value, string? Url)> _facts = [];
    private readonly List<(string Text, string Url)> _buttons = [];

    public required string SiteName { get; init; }
    public required string Greeting { get; init; }
    public string? ButtonText { get; init; }
    public string? ButtonUrl { get; init; }
    public string? Footer { get; init; }

    /// <summary>A small link after the footer (e.g. "stop these reminders"): not a button, but always there.</summary>
    public (string Text, string Url)? FooterLink { get; init; }

    public EmailTemplate Paragraph(string text)
    {
        _paragraphs.Add(text);
        return this;
    }

    public EmailTemplate Fact(string label, string value)
    {
        _facts.Add((label, value, null));
        return this;
    }

    /// <summary>A fact whose value links to <paramref name="url"/> (in the text part: the value, then the address).</summary>
    public EmailTemplate Fact(string label, string value, string url)
    {
        _facts.Add((label, value, url));
        return this;
    }

    /// <summary>A button after the facts (after <see cref="ButtonUrl"/>'s, if any).</summary>
    public EmailTemplate Button(string text, string url)
    {
        _buttons.Add((text, url));
        return this;
    }

    public string Html(string culture)
    {
        var e = HtmlEncoder.Default;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(e.Encode(culture)).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
            .Append(e.Encode(SiteName)).Append("</title></head>")
            .Append("<body style=\"margin:0;padding:0;background:#f4f6f8;font-family:Arial,Helvetica,sans-serif;color:#1f2933\">")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"><tr><td align=\"center\" style=\"padding:24px 12px\">")
            .Append("<table role=\"presentation\" width=\"100%\" style=\"max-width:560px;background:#ffffff;border-radius:8px\" cellpadding=\"0\" cellspacing=\"0\">")
            .Append("<tr><td style=\"background:#0b5cab;color:#ffffff;padding:16px 24px;font-size:18px;font-weight:bold;border-radius:8px 8px 0 0\">")
            .Append(e.Encode(SiteName)).Append("</td></tr><tr><td style=\"padding:24px;font-size:16px;line-height:1.5\">")
            .Append("<p>").Append(e.Encode(Greeting)).Append("</p>");
        foreach (var p in _paragraphs)
        {
            html.Append("<p>").Append(e.Encode(p)).Append("</p>");
        }

        if (_facts.Count > 0)
        {
            html.Append("<table role=\"presentation\" cellpadding=\"4\" cellspacing=\"0\" style=\"font-size:14px;margin:8px 0 16px\">");
            foreach (var (label, value, url) in _facts)
            {
                html.Append("<tr><td style=\"color:#52606d;vertical-align:top\">").Append(e.Encode(label)).Append("</td><td>");
                if (url is null)
                {
                    html.Append(e.Encode(value));
                }
                else
                {
                    html.Append("<a href=\"").Append(e.Encode(url)).Append("\" style=\"color:#0b5cab\">").Append(e.Encode(value)).Append("</a>");
                }

                html.Append("</td></tr>");
            }

            html.Append("</table>");
        }

        if (ButtonUrl is not null && ButtonText is not null)
        {
            html.Append("<p style=\"margin:24px 0\"><a href=\"").Append(e.Encode(ButtonUrl))
                .Append("\" style=\"background:#0b5cab;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block\">")
                .Append(e.Encode(ButtonText)).Append("</a></p>")
                .Append("<p style=\"font-size:13px;color:#52606d;word-break:break-all\">").Append(e.Encode(ButtonUrl)).Append("</p>");
        }

        if (_buttons.Count > 0)
        {
            html.Append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"margin:16px 0\">");
            foreach (var (text, url) in _buttons)
            {
                html.Append("<tr><td style=\"padding:0 0 10px\"><table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\"><tr>")
                    .Append("<td style=\"background:#0b5cab;border-radius:6px\"><a href=\"").Append(e.Encode(url))
                    .Append("\" style=\"display:inline-block;padding:12px 20px;border:1px solid #0b5cab;border-radius:6px;color:#ffffff;text-decoration:none;font-weight:bold\">")
                    .Append(e.Encode(text)).Append("</a></td></tr></table></td></tr>");
            }

            html.Append("</table>");
        }

        if (Footer is not null)
        {
            html.Append("<p style=\"font-size:13px;color:#52606d\">").Append(e.Encode(Footer)).Append("</p>");
        }

        if (FooterLink is { } link)
        {
            html.Append("<p style=\"font-size:13px\"><a href=\"").Append(e.Encode(link.Url)).Append("\" style=\"color:#52606d\">")
                .Append(e.Encode(link.Text)).Append("</a></p>");
        }

        html.Append("</td></tr></table></td></tr></table></body></html>");
        return html.ToString();
    }

    public string Text()
    {
        var text = new StringBuilder();
        text.Append(Greeting).Append("\n\n");
        foreach (var p in _paragraphs)
        {
            text.Append(p).Append("\n\n");
        }

        foreach (var (label, value, url) in _facts)
        {
            text.Append(label).Append(": ").Append(value).Append('\n');
            if (url is not null)
            {
                text.Append(url).Append('\n');
            }
        }

        if (_facts.Count > 0)
        {
            text.Append('\n');
        }

        if (ButtonUrl is not null && ButtonText is not null)
        {
            text.Append(ButtonText).Append(":\n").Append(ButtonUrl).Append("\n\n");
        }

        foreach (var (buttonText, url) in _buttons)
        {
            text.Append(buttonText).Append(":\n").Append(url).Append("\n\n");
        }

        if (Footer is not null)
        {
            text.Append(Footer).Append("\n\n");
        }

        if (FooterLink is { } link)
        {
            text.Append(link.Text).Append(":\n").Append(link.Url).Append("\n\n");
        }

        text.Append("-- \n").Append(SiteName).Append('\n');
        return text.ToString();
    }
}
