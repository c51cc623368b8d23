using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CompetitionSite.Tests.Site;

/// <summary>
/// Every English key the code asks a localizer for (<c>L["..."]</c> for shared strings, <c>T["..."]</c> for
/// the feature area's strings, and validation <c>ErrorMessage</c>/<c>Name</c> texts) has a Bahasa Indonesia
/// translation in the matching .resx — so no English is left on an Indonesian page.
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class LocalizationCoverageTests
{
    private static readonly string Root = FindRepositoryRoot();
    private static readonly string Web = Path.Combine(Root, "src", "CompetitionSite.Web");

    [Fact]
    public void Every_localized_string_has_an_Indonesian_translation()
    {
        var missing = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Web, "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                                 && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                                 && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}")))
        {
            var source = File.ReadAllText(file);
            var area = AreaOf(file);
            foreach (Match m in SharedKey().Matches(source))
            {
                Check(missing, file, "SharedResource", Unescape(m.Groups[1].Value));
            }

            foreach (Match m in AreaKey().Matches(source))
            {
                Check(missing, file, area is null ? "SharedResource" : $"Features/{area}/{area}Text", Unescape(m.Groups[1].Value));
            }

            foreach (Match m in PluralKeys().Matches(source))
            {
                // Counted phrases: both the one-key and the other-key need a translation.
                var resource = m.Groups[1].Value == "L" || area is null ? "SharedResource" : $"Features/{area}/{area}Text";
                Check(missing, file, resource, Unescape(m.Groups[2].Value));
                Check(missing, file, resource, Unescape(m.Groups[3].Value));
            }

            foreach (Match m in AttributeText().Matches(source))
            {
                // Data annotations are localized through the area's {Area}Text resource (LocalizationSetup.ResourceFor).
                Check(missing, file, area is null ? "SharedResource" : $"Features/{area}/{area}Text", Unescape(m.Groups[1].Value), attribute: true);
            }
        }

        Assert.True(missing.Count == 0, "Missing Indonesian translations:\n" + string.Join("\n", missing.Distinct()));
    }

    private static readonly Dictionary<string, HashSet<string>> Cache = new();

    private static void Check(List<string> missing, string file, string resource, string key, bool attribute = false)
    {
        var operatorSettings = file.EndsWith("Options.cs", StringComparison.Ordinal) || file.EndsWith("Setup.cs", StringComparison.Ordinal);
        if (attribute && operatorSettings)
        {
            return; // configuration messages are for operators, in English
        }

        var keys = Keys(resource);
        if (!keys.Contains(key))
        {
            missing.Add($"{Path.GetRelativePath(Web, file)} → Resources/{resource}.id.resx: \"{key}\"");
        }
    }

    private static HashSet<string> Keys(string resource)
    {
        if (!Cache.TryGetValue(resource, out var keys))
        {
            var path = Path.Combine(Web, "Resources", resource + ".id.resx");
            keys = File.Exists(path)
                ? XDocument.Load(path).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet()
                : [];
            Cache[resource] = keys;
        }

        return keys;
    }

    private static string? AreaOf(string file)
    {
        var relative = Path.GetRelativePath(Web, file).Split(Path.DirectorySeparatorChar);
        return relative.Length > 2 && relative[0] == "Features" && relative[1] != "Shared" ? relative[1] : null;
    }

    private static string Unescape(string s) => s.Replace("\\\"", "\"").Replace("\\n", "\n").Replace("\\\\", "\\");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CompetitionSite.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found.");
    }

    [GeneratedRegex(@"\b[Ll]\[\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex SharedKey();

    [GeneratedRegex(@"\b[Tt]\[\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex AreaKey();

    [GeneratedRegex(@"\b([LTt])\.Plural\(\s*[^,]+,\s*""((?:[^""\\]|\\.)*)""\s*,\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex PluralKeys();

    [GeneratedRegex(@"(?:ErrorMessage\s*=\s*|\[Display\(\s*Name\s*=\s*|Prompt\s*=\s*)""((?:[^""\\]|\\.)*)""")]
    private static partial Regex AttributeText();
}
