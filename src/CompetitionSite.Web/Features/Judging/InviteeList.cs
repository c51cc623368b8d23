using System.ComponentModel.DataAnnotations;

namespace CompetitionSite.Web.Features.Judging;

public sealed record Invitee(string Email, string Name);

/// <summary>A line of a pasted list or CSV that is not a usable address (1-based line number).</summary>
public sealed record InviteeProblem(int Line, string Text);

/// <summary>
/// Reads the people to invite from a pasted list or a CSV file: one person per line, as <c>email</c>,
/// <c>Name &lt;email&gt;</c>, or name and email separated by a comma, semicolon or tab (in either order). A header
/// line without an address is skipped; repeated addresses count once.
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
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (!line.Contains('@'))
            {
                if (i == 0)
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
            var parts = line.Split([',', ';', '\t'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Trim('"', '\'', ' ')).ToList();
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

    private static string Shorten(string line) => line.Length > 80 ? line[..77] + "…" : line;
}
