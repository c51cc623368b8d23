using System.Reflection;
using CompetitionSite.Tests.Support;

namespace CompetitionSite.Tests.Site;

/// <summary>
/// The dependency rules of docs/conventions.md, checked by reflection over the web assembly (every type, with what
/// its signatures and method bodies use: <see cref="TypeReferences"/>). Razor views are not read: they only
/// render their own feature's view models.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ArchitectureTests
{
    private const string Root = "CompetitionSite.Web";

    /// <summary>
    /// The only places where one feature uses another, each with its reason. Every feature may use
    /// <c>Features.Shared</c> (the pieces several features share). Anything else is a new coupling: move the shared
    /// piece to Features.Shared, Domain or Infrastructure, or add it here with its reason in the same change.
    /// </summary>
    public static readonly IReadOnlyDictionary<(string From, string To), string> AllowedFeatureImports =
        new Dictionary<(string, string), string>
        {
            [("Demo", "Certificates")] = "the demo seeder goes through each feature's own use cases, as people would",
            [("Demo", "Competitions")] = "the demo seeder goes through each feature's own use cases, as people would",
            [("Demo", "Entries")] = "the demo seeder goes through each feature's own use cases, as people would",
            [("Demo", "Judging")] = "the demo seeder goes through each feature's own use cases, as people would",
            [("Demo", "Results")] = "the demo seeder goes through each feature's own use cases, as people would",
            [("Home", "Competitions")] = "the home page lists the competitions (CompetitionListings)",
            [("Entries", "Results")] = "a student's entry page shows its published result (EntryResults)",
            [("Results", "Certificates")] = "publishing issues the certificates; a result links to its certificate",
            [("Results", "Judging")] = "the ranking reads the entries that judging counts (JudgingQueries)",
            [("Results", "Competitions")] = "the winners page shows the competition's banner (CompetitionForm.BannerUrl)",
            [("Gallery", "Competitions")] = "the gallery's link preview shows the competition's banner (CompetitionForm.BannerUrl)",
            [("Gallery", "Entries")] = "the gallery box on an entry page knows who is looking (EntryAccess.UserIdOf)",
            [("Reminders", "Participants")] =
                "a reminder to a guardian renews the consent request through the participants' consent links and settings " +
                "(GuardianConsents, ParticipantOptions)",
        };

    /// <summary>Which site types use which: source type (a CompetitionSite.Web type) → types it uses.</summary>
    private static readonly Lazy<IReadOnlyList<(Type From, Type To)>> References = new(() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => !t.IsNested && IsSite(t.Namespace))
            .SelectMany(t => TypeReferences.UsedBy(t).Where(u => u != t).Select(u => (t, u)))
            .ToList());

    private static bool IsSite(string? ns) => ns is not null && (ns == Root || ns.StartsWith(Root + ".", StringComparison.Ordinal));
    private static bool IsIn(string? ns, string area) => ns is not null && (ns == area || ns.StartsWith(area + ".", StringComparison.Ordinal));
    private static string? FeatureOf(string? ns) =>
        IsIn(ns, Root + ".Features") && ns!.Length > Root.Length + ".Features.".Length
            ? ns[(Root.Length + ".Features.".Length)..].Split('.')[0]
            : null;

    private static string Describe(IEnumerable<(Type From, Type To)> pairs) =>
        string.Join(Environment.NewLine, pairs.Select(p => $"{p.From.FullName} uses {p.To.FullName}").Distinct().Order());

    public static IReadOnlyList<(Type From, Type To)> DomainViolations(IEnumerable<(Type From, Type To)> references) =>
        references.Where(r => IsIn(r.From.Namespace, Root + ".Domain")
                              && (IsIn(r.To.Namespace, "Microsoft.EntityFrameworkCore")
                                  || IsIn(r.To.Namespace, "Microsoft.AspNetCore")
                                  || IsIn(r.To.Namespace, Root + ".Data")
                                  || IsIn(r.To.Namespace, Root + ".Infrastructure")
                                  || IsIn(r.To.Namespace, Root + ".Features")))
            .ToList();

    public static IReadOnlyList<(Type From, Type To)> FeatureViolations(IEnumerable<(Type From, Type To)> references) =>
        references.Where(r => FeatureOf(r.From.Namespace) is { } from && FeatureOf(r.To.Namespace) is { } to
                              && from != to && to != "Shared" && !AllowedFeatureImports.ContainsKey((from, to)))
            .ToList();

    public static IReadOnlyList<(Type From, Type To)> DataViolations(IEnumerable<(Type From, Type To)> references) =>
        references.Where(r => IsIn(r.From.Namespace, Root + ".Data") && IsIn(r.To.Namespace, Root + ".Infrastructure.Web")).ToList();

    /// <summary>
    /// The namespace a type counts in for cycles: its own, except that the Domain counts as one (it is one model:
    /// a competition's entries, scorecards and awards refer to each other, and that is not a layering question).
    /// </summary>
    public static string Module(Type type) => IsIn(type.Namespace, Root + ".Domain") ? Root + ".Domain" : type.Namespace!;

    /// <summary>The namespaces of the site that depend on each other in a circle (strongly connected, more than one).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> NamespaceCycles(IEnumerable<(Type From, Type To)> references)
    {
        var edges = references.Where(r => IsSite(r.To.Namespace) && Module(r.From) != Module(r.To))
            .GroupBy(r => Module(r.From), r => Module(r.To))
            .ToDictionary(g => g.Key, g => g.Distinct().ToList());
        var nodes = edges.Keys.Concat(edges.Values.SelectMany(v => v)).Distinct().Order().ToList();

        // Tarjan's strongly connected components.
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var cycles = new List<IReadOnlyList<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in edges.GetValueOrDefault(v) ?? [])
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            if (component.Count > 1) cycles.Add(component.Order().ToList());
        }
        foreach (var n in nodes) if (!index.ContainsKey(n)) Visit(n);
        return cycles;
    }

    private static string DescribeCycles(IReadOnlyList<IReadOnlyList<string>> cycles, IEnumerable<(Type From, Type To)> references) =>
        string.Join(Environment.NewLine, cycles.Select(c =>
            string.Join(" <-> ", c) + Environment.NewLine + Describe(references.Where(r =>
                Module(r.From) != Module(r.To) && c.Contains(Module(r.From)) && c.Contains(Module(r.To))))));

    [Fact]
    public void The_domain_uses_no_entity_framework_aspnet_data_infrastructure_or_feature()
    {
        var violations = DomainViolations(References.Value);
        Assert.True(violations.Count == 0, "The Domain depends on nothing:" + Environment.NewLine + Describe(violations));
    }

    [Fact]
    public void A_feature_uses_another_feature_only_where_the_allowed_list_says_so()
    {
        var violations = FeatureViolations(References.Value);
        Assert.True(violations.Count == 0,
            "Features use each other only as ArchitectureTests.AllowedFeatureImports allows:" + Environment.NewLine + Describe(violations));
    }

    [Fact]
    public void Data_does_not_depend_on_the_web_plumbing()
    {
        var violations = DataViolations(References.Value);
        Assert.True(violations.Count == 0, "Data does not use Infrastructure.Web:" + Environment.NewLine + Describe(violations));
    }

    [Fact]
    public void The_site_namespaces_form_no_cycle()
    {
        var cycles = NamespaceCycles(References.Value);
        Assert.True(cycles.Count == 0, "Namespaces that depend on each other:" + Environment.NewLine + DescribeCycles(cycles, References.Value));
    }

    [Fact]
    public void Every_allowed_feature_import_is_still_used()
    {
        var used = References.Value.Select(r => (FeatureOf(r.From.Namespace), FeatureOf(r.To.Namespace))).ToHashSet();
        var unused = AllowedFeatureImports.Keys.Where(k => !used.Contains(k)).ToList();
        Assert.True(unused.Count == 0, "Allowed but no longer used (remove from the list): " + string.Join(", ", unused));
    }

    // The checks themselves, on references made up for the purpose: each rule sees what it must refuse.

    [Fact]
    public void The_checks_see_a_break_of_each_rule()
    {
        var site = typeof(Program).Assembly;
        Type Any(string ns) => site.GetTypes().First(t => t.Namespace == Root + "." + ns && !t.IsNested);
        var domain = Any("Domain.Judging");
        var data = typeof(CompetitionSite.Web.Data.AppDbContext);
        var web = Any("Infrastructure.Web");
        var judging = Any("Features.Judging");
        var demo = Any("Features.Demo");

        Assert.NotEmpty(DomainViolations([(domain, typeof(Microsoft.EntityFrameworkCore.DbContext))]));
        Assert.NotEmpty(DomainViolations([(domain, data)]));
        Assert.NotEmpty(DataViolations([(data, web)]));
        Assert.NotEmpty(FeatureViolations([(judging, demo)]));
        Assert.Single(NamespaceCycles([(judging, domain), (domain, data), (data, judging)]));
        Assert.Empty(NamespaceCycles([(judging, domain), (domain, data)]));
        Assert.Empty(NamespaceCycles([(domain, Any("Domain.Entries")), (Any("Domain.Entries"), domain)]));
    }
}
