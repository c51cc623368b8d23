using System.Diagnostics;
using CompetitionSite.Web.Domain.Judging;
using Xunit.Abstractions;

namespace CompetitionSite.Tests.Judging;

/// <summary>The assignment rules on generated data: coverage, conflicts, the smallest possible largest load, re-runs.</summary>
[Trait("Category", "Unit")]
public sealed class AssignmentPlannerTests(ITestOutputHelper output)
{
    [Fact]
    public void Three_thousand_entries_and_forty_judges_get_three_judges_each_with_the_lowest_possible_largest_load()
    {
        var judges = Judges(40);
        var entries = Entries(3000);

        var plan = AssignmentPlanner.Plan(judges, entries, judgesPerEntry: 3);
        output.WriteLine($"3,000 entries × 40 judges, N = 3: largest load {plan.MaxLoad}");

        Assert.Empty(plan.Shortfalls);
        Assert.All(plan.Added.GroupBy(a => a.EntryId), g => Assert.Equal(3, g.Select(a => a.JudgeId).Distinct().Count()));
        Assert.Equal(3000, plan.Added.Select(a => a.EntryId).Distinct().Count());
        Assert.Equal(LowerBound(3, 3000, 40), plan.MaxLoad); // ceil(9000 / 40) = 225
        Assert.True(plan.Loads.Values.Max() - plan.Loads.Values.Min() <= 1, "Loads differ by at most one.");
    }

    [Theory]
    [InlineData(10, 3, 3)]
    [InlineData(101, 7, 2)]
    [InlineData(997, 13, 3)]
    [InlineData(50, 50, 1)]
    [InlineData(5, 12, 3)]
    public void Without_conflicts_the_largest_load_is_the_lower_bound(int entryCount, int judgeCount, int n)
    {
        var plan = AssignmentPlanner.Plan(Judges(judgeCount), Entries(entryCount), n);

        Assert.Empty(plan.Shortfalls);
        Assert.Equal(LowerBound(n, entryCount, judgeCount), plan.MaxLoad);
        Assert.True(plan.Loads.Values.Max() - plan.Loads.Values.Min() <= 1);
    }

    [Fact]
    public void A_judge_never_gets_an_entry_they_declared_a_conflict_with_and_coverage_stays_complete()
    {
        var random = new Random(42);
        var judges = Judges(40);
        // About one judge in eight is linked to each entry's school or region.
        var entries = Enumerable.Range(1, 3000)
            .Select(id => new PlannerEntry(id, [], judges.Where(_ => random.Next(8) == 0).Select(j => j.Id).ToList()))
            .ToList();

        var watch = Stopwatch.StartNew();
        var plan = AssignmentPlanner.Plan(judges, entries, 3);
        output.WriteLine($"with conflicts: {watch.ElapsedMilliseconds} ms, largest load {plan.MaxLoad}");

        var conflicts = entries.ToDictionary(e => e.Id, e => e.ConflictedJudgeIds.ToHashSet());
        Assert.DoesNotContain(plan.Added, a => conflicts[a.EntryId].Contains(a.JudgeId));
        Assert.Empty(plan.Shortfalls);
        Assert.All(plan.Added.GroupBy(a => a.EntryId), g => Assert.Equal(3, g.Select(a => a.JudgeId).Distinct().Count()));
        Assert.Equal(LowerBound(3, 3000, 40), plan.MaxLoad);
    }

