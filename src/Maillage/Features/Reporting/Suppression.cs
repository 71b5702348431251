namespace Maillage.Features.Reporting;

/// <summary>
/// Small-count suppression for figures that leave the territory. A sensitive count from 1 to the threshold
/// minus one is hidden (a true zero stays: it reveals no one). Then, since totals are published, hidden
/// cells are protected from being worked back out: as long as some hidden cell can be computed exactly from
/// the published cells and the additive relations (a row adds up to its total, a column to its total), a
/// further cell is hidden: one of the cells sharing a relation with it that frees it by itself if there is
/// one, the smallest such. Complementary cells are never zeros: hidden cells that add up to a published 0
/// are all 0 whatever the linear algebra says, and non-zero hidden cells can always move together by one
/// without going negative, so a cell that is not fixed by the relations is not fixed at all. Pure.
/// </summary>
public static class Suppression
{
    public const int DefaultThreshold = 5;

    /// <summary>One additive relation: the cells of <paramref name="Parts"/> add up to the cell <paramref name="Total"/>.</summary>
    public sealed record Relation(IReadOnlyList<int> Parts, int Total);

    /// <summary>Which cells to hide. <paramref name="sensitive"/> cells are candidates for primary suppression; <paramref name="forced"/> are hidden whatever their value (already hidden upstream).</summary>
    public static bool[] Protect(IReadOnlyList<int> values, IReadOnlyList<Relation> relations, IReadOnlySet<int> sensitive, int threshold, IReadOnlySet<int>? forced = null)
    {
        var hidden = new bool[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            hidden[i] = (sensitive.Contains(i) && values[i] > 0 && values[i] < threshold) || (forced?.Contains(i) ?? false);
        }

        var small = Enumerable.Range(0, values.Count).Where(i => hidden[i] && !(forced?.Contains(i) ?? false)).ToHashSet();
        while (true)
        {
            while (Determined(hidden, relations) is { } exposed)
            {
                var pick = Complement(values, relations, hidden, exposed);
                if (pick is null)
                {
                    // Nothing left to hide around it: hide every cell, the only safe table.
                    Array.Fill(hidden, true);
                    return hidden;
                }

                hidden[pick.Value] = true;
            }

            // The relations alone no longer give a hidden cell away, but what the labels say might: a small
            // count is at least 1 and below the threshold, a complementary cell is never 0.
            if (Tight(values, relations, hidden, small, threshold) is not { } tight)
            {
                return hidden;
            }

            var next = tight.Parts.Where(c => !hidden[c] && values[c] != 0).OrderBy(c => values[c]).ThenBy(c => c).Cast<int?>().FirstOrDefault();
            if (next is null)
            {
                Array.Fill(hidden, true);
                return hidden;
            }

            hidden[next.Value] = true;
        }
    }

    /// <summary>
    /// A relation with a published total whose hidden cells are pinned by their bounds alone: they add up to
    /// the least they can (each at least 1), or, when they are all small counts, to the most they can (each
    /// at most the threshold minus one). Two hidden 1s in a row whose other cells and total are published
    /// are the case: their sum is 2, so both are 1.
    /// </summary>
    public static Relation? Tight(IReadOnlyList<int> values, IReadOnlyList<Relation> relations, bool[] hidden, IReadOnlySet<int> small, int threshold)
    {
        foreach (var r in relations)
        {
            if (hidden[r.Total])
            {
                continue;
            }

            var cells = r.Parts.Where(c => hidden[c]).ToList();
            if (cells.Count == 0)
            {
                continue;
            }

            var sum = cells.Sum(c => values[c]);
            var least = cells.Count(c => values[c] > 0);
            var most = cells.All(small.Contains) ? cells.Count * (threshold - 1) : int.MaxValue;
            if ((sum == least && cells.All(c => values[c] > 0)) || sum == most)
            {
                return r;
            }
        }

        return null;
    }

