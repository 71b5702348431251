namespace Maillage.Features.Rosters;

/// <summary>
/// Minimum-cost maximum flow with non-negative integer costs (primal-dual: Dijkstra on reduced costs,
/// then blocking flows on the zero-reduced-cost arcs). Successive shortest paths give, for the maximum
/// flow, the least cost among all maximum flows: exactly "cover first, then be fair".
/// </summary>
public sealed class MinCostFlow(int nodeCount)
{
    private readonly List<int> to = [];
    private readonly List<int> capacity = [];
    private readonly List<long> cost = [];
    private readonly List<int> next = [];
    private readonly int[] head = Enumerable.Repeat(-1, nodeCount).ToArray();

    public int NodeCount => nodeCount;

    /// <summary>Adds an arc and returns its index; its flow is read back with <see cref="Flow"/>.</summary>
    public int AddArc(int from, int target, int cap, long arcCost)
    {
        if (arcCost < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(arcCost), "costs must be non-negative");
        }

        var index = to.Count;
        Push(from, target, cap, arcCost);
        Push(target, from, 0, -arcCost);
        return index;
    }

    /// <summary>The flow on an arc: what its reverse arc has received.</summary>
    public int Flow(int arc) => capacity[arc ^ 1];

    public (long Flow, long Cost) Run(int source, int sink)
    {
        var potential = new long[nodeCount];
        var dist = new long[nodeCount];
        var level = new int[nodeCount];
        var current = new int[nodeCount];
        long totalFlow = 0;
        long totalCost = 0;
        while (Dijkstra(source, sink, potential, dist))
        {
            var sinkDist = dist[sink];
            for (var v = 0; v < nodeCount; v++)
            {
                potential[v] += Math.Min(dist[v], sinkDist);
            }

            while (Levels(source, sink, potential, level))
            {
                Array.Copy(head, current, nodeCount);
                int pushed;
                while ((pushed = Augment(source, sink, int.MaxValue, potential, level, current)) > 0)
                {
                    totalFlow += pushed;
                    totalCost += pushed * (potential[sink] - potential[source]);
                }
            }
        }

        return (totalFlow, totalCost);
    }

    private void Push(int from, int target, int cap, long arcCost)
    {
        to.Add(target);
        capacity.Add(cap);
        cost.Add(arcCost);
        next.Add(head[from]);
        head[from] = to.Count - 1;
    }

    private long Reduced(int arc, int from, long[] potential) => cost[arc] + potential[from] - potential[to[arc]];

    private bool Dijkstra(int source, int sink, long[] potential, long[] dist)
    {
        Array.Fill(dist, long.MaxValue);
        dist[source] = 0;
        var queue = new PriorityQueue<int, long>();
        queue.Enqueue(source, 0);
        while (queue.TryDequeue(out var u, out var d))
        {
            if (d > dist[u])
            {
                continue;
            }

            if (u == sink)
            {
                break;
            }

            for (var arc = head[u]; arc >= 0; arc = next[arc])
            {
                if (capacity[arc] <= 0)
                {
                    continue;
                }

                var candidate = d + Reduced(arc, u, potential);
                if (candidate < dist[to[arc]])
                {
                    dist[to[arc]] = candidate;
                    queue.Enqueue(to[arc], candidate);
                }
            }
        }

        return dist[sink] != long.MaxValue;
    }

    /// <summary>Breadth-first levels over the arcs that lie on shortest paths, so blocking flows cannot cycle.</summary>
    private bool Levels(int source, int sink, long[] potential, int[] level)
    {
        Array.Fill(level, -1);
        level[source] = 0;
        var queue = new Queue<int>();
        queue.Enqueue(source);
        while (queue.TryDequeue(out var u))
        {
            for (var arc = head[u]; arc >= 0; arc = next[arc])
            {
                if (capacity[arc] > 0 && level[to[arc]] < 0 && Reduced(arc, u, potential) == 0)
                {
                    level[to[arc]] = level[u] + 1;
                    queue.Enqueue(to[arc]);
                }
            }
        }

        return level[sink] >= 0;
    }

    private int Augment(int u, int sink, int limit, long[] potential, int[] level, int[] current)
    {
        if (u == sink)
        {
            return limit;
        }

        for (; current[u] >= 0; current[u] = next[current[u]])
        {
            var arc = current[u];
            var v = to[arc];
            if (capacity[arc] <= 0 || level[v] != level[u] + 1 || Reduced(arc, u, potential) != 0)
            {
                continue;
            }

            var pushed = Augment(v, sink, Math.Min(limit, capacity[arc]), potential, level, current);
            if (pushed > 0)
            {
                capacity[arc] -= pushed;
                capacity[arc ^ 1] += pushed;
                return pushed;
            }
        }

        return 0;
    }
}
