namespace CompetitionSite.Web.Features.Shared;

/// <summary>Builds audit details as "field: old → new" lines; long texts are summarised by their length.</summary>
public sealed class AuditDiff
{
    private readonly List<string> _lines = [];

    public bool IsEmpty => _lines.Count == 0;

    public AuditDiff Field(string label, object? before, object? after)
    {
        var a = Show(before);
        var b = Show(after);
        if (a != b)
        {
            _lines.Add($"{label}: {a} → {b}");
        }

        return this;
    }

    public AuditDiff LongText(string label, string? before, string? after)
    {
        if ((before ?? "") != (after ?? ""))
        {
            _lines.Add($"{label}: {(before ?? "").Length} → {(after ?? "").Length} characters");
        }

        return this;
    }

    public AuditDiff Line(string text)
    {
        _lines.Add(text);
        return this;
    }

    public override string ToString() => string.Join("\n", _lines);

    private static string Show(object? value) => value switch
    {
        null => "—",
        string s when s.Length == 0 => "—",
        string s => s.Length > 120 ? s[..117] + "…" : s,
        bool b => b ? "yes" : "no",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "—",
    };
}
