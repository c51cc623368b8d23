using CompetitionSite.Web.Domain.Email;

namespace CompetitionSite.Web.Infrastructure.Email;

/// <summary>The bodies of a message rendered when it is sent.</summary>
public sealed record RenderedBodies(string Html, string Text);

/// <summary>
/// Renders, when they are sent, the bodies of the outbox rows queued with its <see cref="Name"/> as their
/// <see cref="OutboxMessage.Template"/> (a feature implements it; the dispatcher only knows this interface). It reads only
/// committed data that never changes, so a message renders the same whenever, and however often, it is sent (a repeat
/// after an unconfirmed hand-over carries the same bodies and the same Message-ID).
/// </summary>
public interface IOutboxTemplate
{
    string Name { get; }

    /// <summary>
    /// The bodies of <paramref name="rows"/> (all queued with this template), by row id, read with a few queries for the
    /// whole batch. A row left out of the answer cannot be rendered (the data it names is gone): it fails for good, with
    /// the reason in <paramref name="problems"/>.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, RenderedBodies>> RenderAsync(IReadOnlyList<OutboxMessage> rows, IDictionary<Guid, string> problems, CancellationToken ct);
}

/// <summary>Fills in the bodies of a claimed batch's templated rows before they are sent.</summary>
public sealed class OutboxRenderer(IEnumerable<IOutboxTemplate> templates)
{
    /// <summary>
    /// Sets <see cref="OutboxMessage.HtmlBody"/> and <see cref="OutboxMessage.TextBody"/> of every row of
    /// <paramref name="rows"/> that has a template (the rows are the dispatcher's untracked copies; nothing is saved).
    /// Rows queued with bodies (every message before issue 16, and every kind without a template) are left as they are.
    /// Returns, by row id, why a row could not be rendered.
    /// </summary>
    public async Task<Dictionary<Guid, string>> RenderAsync(IReadOnlyList<OutboxMessage> rows, CancellationToken ct)
    {
        var problems = new Dictionary<Guid, string>();
        foreach (var group in rows.Where(r => r.Template is not null).GroupBy(r => r.Template!, StringComparer.Ordinal))
        {
            var template = templates.FirstOrDefault(t => t.Name == group.Key);
            if (template is null)
            {
                foreach (var row in group)
                {
                    problems[row.Id] = $"No template \"{group.Key}\" renders this message.";
                }

                continue;
            }

            var list = group.ToList();
            var bodies = await template.RenderAsync(list, problems, ct);
            foreach (var row in list)
            {
                if (bodies.TryGetValue(row.Id, out var b))
                {
                    row.HtmlBody = b.Html;
                    row.TextBody = b.Text;
                }
                else if (!problems.ContainsKey(row.Id))
                {
                    problems[row.Id] = $"The template \"{group.Key}\" could not render this message.";
                }
            }
        }

        return problems;
    }
}
