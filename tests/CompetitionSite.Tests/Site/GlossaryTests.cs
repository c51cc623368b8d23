using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CompetitionSite.Tests.Site;

/// <summary>
/// docs/glossary-id.md names one Indonesian word per idea and the words not to use. Every Indonesian resource string
/// keeps to it, so a new string cannot bring back a word the glossary replaced (the storage-down message said
/// "berkas" after every other string had become "file").
/// </summary>
[Trait("Category", "Unit")]
public sealed class GlossaryTests
{
    /// <summary>The "not …" column of the glossary: the word, and the one to use instead.</summary>
    public static TheoryData<string, string> Avoided => new()
    {
        { "berkas", "file" },
        { "surel", "email" },
        { "entri", "karya" },
        { "kamu", "Anda" },
        { "link", "tautan" },
        { "upload", "unggah" },
        { "persetujuan pendamping", "persetujuan orang tua atau wali" },
    };

    [Theory]
    [MemberData(nameof(Avoided))]
    public void No_Indonesian_string_uses_a_word_the_glossary_replaced(string avoided, string instead)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "CompetitionSite.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Repository root not found.");
        }

        var word = new Regex($@"\b{Regex.Escape(avoided)}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        var offending = Directory.EnumerateFiles(Path.Combine(root, "src", "CompetitionSite.Web", "Resources"), "*.id.resx", SearchOption.AllDirectories)
            .SelectMany(file => XDocument.Load(file).Descendants("data")
                .Select(data => (File: Path.GetFileName(Path.GetDirectoryName(file)) + "/" + Path.GetFileName(file),
                    Key: (string?)data.Attribute("name") ?? "", Value: (string?)data.Element("value") ?? "")))
            .Where(s => word.IsMatch(s.Value))
            .Select(s => $"{s.File} \"{s.Key}\": {s.Value}")
            .ToList();

        Assert.True(offending.Count == 0, $"Use \"{instead}\", not \"{avoided}\" (docs/glossary-id.md):\n" + string.Join("\n", offending));
    }
}
