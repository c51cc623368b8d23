namespace CompetitionSite.Web.Domain.Judging;

/// <summary>A judge of the category being assigned: their load so far (in the whole competition) and optional cap.</summary>
public sealed record PlannerJudge(int Id, int CurrentLoad = 0, int? Cap = null);

/// <summary>An entry to cover: the judges it already has (kept as they are) and the judges it must never get.</summary>
public sealed record PlannerEntry(int Id, IReadOnlyCollection<int> AssignedJudgeIds, IReadOnlyCollection<int> ConflictedJudgeIds);

public readonly record struct PlannedAssignment(int EntryId, int JudgeId);

public enum ShortfallReason
{
    /// <summary>The category has no judges.</summary>
    NoJudges = 0,

    /// <summary>The category has fewer judges than each entry needs.</summary>
    TooFewJudges = 1,

    /// <summary>Enough judges, but too many of them declared a conflict with this entry.</summary>
    Conflicts = 2,

    /// <summary>Judges without a conflict exist, but all of them reached their cap.</summary>
    JudgesFull = 3,
}

/// <summary>An entry that could not get all the judges it needs, and why.</summary>
public sealed record Shortfall(int EntryId, int Wanted, int Assigned, ShortfallReason Reason, int JudgesInCategory, int JudgesWithConflict);

public sealed record AssignmentPlan(
    IReadOnlyList<PlannedAssignment> Added,
    IReadOnlyList<Shortfall> Shortfalls,
    IReadOnlyDictionary<int, int> Loads)
{
    /// <summary>The largest load of a judge of this category after the plan (existing and new assignments).</summary>
    public int MaxLoad => Loads.Count == 0 ? 0 : Loads.Values.Max();
}

