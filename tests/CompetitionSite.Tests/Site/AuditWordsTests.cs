using System.Globalization;
using System.Text.RegularExpressions;
using CompetitionSite.Web.Features.Competitions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Tests.Site;

/// <summary>The competition's audit log names every event it can show in words, never by its code.</summary>
[Trait("Category", "Unit")]
public sealed partial class AuditWordsTests
{
    [Fact]
    public void Every_event_recorded_for_a_competition_has_a_name_in_words_in_both_languages()
    {
        var web = Path.Combine(FindRepositoryRoot(), "src", "CompetitionSite.Web");
        var codes = Directory.EnumerateFiles(Path.Combine(web, "Features"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => Recorded().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Where(code => CompetitionEvents().IsMatch(code))
            .ToHashSet();
        Assert.Contains("entry.submitted", codes);
        Assert.Contains("results.published", codes);

        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        var t = new StringLocalizer<CompetitionsText>(factory);
        var unnamed = new List<string>();
        foreach (var culture in new[] { "id", "en" })
        {
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            try
            {
                unnamed.AddRange(codes.Where(code => t.ActionName(code) == code).Select(code => $"{culture}: {code}"));
                if (culture == "id")
                {
                    Assert.Equal("Karya dikirim", t.ActionName("entry.submitted"));
                }
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        }

        Assert.True(unnamed.Count == 0, "Shown by their code: " + string.Join(", ", unnamed));
    }

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

    [GeneratedRegex("Record\\(\\s*\"([a-z-]+\\.[a-z-]+)\"")]
    private static partial Regex Recorded();

    [GeneratedRegex("^(competition|category|rubric|certificates?|certificate-design|judging|score|entry|results)\\.")]
    private static partial Regex CompetitionEvents();
}
