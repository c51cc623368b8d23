using System.Xml.Linq;

namespace CompetitionSite.Tests.Competitions;

/// <summary>Messages that come from the domain rules (English keys) are shown in Bahasa Indonesia too.</summary>
[Trait("Category", "Unit")]
public sealed class TranslationTests
{
    private static readonly string[] Messages =
    [
        "The submission deadline must be after the opening date.",
        "Judging must end after the submission deadline.",
        "Results cannot be announced before judging ends.",
        "A rubric needs at least one criterion.",
        "Give the criterion a name.",
        "Two criteria have the same name.",
        "The weight must be greater than zero.",
        "The weight can be at most 1000.",
        "The maximum points must be between 1 and 100.",
        "The banner file is empty.",
        "The banner is larger than 2 MB. Make it smaller (for example 1600×600 pixels) and try again.",
        "The banner must be a PNG, JPEG or WebP image.",
    ];

    public static TheoryData<string> DomainMessages() => new(Messages);

    [Theory]
    [MemberData(nameof(DomainMessages))]
    public void Domain_messages_have_an_Indonesian_translation(string key)
    {
        Assert.Contains(key, Keys.Value);
    }

    [Fact]
    public void Every_message_the_domain_can_give_is_in_the_list()
    {
        var messages = Web.Domain.Competitions.CompetitionPhases.TimelineProblems(DateTime.UnixEpoch, DateTime.UnixEpoch, DateTime.UnixEpoch, DateTime.UnixEpoch.AddDays(-1))
            .Concat(Web.Domain.Competitions.RubricRules.Problems([]).Select(p => p.Message))
            .Concat(Web.Domain.Competitions.RubricRules.Problems([("", 0, 0), ("a", 2000, 1), ("A", 1, 1)]).Select(p => p.Message));
        var listed = Messages.ToHashSet();

        Assert.All(messages, m => Assert.Contains(m, listed));
    }

    private static readonly Lazy<HashSet<string>> Keys = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "src", "CompetitionSite.Web", "Resources", "Features", "Competitions", "CompetitionsText.id.resx");
            if (File.Exists(path))
            {
                return XDocument.Load(path).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
            }
        }

        throw new InvalidOperationException("CompetitionsText.id.resx not found.");
    });
}