    /// <summary>
    /// The cell to hide next so that <paramref name="exposed"/> stops being exact. Candidates are the published
    /// non-zero cells of the relations it is in, and of the relations reached from those through hidden cells
    /// (a cell that closes a cycle of hidden cells through it is there). The smallest candidate that frees it
    /// by itself is taken; when none does, the smallest part of its own relations, or else the nearest smallest
    /// cell (in a table the row total, the column total and the grand total close a cycle of non-zero cells
    /// through any non-zero cell, so one is always found). Only the smallest few are tried, to bound the cost on large tables.
    /// </summary>
    private static int? Complement(IReadOnlyList<int> values, IReadOnlyList<Relation> relations, bool[] hidden, int exposed)
    {
        static IEnumerable<int> Cells(Relation r) => r.Parts.Append(r.Total);
        var reached = new HashSet<int>();
        var frontier = Enumerable.Range(0, relations.Count).Where(i => Cells(relations[i]).Contains(exposed)).ToList();
        var own = frontier.SelectMany(i => relations[i].Parts).ToHashSet();
        var distance = new Dictionary<int, int>();
        for (var level = 0; frontier.Count > 0; level++)
        {
            reached.UnionWith(frontier);
            foreach (var c in frontier.SelectMany(i => Cells(relations[i])).Where(c => !hidden[c] && values[c] != 0))
            {
                distance.TryAdd(c, level);
            }

            var through = frontier.SelectMany(i => Cells(relations[i])).Where(c => hidden[c]).ToHashSet();
            frontier = Enumerable.Range(0, relations.Count).Where(i => !reached.Contains(i) && Cells(relations[i]).Any(through.Contains)).ToList();
        }

        if (distance.Count == 0)
        {
            return null;
        }

        foreach (var c in distance.Keys.OrderBy(c => values[c]).ThenBy(c => distance[c]).ThenBy(c => c).Take(MaxTries))
        {
            hidden[c] = true;
            var freed = !Exact(hidden, relations).Contains(exposed);
            hidden[c] = false;
            if (freed)
            {
                return c;
            }
        }

        return distance.Keys.OrderBy(c => distance[c]).ThenBy(c => own.Contains(c) ? 0 : 1).ThenBy(c => values[c]).ThenBy(c => c).First();
    }

    private const int MaxTries = 40;

    /// <summary>A hidden cell whose value follows exactly from the published ones, or null when none does.</summary>
    public static int? Determined(bool[] hidden, IReadOnlyList<Relation> relations) => Exact(hidden, relations).Cast<int?>().FirstOrDefault();

    /// <summary>Every hidden cell whose value follows exactly from the published ones, in cell order.</summary>
    private static List<int> Exact(bool[] hidden, IReadOnlyList<Relation> relations)
    {
        var unknowns = Enumerable.Range(0, hidden.Length).Where(i => hidden[i]).ToList();
        var exact = new List<int>();
        if (unknowns.Count == 0)
        {
            return exact;
        }

        var column = unknowns.Select((cell, index) => (cell, index)).ToDictionary(x => x.cell, x => x.index);
        // Each relation restricted to the hidden cells: parts +1, total −1. A hidden cell is exact when its unit
        // vector lies in the span of these rows, i.e. when it is a pivot of the reduced echelon form whose row has no other entry.
        var rows = new List<double[]>();
        foreach (var r in relations)
        {
            var row = new double[unknowns.Count];
            var any = false;
            foreach (var p in r.Parts)
            {
                if (hidden[p])
                {
                    row[column[p]] += 1;
                    any = true;
                }
            }

            if (hidden[r.Total])
            {
                row[column[r.Total]] -= 1;
                any = true;
            }

            if (any)
            {
                rows.Add(row);
            }
        }

        var pivotRow = 0;
        var pivots = new List<(int Row, int Column)>();
        for (var c = 0; c < unknowns.Count && pivotRow < rows.Count; c++)
        {
            var best = -1;
            for (var r = pivotRow; r < rows.Count; r++)
            {
                if (Math.Abs(rows[r][c]) > 1e-9 && (best < 0 || Math.Abs(rows[r][c]) > Math.Abs(rows[best][c])))
                {
                    best = r;
                }
            }

            if (best < 0)
            {
                continue;
            }

            (rows[pivotRow], rows[best]) = (rows[best], rows[pivotRow]);
            var pivot = rows[pivotRow][c];
            for (var k = 0; k < unknowns.Count; k++)
            {
                rows[pivotRow][k] /= pivot;
            }

            for (var r = 0; r < rows.Count; r++)
            {
                if (r != pivotRow && Math.Abs(rows[r][c]) > 1e-9)
                {
                    var factor = rows[r][c];
                    for (var k = 0; k < unknowns.Count; k++)
                    {
                        rows[r][k] -= factor * rows[pivotRow][k];
                    }
                }
            }

            pivots.Add((pivotRow, c));
            pivotRow++;
        }

        foreach (var (row, c) in pivots)
        {
            var alone = true;
            for (var k = 0; k < unknowns.Count; k++)
            {
                if (k != c && Math.Abs(rows[row][k]) > 1e-9)
                {
                    alone = false;
                    break;
                }
            }

            if (alone)
            {
                exact.Add(unknowns[c]);
            }
        }

        return exact;
    }

    /// <summary>
    /// A table of <paramref name="rows"/> × <paramref name="columns"/> inner cells, laid out row by row, with a
    /// total column at the end of each row and a total row under them (the last cell is the grand total).
    /// Returns the relations of that layout.
    /// </summary>
    public static IReadOnlyList<Relation> TableRelations(int rows, int columns)
    {
        var width = columns + 1;
        var relations = new List<Relation>();
        for (var r = 0; r <= rows; r++)
        {
            relations.Add(new Relation(Enumerable.Range(0, columns).Select(c => r * width + c).ToList(), r * width + columns));
        }

        for (var c = 0; c <= columns; c++)
        {
            relations.Add(new Relation(Enumerable.Range(0, rows).Select(r => r * width + c).ToList(), rows * width + c));
        }

        return relations;
    }
}