/// <summary>
/// Assigns judges to the entries of one category. Pure and deterministic (same input, same plan).
/// <list type="number">
/// <item>Existing assignments are kept as they are; only what is missing is added, so running it again after late
/// changes never disturbs a judge's work, and running it twice adds nothing the second time.</item>
/// <item>Each entry gets up to N judges; a judge with a declared conflict is never given the entry.</item>
/// <item>As many of the missing places as possible are filled (a maximum flow: entries → allowed judges), and
/// among all such plans the largest load is as small as possible: the smallest load bound L at which the flow is
/// still maximal is searched from the average load upwards (a judge can take up to min(L, cap) − current load).</item>
/// <item>Then new assignments move from the most to the least loaded judges while that narrows the gap
/// (never above L or a cap), so loads end up as even as the conflicts allow.</item>
/// </list>
/// </summary>
public static class AssignmentPlanner
{
    public static AssignmentPlan Plan(IReadOnlyList<PlannerJudge> judges, IReadOnlyList<PlannerEntry> entries, int judgesPerEntry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(judgesPerEntry, 1);
        var js = judges.OrderBy(j => j.Id).ToArray();
        var es = entries.OrderBy(e => e.Id).ToArray();
        if (js.Select(j => j.Id).Distinct().Count() != js.Length || es.Select(e => e.Id).Distinct().Count() != es.Length)
        {
            throw new ArgumentException("Judge and entry ids must be unique.");
        }

        int jCount = js.Length, eCount = es.Length;
        var judgeIndex = new Dictionary<int, int>(jCount);
        for (var j = 0; j < jCount; j++)
        {
            judgeIndex[js[j].Id] = j;
        }

        // on[e, j]: the judge already has the entry; allowed[e, j]: the judge may be given it now.
        var on = new bool[eCount, jCount];
        var conflicted = new bool[eCount, jCount];
        var assignedCount = new int[eCount];
        var demand = new int[eCount];
        for (var e = 0; e < eCount; e++)
        {
            var assigned = es[e].AssignedJudgeIds.Distinct().ToList();
            assignedCount[e] = assigned.Count;
            foreach (var id in assigned)
            {
                if (judgeIndex.TryGetValue(id, out var j))
                {
                    on[e, j] = true;
                }
            }

            foreach (var id in es[e].ConflictedJudgeIds)
            {
                if (judgeIndex.TryGetValue(id, out var j))
                {
                    conflicted[e, j] = true;
                }
            }

            demand[e] = Math.Max(0, judgesPerEntry - assigned.Count);
        }

        var current = js.Select(j => Math.Max(0, j.CurrentLoad)).ToArray();
        var flow = new FlowNetwork(eCount, jCount);
        for (var e = 0; e < eCount; e++)
        {
            if (demand[e] == 0)
            {
                continue;
            }

            flow.AddSource(e, demand[e]);
            for (var j = 0; j < jCount; j++)
            {
                if (!on[e, j] && !conflicted[e, j])
                {
                    flow.AddPair(e, j);
                }
            }
        }

        flow.Seal();
        var totalDemand = demand.Sum();

        // Capacity of judge j under load bound L: min(L, cap) − current load.
        int CapacityAt(int j, long bound)
        {
            var limit = Math.Min(bound, js[j].Cap ?? long.MaxValue);
            return (int)Math.Clamp(limit - current[j], 0, totalDemand);
        }

        var best = flow.MaxFlow(j => CapacityAt(j, long.MaxValue));
        long? lastRun = null;
        bool Reaches(long bound)
        {
            lastRun = bound;
            return flow.MaxFlow(j => CapacityAt(j, bound)) == best;
        }

        // The largest load is at least the average load, and at most (max current load + everything new). Gallop up
        // from the average (usually already the answer), then search between the last failure and the first success.
        var upper = (current.Length == 0 ? 0 : current.Max()) + (long)best;
        var lo = jCount == 0 ? 0 : (current.Sum(x => (long)x) + best + jCount - 1) / jCount;
        var hi = Math.Min(lo, upper);
        for (long step = 1; hi < upper && !Reaches(hi); step *= 2)
        {
            lo = hi + 1;
            hi = Math.Min(upper, hi + step);
        }

        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (Reaches(mid))
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        var bound = hi;
        if (lastRun != bound)
        {
            flow.MaxFlow(j => CapacityAt(j, bound));
        }

        var load = new int[jCount];
        var newOf = new List<int>[jCount];
        for (var j = 0; j < jCount; j++)
        {
            load[j] = current[j];
            newOf[j] = [];
        }

        foreach (var (e, j) in flow.UsedPairs())
        {
            on[e, j] = true;
            load[j]++;
            newOf[j].Add(e);
        }

        Level(js, bound, on, conflicted, load, newOf);

        var added = new List<PlannedAssignment>();
        for (var j = 0; j < jCount; j++)
        {
            foreach (var e in newOf[j])
            {
                added.Add(new PlannedAssignment(es[e].Id, js[j].Id));
            }
        }

        added.Sort((a, b) => a.EntryId != b.EntryId ? a.EntryId.CompareTo(b.EntryId) : a.JudgeId.CompareTo(b.JudgeId));

        var perEntry = new int[eCount];
        foreach (var list in newOf)
        {
            foreach (var e in list)
            {
                perEntry[e]++;
            }
        }

        var shortfalls = new List<Shortfall>();
        for (var e = 0; e < eCount; e++)
        {
            var has = assignedCount[e] + perEntry[e];
            if (has >= judgesPerEntry)
            {
                continue;
            }

            var withConflict = 0;
            for (var j = 0; j < jCount; j++)
            {
                if (conflicted[e, j])
                {
                    withConflict++;
                }
            }

            var reason = jCount == 0 ? ShortfallReason.NoJudges
                : jCount < judgesPerEntry ? ShortfallReason.TooFewJudges
                : jCount - withConflict < judgesPerEntry ? ShortfallReason.Conflicts
                : ShortfallReason.JudgesFull;
            shortfalls.Add(new Shortfall(es[e].Id, judgesPerEntry, has, reason, jCount, withConflict));
        }

        var loads = new Dictionary<int, int>(jCount);
        for (var j = 0; j < jCount; j++)
        {
            loads[js[j].Id] = load[j];
        }

        return new AssignmentPlan(added, shortfalls, loads);
    }

    /// <summary>
    /// Moves new assignments from heavier to lighter judges while the difference is two or more, never above the
    /// bound or a judge's cap and never to a judge with a conflict or who already has the entry.
    /// </summary>
    private static void Level(PlannerJudge[] js, long bound, bool[,] on, bool[,] conflicted, int[] load, List<int>[] newOf)
    {
        var jCount = js.Length;
        var limit = js.Select(j => Math.Min(bound, j.Cap ?? long.MaxValue)).ToArray();
        var order = Enumerable.Range(0, jCount).ToArray();
        var guard = 0;
        while (guard++ < 1_000_000)
        {
            Array.Sort(order, (a, b) => load[a] != load[b] ? load[b].CompareTo(load[a]) : a.CompareTo(b));
            var moved = false;
            for (var hi = 0; hi < jCount && !moved; hi++)
            {
                var a = order[hi];
                if (newOf[a].Count == 0)
                {
                    continue;
                }

                for (var lo = jCount - 1; lo > hi && !moved; lo--)
                {
                    var b = order[lo];
                    if (load[a] - load[b] < 2)
                    {
                        break;
                    }

                    if (load[b] + 1 > limit[b])
                    {
                        continue;
                    }

                    var list = newOf[a];
                    for (var i = 0; i < list.Count; i++)
                    {
                        var e = list[i];
                        if (!on[e, b] && !conflicted[e, b])
                        {
                            list.RemoveAt(i);
                            on[e, a] = false;
                            on[e, b] = true;
                            newOf[b].Add(e);
                            load[a]--;
                            load[b]++;
                            moved = true;
                            break;
                        }
                    }
                }
            }

            if (!moved)
            {
                return;
            }
        }
    }

