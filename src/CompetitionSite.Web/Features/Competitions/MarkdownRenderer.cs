using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Html;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>
/// Turns organizers' Markdown (description, rules) into HTML that is safe to put on a public page: Markdig with
/// raw HTML disabled (it is shown as text), then HtmlSanitizer on the output as a second wall — no script, no
/// event handlers, no style, links only to http, https and mailto.
/// </summary>
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public IHtmlContent Render(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return HtmlString.Empty;
        }

        var html = Markdown.ToHtml(markdown, _pipeline);
        return new HtmlString(_sanitizer.Sanitize(html));
    }

    private static readonly MarkdownPipeline PlainPipeline = new MarkdownPipelineBuilder().DisableHtml().UsePipeTables().UseEmphasisExtras().UseListExtras().Build();

    /// <summary>The Markdown's text without its markup, one string per paragraph (for an email's text).</summary>
    public static IReadOnlyList<string> PlainParagraphs(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return [];
        }

        var text = Markdown.ToPlainText(markdown.Replace("\r\n", "\n", StringComparison.Ordinal), PlainPipeline);
        return text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(p => p.Length > 0)
            .ToList();
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "del", "s", "ins", "mark",
                "sub", "sup", "code", "pre", "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th",
                "td", "img",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title", "src", "alt", "start", "align" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
        };
        var sanitizer = new HtmlSanitizer(options);
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link)
            {
                link.SetAttribute("rel", "nofollow noopener noreferrer");
            }
        };
        return sanitizer;
    }
}
