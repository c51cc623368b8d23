using System.Reflection;
using Xunit.Abstractions;

namespace CompetitionSite.Tests.Support;

/// <summary>
/// <c>./test.sh --fast</c> runs the test classes marked <c>[Trait("Category", "Unit")]</c> with nothing installed or
/// started. A class so marked therefore takes no fixture (no site, database, Azurite or SMTP server) and belongs to
/// no shared collection; the only thing its constructor may ask xunit for is the test output.
/// </summary>
[Trait("Category", "Unit")]
public sealed class UnitTestRulesTests
{
    public static IEnumerable<Type> UnitTestClasses() =>
        typeof(UnitTestRulesTests).Assembly.GetTypes().Where(t => t.IsClass && t.IsPublic && t.GetCustomAttributesData().Any(a =>
            a.AttributeType == typeof(TraitAttribute)
            && a.ConstructorArguments.Select(c => c.Value as string).SequenceEqual(["Category", "Unit"])));

    public static string? WhyNotAUnitTest(Type type)
    {
        var fixtures = type.GetInterfaces().Where(i => i.IsGenericType
            && (i.GetGenericTypeDefinition() == typeof(IClassFixture<>) || i.GetGenericTypeDefinition() == typeof(ICollectionFixture<>)))
            .Select(i => i.GetGenericArguments()[0].Name).ToList();
        if (fixtures.Count > 0) return $"{type.Name} uses the fixture {string.Join(", ", fixtures)}";
        if (type.GetCustomAttribute<CollectionAttribute>() is not null) return $"{type.Name} joins a test collection";
        var parameters = type.GetConstructors().SelectMany(c => c.GetParameters())
            .Where(p => p.ParameterType != typeof(ITestOutputHelper)).Select(p => p.ParameterType.Name).ToList();
        if (parameters.Count > 0) return $"{type.Name} asks for {string.Join(", ", parameters)}";
        return null;
    }

    [Fact]
    public void A_unit_test_class_starts_nothing()
    {
        var classes = UnitTestClasses().ToList();

        Assert.NotEmpty(classes);
        Assert.Empty(classes.Select(WhyNotAUnitTest).OfType<string>());
    }

    [Fact]
    public void A_class_with_a_site_fixture_is_not_a_unit_test() =>
        Assert.Equal("Marked uses the fixture CompetitionSiteFactory", WhyNotAUnitTest(typeof(Marked)));

    [Trait("Category", "Unit")]
    private sealed class Marked : IClassFixture<CompetitionSiteFactory>;
}
