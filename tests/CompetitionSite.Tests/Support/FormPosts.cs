using System.Net.Http.Headers;
using CompetitionSite.Tests.Support;

namespace CompetitionSite.Tests.Support;

public static class FormPosts
{
    /// <summary>Like <see cref="Html.SubmitFormAsync"/>, as multipart/form-data with one file attached.</summary>
    public static async Task<HttpResponseMessage> SubmitWithFileAsync(this HttpClient client, string pageUrl,
        IReadOnlyDictionary<string, string> values, string fileField, string fileName, byte[] content, string contentType)
    {
        var (_, document) = await client.GetPageAsync(pageUrl);
        var form = Html.FindForm(document, null) ?? throw new InvalidOperationException($"No form on {pageUrl}.");
        var fields = Html.FormFields(form);
        foreach (var (key, value) in values)
        {
            fields.RemoveAll(f => f.Key == key);
            fields.Add(new(key, value));
        }

        var multipart = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            multipart.Add(new StringContent(value), key);
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        multipart.Add(file, fileField, fileName);
        return await client.PostAsync(form.GetAttribute("action"), multipart);
    }

    /// <summary>The text of the validation message next to a field (its id is "{field}-error").</summary>
    public static string FieldError(this AngleSharp.Html.Dom.IHtmlDocument page, string field) =>
        page.GetElementById(field.Replace('.', '_').Replace('[', '_').Replace(']', '_') + "-error")?.TextContent.Trim() ?? "";

    public static async Task<AngleSharp.Html.Dom.IHtmlDocument> PageAsync(this HttpResponseMessage response) =>
        Html.Parse(await response.Content.ReadAsStringAsync());
}
