using System.Text.Json;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Infrastructure.Email;
using CompetitionSite.Web.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Results;

/// <summary>
/// Renders result emails when they are sent: from the entry's <see cref="Domain.Results.PublishedResult"/> and its
/// certificates (both written by the publication and never changed), in the recipient's language, with the text
/// <see cref="ResultEmails.ComposeResult"/> writes — the same bytes a result email queued with its bodies had.
/// </summary>
public sealed class ResultEmailTemplate(AppDbContext db, ResultEmails emails) : IOutboxTemplate
{
    public string Name => ResultEmails.ResultTemplate;

    public async Task<IReadOnlyDictionary<Guid, RenderedBodies>> RenderAsync(
        IReadOnlyList<OutboxMessage> rows, IDictionary<Guid, string> problems, CancellationToken ct)
    {
        var wanted = new List<(OutboxMessage Row, ResultEmailData Data)>();
        foreach (var row in rows)
        {
            if (Parse(row.TemplateData) is { } data)
            {
                wanted.Add((row, data));
            }
            else
            {
                problems[row.Id] = "The result email's data cannot be read.";
            }
        }

        var entryIds = wanted.Select(w => w.Data.Entry).Distinct().ToList();
        var published = await db.PublishedResults.AsNoTracking()
            .Where(p => entryIds.Contains(p.EntryId))
            .ToDictionaryAsync(p => p.EntryId, ct);
        var numbers = wanted.SelectMany(w => w.Data.Certificates).Distinct().ToList();
        var certificates = numbers.Count == 0
            ? []
            : await db.Certificates.AsNoTracking()
                .Where(c => numbers.Contains(c.Number))
                .Select(c => new CertificateMention(c.Number, c.Kind, c.RecipientName))
                .ToDictionaryAsync(c => c.Number, ct);

        var bodies = new Dictionary<Guid, RenderedBodies>();
        foreach (var (row, data) in wanted)
        {
            if (!published.TryGetValue(data.Entry, out var result))
            {
                problems[row.Id] = $"The published result of entry {data.Entry} is gone.";
                continue;
            }

            var mentions = new List<CertificateMention>(data.Certificates.Length);
            foreach (var number in data.Certificates)
            {
                if (certificates.TryGetValue(number, out var mention))
                {
                    mentions.Add(mention);
                }
            }

            if (mentions.Count != data.Certificates.Length)
            {
                problems[row.Id] = "A certificate the result email names is gone.";
                continue;
            }

            using (CultureScope.Use(row.Culture))
            {
                var (_, body) = emails.ComposeResult(row.ToName, result, mentions);
                bodies[row.Id] = new RenderedBodies(body.Html(row.Culture), body.Text());
            }
        }

        return bodies;
    }

    private static ResultEmailData? Parse(string? json)
    {
        try
        {
            return json is null ? null : JsonSerializer.Deserialize<ResultEmailData>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
