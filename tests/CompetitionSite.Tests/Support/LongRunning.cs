using Xunit.Abstractions;

[assembly: TestCollectionOrderer("CompetitionSite.Tests.Support.LongRunningFirst", "CompetitionSite.Tests")]

namespace CompetitionSite.Tests.Support;

/// <summary>
/// Marks a test class that takes much longer than the others (it seeds the whole demo, or runs one scenario for a
/// minute): <see cref="LongRunningFirst"/> starts such classes first, so the suite does not end waiting for one of them
/// that happened to start last. It changes only the order in which classes start, never what a test checks.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class LongRunningAttribute : Attribute;

/// <summary>
/// Starts the test classes marked <see cref="LongRunningAttribute"/> first, then the others in xunit's own order. The
/// classes still run in parallel (xunit.runner.json's maxParallelThreads); a pass takes about as long as its longest
/// class when that class starts at once, and up to twice as long when it starts near the end.
/// </summary>
public sealed class LongRunningFirst : ITestCollectionOrderer
{
    private const string Prefix = "Test collection for ";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        var all = testCollections.ToList();
        return all.Where(IsLongRunning).Concat(all.Where(c => !IsLongRunning(c)));
    }

    private static bool IsLongRunning(ITestCollection collection)
    {
        if (collection.CollectionDefinition is not null || !collection.DisplayName.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var type = collection.TestAssembly.Assembly.GetType(collection.DisplayName[Prefix.Length..]);
        return type is not null && type.GetCustomAttributes(typeof(LongRunningAttribute).AssemblyQualifiedName).Any();
    }
}