    [Fact]
    public void The_largest_load_is_minimal_when_conflicts_force_an_uneven_split()
    {
        // Judges 1 and 2 have a conflict with every entry but one; the rest must go to judges 3 and 4.
        var judges = Judges(4);
        var entries = Enumerable.Range(1, 10)
            .Select(id => new PlannerEntry(id, [], id == 1 ? [] : [1, 2]))
            .ToList();

        var plan = AssignmentPlanner.Plan(judges, entries, 2);

        Assert.Empty(plan.Shortfalls);
        Assert.Equal(9, plan.MaxLoad); // entries 2–10 need both 3 and 4; entry 1 goes to 1 and 2
        Assert.Equal(1, plan.Loads[1]);
        Assert.Equal(1, plan.Loads[2]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void On_small_random_cases_the_largest_load_matches_an_exhaustive_search(int seed)
    {
        var random = new Random(seed);
        var judges = Enumerable.Range(1, 4).Select(id => new PlannerJudge(id, random.Next(3))).ToList();
        var entries = Enumerable.Range(1, 5)
            .Select(id => new PlannerEntry(id, [], judges.Where(_ => random.Next(3) == 0).Select(j => j.Id).ToList()))
            .ToList();

        var plan = AssignmentPlanner.Plan(judges, entries, 2);

        var best = BruteForceMinimumLargestLoad(judges, entries, 2);
        var covered = plan.Added.Count + entries.Sum(e => e.AssignedJudgeIds.Count);
        Assert.Equal(best.Covered, covered);
        Assert.Equal(best.MaxLoad, plan.MaxLoad);
    }

    [Fact]
    public void Running_again_keeps_every_assignment_and_adds_nothing()
    {
        var judges = Judges(12);
        var entries = Entries(400);
        var first = AssignmentPlanner.Plan(judges, entries, 3);

        var (judgesAfter, entriesAfter) = Apply(judges, entries, first);
        var second = AssignmentPlanner.Plan(judgesAfter, entriesAfter, 3);

        Assert.Empty(second.Added);
        Assert.Empty(second.Shortfalls);
        Assert.Equal(first.Loads, second.Loads);
    }

    [Fact]
    public void The_same_input_gives_the_same_plan()
    {
        var random = new Random(7);
        var judges = Judges(9);
        var entries = Enumerable.Range(1, 300)
            .Select(id => new PlannerEntry(id, [], judges.Where(_ => random.Next(5) == 0).Select(j => j.Id).ToList()))
            .ToList();

        var a = AssignmentPlanner.Plan(judges, entries, 3);
        var b = AssignmentPlanner.Plan(judges.AsEnumerable().Reverse().ToList(), entries.AsEnumerable().Reverse().ToList(), 3);

        Assert.Equal(a.Added, b.Added);
    }

    [Fact]
    public void Late_entries_and_a_late_judge_are_assigned_without_moving_existing_assignments()
    {
        var judges = Judges(10);
        var entries = Entries(200);
        var first = AssignmentPlanner.Plan(judges, entries, 3);
        var (judgesAfter, entriesAfter) = Apply(judges, entries, first);

        // 50 entries arrive late and an eleventh judge joins.
        var lateJudges = judgesAfter.Append(new PlannerJudge(11)).ToList();
        var lateEntries = entriesAfter.Concat(Enumerable.Range(201, 50).Select(id => new PlannerEntry(id, [], []))).ToList();
        var second = AssignmentPlanner.Plan(lateJudges, lateEntries, 3);

        Assert.All(second.Added, a => Assert.InRange(a.EntryId, 201, 250));
        Assert.Equal(150, second.Added.Count);
        Assert.Empty(second.Shortfalls);
        // The ten first judges carry 60 each. The new judge can take each late entry once (50); the other 100
        // places go ten to each of the first judges: 70 is the smallest possible largest load.
        Assert.Equal(70, second.MaxLoad);
        Assert.Equal(50, second.Loads[11]);
    }

    [Fact]
    public void An_entry_that_already_has_judges_gets_only_the_missing_ones()
    {
        var judges = Judges(5);
        var entries = new List<PlannerEntry> { new(1, [1, 2], []), new(2, [1, 2, 3], []), new(3, [], []) };

        var plan = AssignmentPlanner.Plan(judges.Select(j => j with { CurrentLoad = j.Id <= 2 ? 2 : j.Id == 3 ? 1 : 0 }).ToList(), entries, 3);

        Assert.Single(plan.Added, a => a.EntryId == 1);
        Assert.DoesNotContain(plan.Added, a => a.EntryId == 2);
        Assert.Equal(3, plan.Added.Count(a => a.EntryId == 3));
        Assert.DoesNotContain(plan.Added, a => a.EntryId == 1 && a.JudgeId is 1 or 2);
    }

    [Fact]
    public void A_judges_cap_is_never_exceeded_and_the_shortfall_says_the_judges_are_full()
    {
        var judges = Enumerable.Range(1, 4).Select(id => new PlannerJudge(id, 0, Cap: 5)).ToList();
        var entries = Entries(10); // 30 places, 20 possible

        var plan = AssignmentPlanner.Plan(judges, entries, 3);

        Assert.All(plan.Loads.Values, load => Assert.True(load <= 5));
        Assert.Equal(20, plan.Added.Count);
        Assert.NotEmpty(plan.Shortfalls);
        Assert.All(plan.Shortfalls, s => Assert.Equal(ShortfallReason.JudgesFull, s.Reason));
        Assert.Equal(10, plan.Shortfalls.Sum(s => s.Wanted - s.Assigned));
    }

    [Fact]
    public void Shortfalls_name_the_reason_too_few_judges_or_conflicts_or_none_at_all()
    {
        var two = AssignmentPlanner.Plan(Judges(2), Entries(3), 3);
        Assert.All(two.Shortfalls, s => Assert.Equal((ShortfallReason.TooFewJudges, 2, 3, 2), (s.Reason, s.Assigned, s.Wanted, s.JudgesInCategory)));
        Assert.Equal(3, two.Shortfalls.Count);

        var none = AssignmentPlanner.Plan([], Entries(2), 3);
        Assert.All(none.Shortfalls, s => Assert.Equal(ShortfallReason.NoJudges, s.Reason));

        var conflicted = AssignmentPlanner.Plan(Judges(4), [new PlannerEntry(1, [], [1, 2]), new PlannerEntry(2, [], [])], 3);
        var shortfall = Assert.Single(conflicted.Shortfalls);
        Assert.Equal((1, ShortfallReason.Conflicts, 2, 2), (shortfall.EntryId, shortfall.Reason, shortfall.Assigned, shortfall.JudgesWithConflict));
    }

    [Fact]
    public void Existing_loads_from_other_categories_count_towards_the_balance()
    {
        // Judge 1 already scores 30 entries elsewhere; the 30 places here should go mostly to the others.
        var judges = new List<PlannerJudge> { new(1, 30), new(2, 0), new(3, 0), new(4, 0) };

        var plan = AssignmentPlanner.Plan(judges, Entries(10), 3);

        Assert.Equal(30, plan.Loads[1]);
        Assert.Equal(10, plan.Loads[2]);
        Assert.Equal(10, plan.Loads[3]);
        Assert.Equal(10, plan.Loads[4]);
    }

    private static List<PlannerJudge> Judges(int count) => Enumerable.Range(1, count).Select(id => new PlannerJudge(id)).ToList();

    private static List<PlannerEntry> Entries(int count) => Enumerable.Range(1, count).Select(id => new PlannerEntry(id, [], [])).ToList();

    private static int LowerBound(int n, int entries, int judges) => (n * entries + judges - 1) / judges;

    private static (List<PlannerJudge>, List<PlannerEntry>) Apply(List<PlannerJudge> judges, List<PlannerEntry> entries, AssignmentPlan plan)
    {
        var byEntry = plan.Added.ToLookup(a => a.EntryId, a => a.JudgeId);
        return (
            judges.Select(j => j with { CurrentLoad = plan.Loads[j.Id] }).ToList(),
            entries.Select(e => e with { AssignedJudgeIds = e.AssignedJudgeIds.Concat(byEntry[e.Id]).ToList() }).ToList());
    }

    /// <summary>Tries every choice of judges per entry: the most places that can be filled, and the smallest largest load doing so.</summary>
    private static (int Covered, int MaxLoad) BruteForceMinimumLargestLoad(List<PlannerJudge> judges, List<PlannerEntry> entries, int n)
    {
        var options = entries.Select(e =>
        {
            var allowed = judges.Select(j => j.Id).Where(id => !e.ConflictedJudgeIds.Contains(id) && !e.AssignedJudgeIds.Contains(id)).ToList();
            var need = Math.Max(0, n - e.AssignedJudgeIds.Count);
            var take = Math.Min(need, allowed.Count);
            var subsets = new List<int[]>();
            // Every subset of size 0..take (fewer judges than possible is allowed; the best keeps the most places).
            for (var mask = 0; mask < 1 << allowed.Count; mask++)
            {
                if (System.Numerics.BitOperations.PopCount((uint)mask) <= take)
                {
                    subsets.Add(allowed.Where((_, i) => (mask & (1 << i)) != 0).ToArray());
                }
            }

            return subsets;
        }).ToList();

        var best = (Covered: -1, MaxLoad: int.MaxValue);
        var load = judges.ToDictionary(j => j.Id, j => j.CurrentLoad);
        var existing = entries.Sum(e => e.AssignedJudgeIds.Count);

        void Search(int index, int covered)
        {
            if (index == entries.Count)
            {
                var max = load.Count == 0 ? 0 : load.Values.Max();
                if (covered > best.Covered || (covered == best.Covered && max < best.MaxLoad))
                {
                    best = (covered, max);
                }

                return;
            }

            foreach (var subset in options[index])
            {
                foreach (var j in subset)
                {
                    load[j]++;
                }

                Search(index + 1, covered + subset.Length);
                foreach (var j in subset)
                {
                    load[j]--;
                }
            }
        }

        Search(0, existing);
        return best;
    }
}