    /// <summary>Source → entries (their demand) → judges (1 per pair) → sink (a capacity per run); Dinic's algorithm.</summary>
    private sealed class FlowNetwork
    {
        private readonly int _entries;
        private readonly int _judges;
        private readonly int _source;
        private readonly int _sink;
        private readonly List<(int From, int To, int Cap)> _pending = [];
        private int[] _head = [];
        private int[] _next = [];
        private int[] _to = [];
        private int[] _cap = [];
        private int[] _initial = [];
        private int[] _sinkEdge = [];
        private int[] _level = [];
        private int[] _iter = [];
        private int[] _queue = [];
        private int _pairStart;
        private int _pairEnd;

        public FlowNetwork(int entries, int judges)
        {
            _entries = entries;
            _judges = judges;
            _source = 0;
            _sink = entries + judges + 1;
        }

        private int NodeCount => _entries + _judges + 2;

        private int EntryNode(int e) => 1 + e;

        private int JudgeNode(int j) => 1 + _entries + j;

        public void AddSource(int e, int demand) => _pending.Add((_source, EntryNode(e), demand));

        public void AddPair(int e, int j) => _pending.Add((EntryNode(e), JudgeNode(j), 1));

        public void Seal()
        {
            // Pairs first (so their edge ids form one range), then source edges, then one sink edge per judge.
            var pairs = _pending.Where(p => p.From != _source).ToList();
            var sources = _pending.Where(p => p.From == _source).ToList();
            var edges = pairs.Count + sources.Count + _judges;
            _head = Enumerable.Repeat(-1, NodeCount).ToArray();
            _next = new int[edges * 2];
            _to = new int[edges * 2];
            _cap = new int[edges * 2];
            _initial = new int[edges * 2];
            var count = 0;

            void Add(int from, int to, int cap)
            {
                _to[count] = to;
                _initial[count] = cap;
                _next[count] = _head[from];
                _head[from] = count++;
                _to[count] = from;
                _initial[count] = 0;
                _next[count] = _head[to];
                _head[to] = count++;
            }

            _pairStart = 0;
            foreach (var p in pairs)
            {
                Add(p.From, p.To, p.Cap);
            }

            _pairEnd = count;
            foreach (var s in sources)
            {
                Add(s.From, s.To, s.Cap);
            }

            _sinkEdge = new int[_judges];
            for (var j = 0; j < _judges; j++)
            {
                _sinkEdge[j] = count;
                Add(JudgeNode(j), _sink, 0);
            }

            _level = new int[NodeCount];
            _iter = new int[NodeCount];
            _queue = new int[NodeCount];
            _pending.Clear();
        }

        public int MaxFlow(Func<int, int> judgeCapacity)
        {
            Array.Copy(_initial, _cap, _initial.Length);
            for (var j = 0; j < _judges; j++)
            {
                _cap[_sinkEdge[j]] = judgeCapacity(j);
            }

            var total = 0;
            while (Bfs())
            {
                Array.Copy(_head, _iter, _head.Length);
                int pushed;
                while ((pushed = Dfs(_source, int.MaxValue)) > 0)
                {
                    total += pushed;
                }
            }

            return total;
        }

        /// <summary>The (entry, judge) pairs that carry flow after the last run.</summary>
        public IEnumerable<(int Entry, int Judge)> UsedPairs()
        {
            for (var edge = _pairStart; edge < _pairEnd; edge += 2)
            {
                if (_cap[edge] == 0 && _initial[edge] == 1)
                {
                    var judgeNode = _to[edge];
                    var entryNode = _to[edge + 1];
                    yield return (entryNode - 1, judgeNode - 1 - _entries);
                }
            }
        }

        private bool Bfs()
        {
            Array.Fill(_level, -1);
            int head = 0, tail = 0;
            _queue[tail++] = _source;
            _level[_source] = 0;
            while (head < tail)
            {
                var v = _queue[head++];
                for (var edge = _head[v]; edge >= 0; edge = _next[edge])
                {
                    if (_cap[edge] > 0 && _level[_to[edge]] < 0)
                    {
                        _level[_to[edge]] = _level[v] + 1;
                        _queue[tail++] = _to[edge];
                    }
                }
            }

            return _level[_sink] >= 0;
        }

        private int Dfs(int v, int limit)
        {
            if (v == _sink)
            {
                return limit;
            }

            for (; _iter[v] >= 0; _iter[v] = _next[_iter[v]])
            {
                var edge = _iter[v];
                var w = _to[edge];
                if (_cap[edge] > 0 && _level[w] == _level[v] + 1)
                {
                    var pushed = Dfs(w, Math.Min(limit, _cap[edge]));
                    if (pushed > 0)
                    {
                        _cap[edge] -= pushed;
                        _cap[edge ^ 1] += pushed;
                        return pushed;
                    }
                }
            }

            return 0;
        }
    }
}
