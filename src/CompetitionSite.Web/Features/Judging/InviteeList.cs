using System.ComponentModel.DataAnnotations;

namespace CompetitionSite.Web.Features.Judging;

public sealed record Invitee(string Email, string Name);

/// <summary>A line of a pasted list or CSV that is not a usable address (1-based line number).</summary>
public sealed record InviteeProblem(int Line, string Text);

/// <summary>
/// Reads the people to invite from a pasted list or a CSV file: one person per line, as <c>email</c>,
/// <c>Name &lt;email&gt;</c>, or name and email separated by a comma, semicolon or tab (in either order). A first
/// line without an address (a CSV header) is skipped; repeated addresses count once.
/// </summary>
public static class InviteeList
{
    public const int MaxPerBatch = 500;

    private static readonly EmailAddressAttribute EmailCheck = new();

    public static (List<Invitee> Invitees, List<InviteeProblem> Problems) Parse(string? text)
    {
        var invitees = new List<Invitee>();
        var problems = new List<InviteeProblem>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var lines = (text ?? "").Replace("\r\n", "\n").Replace('\r', '\n').TrimStart('\uFEFF').Split('\n');
        var first = true;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim().TrimStart('\uFEFF');
            if (line.Length == 0)
            {
                continue;
            }

            var isFirst = first;
            first = false;
            if (!line.Contains('@'))
            {
                if (isFirst)
                {
                    continue; // a CSV header such as "name,email"
                }

                problems.Add(new InviteeProblem(i + 1, Shorten(line)));
                continue;
            }

            var parsed = ParseLine(line);
            if (parsed is null)
            {
                problems.Add(new InviteeProblem(i + 1, Shorten(line)));
            }
            else if (seen.Add(parsed.Email))
            {
                invitees.Add(parsed);
            }
        }

        return (invitees, problems);
    }

    private static Invitee? ParseLine(string line)
    {
        string email;
        string name;
        var open = line.IndexOf('<');
        var close = line.LastIndexOf('>');
        if (open >= 0 && close > open)
        {
            email = line[(open + 1)..close];
            name = line[..open];
        }
        else
        {
            var parts = Fields(line).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
            var emails = parts.Where(p => p.Contains('@')).ToList();
            if (emails.Count != 1)
            {
                return null;
            }

            email = emails[0];
            name = string.Join(" ", parts.Where(p => !p.Contains('@')));
        }

        email = email.Trim().Trim('"', '\'');
        name = name.Trim().Trim('"', '\'', ',', ';').Trim();
        if (email.Length > 254 || !EmailCheck.IsValid(email) || email.Contains(' ') || !email[(email.IndexOf('@') + 1)..].Contains('.'))
        {
            return null;
        }

        return new Invitee(email, name.Length > 200 ? name[..200] : name);
    }

    /// <summary>Splits a line on commas, semicolons and tabs outside double quotes ("" inside quotes is a quote).</summary>
    private static IEnumerable<string> Fields(string line)
    {
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (ch == '"')
            {
                if (quoted && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (!quoted && ch is ',' or ';' or '\t')
            {
                yield return field.ToString();
                field.Clear();
            }
            else
            {
                field.Append(ch);
            }
        }

        yield return field.ToString();
    }

    private static string Shorten(string line) => line.Length > 80 ? line[..77] + "…" : line;
}
