using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace CompetitionSite.Tests.Support;

/// <summary>Reads pages and submits their forms the way a browser would, antiforgery token included.</summary>
public static class Html
{
    private static readonly HtmlParser Parser = new();

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    public static async Task<(HttpResponseMessage Response, IHtmlDocument Document)> GetPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var document = Parse(await response.Content.ReadAsStringAsync());
        return (response, document);
    }

    /// <summary>
    /// Loads <paramref name="pageUrl"/>, finds the form (the first whose action matches, or the first form in
    /// main), fills <paramref name="values"/> over its existing values and posts it.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient client, string pageUrl, IReadOnlyDictionary<string, string> values, string? formAction = null)
    {
        var (response, document) = await client.GetPageAsync(pageUrl);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {pageUrl} answered {(int)response.StatusCode}.");
        }

        var form = FindForm(document, formAction)
            ?? throw new InvalidOperationException($"No form{(formAction is null ? "" : " posting to " + formAction)} on {pageUrl}.");
        var fields = FormFields(form);
        foreach (var (key, value) in values)
        {
            fields.RemoveAll(f => f.Key == key);
            fields.Add(new(key, value));
        }

        var action = form.GetAttribute("action");
        if (string.IsNullOrEmpty(action))
        {
            action = pageUrl;
        }

        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>Posts to a URL with only the antiforgery token taken from <paramref name="tokenPageUrl"/>.</summary>
    public static async Task<HttpResponseMessage> PostWithTokenAsync(
        this HttpClient client, string tokenPageUrl, string action, IReadOnlyDictionary<string, string>? values = null)
    {
        var (_, document) = await client.GetPageAsync(tokenPageUrl);
        var token = document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No antiforgery token on {tokenPageUrl}.");
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token) };
        if (values is not null)
        {
            fields.AddRange(values);
        }

        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public static IHtmlFormElement? FindForm(IHtmlDocument document, string? action)
    {
        var forms = document.QuerySelectorAll("form").OfType<IHtmlFormElement>().ToList();
        if (action is not null)
        {
            return forms.FirstOrDefault(f => string.Equals(f.GetAttribute("action"), action, StringComparison.OrdinalIgnoreCase));
        }

        return document.QuerySelectorAll("main form").OfType<IHtmlFormElement>().FirstOrDefault() ?? forms.FirstOrDefault();
    }

    public static List<KeyValuePair<string, string>> FormFields(IHtmlFormElement form)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name):
                    if (input.Type is "checkbox" or "radio")
                    {
                        if (input.IsChecked)
                        {
                            fields.Add(new(input.Name, input.Value));
                        }
                    }
                    else if (input.Type is not ("submit" or "button" or "file"))
                    {
                        fields.Add(new(input.Name!, input.Value));
                    }

                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    var selected = select.SelectedOptions.FirstOrDefault() ?? select.Options.FirstOrDefault();
                    if (selected is not null)
                    {
                        fields.Add(new(select.Name!, selected.Value));
                    }

                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    fields.Add(new(area.Name!, area.Value));
                    break;
            }
        }

        return fields;
    }

    /// <summary>Where a redirect points, as a site-relative path and query.</summary>
    public static string RedirectPath(this HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new InvalidOperationException($"{(int)response.StatusCode} is not a redirect.");
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    /// <summary>The visible text of the page's main content (what a person reads).</summary>
    public static string MainText(this IHtmlDocument document) =>
        (document.QuerySelector("main")?.TextContent ?? document.Body?.TextContent ?? "").ReplaceLineEndings(" ");
}
