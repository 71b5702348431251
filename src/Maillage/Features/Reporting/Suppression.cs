namespace Maillage.Features.Reporting;

/// <summary>
/// Small-count suppression for figures that leave the territory. A sensitive count from 1 to the threshold
/// minus one is hidden (a true zero stays: it reveals no one). Then, since totals are published, hidden
/// cells are protected from being worked back out: as long as some hidden cell can be computed exactly from
/// the published cells and the additive relations (a row adds up to its total, a column to its total), a
/// further cell of that relation is hidden — the smallest non-zero one, so that the hidden values can move
/// together without going negative. Pure.
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

        while (Determined(hidden, relations) is { } exposed)
        {
            // Hide around the cell in the relation that gives it away: the one where it is the most alone. The
            // first relation it is in may already be mostly hidden (a row, when a column exposes it), and hiding
            // more there does not protect it: it ended up hiding whole rows of a one-centre territory.
            var around = relations.Where(r => r.Total == exposed || r.Parts.Contains(exposed))
                .OrderBy(r => r.Parts.Append(r.Total).Count(c => hidden[c])).ToList();
            var relation = around.FirstOrDefault(r => r.Parts.Append(r.Total).Any(c => !hidden[c])) ?? around[0];
            var candidates = relation.Parts.Append(relation.Total).Where(c => !hidden[c]).ToList();
            if (candidates.Count == 0)
            {
                // Every cell of the relation is hidden yet one is still exact: hide a cell of another relation it is in.
                candidates = relations.Where(r => r.Total == exposed || r.Parts.Contains(exposed)).SelectMany(r => r.Parts.Append(r.Total)).Where(c => !hidden[c]).ToList();
            }

            if (candidates.Count == 0)
            {
                // Nothing left to hide around it: hide every cell, the only safe table.
                Array.Fill(hidden, true);
                break;
            }

            var parts = relation.Parts.ToHashSet();
            var pick = candidates.OrderBy(c => values[c] == 0 ? 1 : 0).ThenBy(c => parts.Contains(c) ? 0 : 1).ThenBy(c => values[c]).ThenBy(c => c).First();
            hidden[pick] = true;
        }

        return hidden;
    }

    /// <summary>A hidden cell whose value follows exactly from the published ones, or null when none does.</summary>
    public static int? Determined(bool[] hidden, IReadOnlyList<Relation> relations)
    {
        var unknowns = Enumerable.Range(0, hidden.Length).Where(i => hidden[i]).ToList();
        if (unknowns.Count == 0)
        {
            return null;
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
                return unknowns[c];
            }
        }

        return null;
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
