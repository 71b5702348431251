using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Maillage.Features.Crisis;
using Maillage.Features.Reporting;
using Maillage.Infrastructure;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Reporting;

/// <summary>The pure rules of activity reporting: the grid, the entry checks, ISO weeks, small-count suppression and what leaves the territory.</summary>
public sealed class ReportingRulesTests
{
    private static readonly DateOnly Monday = new(2020, 3, 16);
    private static readonly DateOnly Sunday = Monday.AddDays(6);

    /// <summary>Saturday of the week: Sunday is still to come.</summary>
    private static readonly DateOnly Today = new(2020, 3, 21);

    private static DateOnly Day(int offset) => Monday.AddDays(offset);

    private static CentreCalendar Centre(int id, string name, params (DateOnly On, CentreStage Stage)[] steps) =>
        new(id, 1, 100 + id, name, $"{id} rue du Centre", steps.Length == 0 ? CentreStage.Project : steps[^1].Stage, steps);

    /// <summary>
    /// Centre 1 opens on Friday 20: tests given that day, nothing on Saturday; its consultations are derived,
    /// Saturday's corrected by hand. Centre 2 never opens. Centre 3 is open all week and gave nothing.
    /// </summary>
    private static ActivityInputs Inputs()
    {
        var opening = Centre(1, "Centre du gymnase", (Monday.AddDays(-10), CentreStage.Project), (Day(4), CentreStage.Open));
        var never = Centre(2, "Centre en projet", (Monday.AddDays(-10), CentreStage.Project));
        var silent = Centre(3, "Centre silencieux", (Monday.AddDays(-30), CentreStage.Open));
        var entered = new Dictionary<(int, DateOnly, string), int>
        {
            [(1, Day(4), Indicators.PcrTests)] = 10,
            [(1, Day(4), Indicators.AntigenTests)] = 5,
            [(1, Day(4), Indicators.Positives)] = 3,
            [(1, Day(5), Indicators.Consultations)] = 6,
        };
        var derived = new Dictionary<(int, DateOnly, string), int>
        {
            [(1, Day(2), Indicators.Consultations)] = 2, // booked before the centre opened: still counted, as derived
            [(1, Day(4), Indicators.Consultations)] = 7,
            [(1, Day(5), Indicators.Consultations)] = 4,
            [(1, Day(4), Indicators.PlacesRequired)] = 8,
            [(1, Day(4), Indicators.PlacesFilled)] = 6,
        };
        var territory = new Dictionary<(DateOnly, string), int>();
        for (var i = 0; i <= 5; i++)
        {
            territory[(Day(i), Indicators.UnderFollowUp)] = 5 + i;
            territory[(Day(i), Indicators.NewEpisodes)] = i % 2;
            territory[(Day(i), Indicators.HandoffsAsked)] = i == 3 ? 4 : 0;
            territory[(Day(i), Indicators.HandoffsInTime)] = i == 3 ? 3 : 0;
        }

        return new ActivityInputs([opening, never, silent], entered, derived, territory);
    }

    private static ActivityGrid Grid() => ActivityGridBuilder.Build(Inputs(), Monday, Sunday, Today);

    [Fact]
    public void Each_figure_is_marked_by_where_it_comes_from()
    {
        var grid = Grid();
        Assert.Equal(7, grid.Days.Count);
        var centre = grid.Centres.Single(c => c.CentreId == 1);
        Assert.Equal([false, false, false, false, true, true, true], centre.Open);

        var pcr = centre.Line(Indicators.PcrTests).Days;
        Assert.Equal(
            [CellMark.NotExpected, CellMark.NotExpected, CellMark.NotExpected, CellMark.NotExpected, CellMark.Entered, CellMark.Missing, CellMark.NotExpected],
            pcr.Select(c => c.Mark));
        Assert.Equal([null, null, null, null, 10, null, null], pcr.Select(c => c.Value));

        var consultations = centre.Line(Indicators.Consultations).Days;
        Assert.Equal(new Cell(2, CellMark.Derived), consultations[2]);
        Assert.Equal(new Cell(7, CellMark.Derived), consultations[4]);
        Assert.Equal(new Cell(6, CellMark.Corrected, DerivedValue: 4), consultations[5]);
        Assert.Equal(new Cell(0, CellMark.Derived), consultations[6]); // a derived count with no record is a true zero

        Assert.All(grid.Centres.Single(c => c.CentreId == 2).Lines.Where(l => Indicators.Get(l.Code).Source == IndicatorSource.Manual).SelectMany(l => l.Days),
            c => Assert.Equal(CellMark.NotExpected, c.Mark));
        Assert.Equal([Day(5)], centre.MissingDays);
        Assert.Equal([Day(0), Day(1), Day(2), Day(3), Day(4), Day(5)], grid.Centres.Single(c => c.CentreId == 3).MissingDays);
    }

    [Fact]
    public void Totals_add_up_and_say_when_a_day_they_add_is_missing()
    {
        var grid = Grid();
        var centre = grid.Centres.Single(c => c.CentreId == 1);

        Assert.Equal(new Cell(10, CellMark.Entered, Partial: true), centre.Line(Indicators.PcrTests).Total);
        Assert.Equal(new Cell(2 + 7 + 6, CellMark.Entered), centre.Line(Indicators.Consultations).Total);
        Assert.Equal(new Cell(8, CellMark.Derived), centre.Line(Indicators.PlacesRequired).Total);

        // The sum of the centres: Friday has centre 1's tests, but centre 3 is missing; Wednesday has nobody's; Sunday is to come.
        var pcr = grid.CentreTotal(Indicators.PcrTests);
        Assert.Equal(new Cell(10, CellMark.Entered, Partial: true), pcr.Days[4]);
        Assert.Equal(new Cell(null, CellMark.Missing, Partial: true), pcr.Days[2]);
        Assert.Equal(new Cell(null, CellMark.NotExpected), pcr.Days[6]);
        Assert.True(pcr.Total.Partial);
        Assert.Equal(15, grid.CentreTotal(Indicators.Consultations).Total.Value);
        Assert.False(grid.CentreTotal(Indicators.Consultations).Total.Partial);
    }

    [Fact]
    public void A_level_shows_its_last_known_day_and_a_sum_adds_the_days()
    {
        var grid = Grid();

        var level = grid.TerritoryLine(Indicators.UnderFollowUp);
        Assert.Equal(new Cell(10, CellMark.Derived), level.Total); // Saturday's level, not the sum of the week
        Assert.Equal(CellMark.NotExpected, level.Days[6].Mark);
        Assert.Equal(new Cell(3, CellMark.Derived), grid.TerritoryLine(Indicators.NewEpisodes).Total);
        Assert.Equal(4, grid.TerritoryLine(Indicators.HandoffsAsked).Total.Value);
    }

    [Fact]
    public void Ratios_are_percentages_of_their_parts_none_without_a_denominator_unknown_when_a_part_is_missing()
    {
        var grid = Grid();
        var centre = grid.Centres.Single(c => c.CentreId == 1);

        var positivity = centre.Line(Indicators.Positivity);
        Assert.Equal(new Cell(null, CellMark.Entered, Rate: 20.0), positivity.Days[4]); // 3 ÷ (10 + 5)
        Assert.Equal(new Cell(null, CellMark.Missing), positivity.Days[5]);
        Assert.Equal(new Cell(null, CellMark.NotExpected), positivity.Days[0]);
        Assert.Equal(new Cell(null, CellMark.Entered, Rate: 20.0, Partial: true), positivity.Total);

        var coverage = centre.Line(Indicators.RosterCoverage);
        Assert.Equal(75.0, coverage.Days[4].Rate);
        Assert.Equal(new Cell(null, CellMark.Derived), coverage.Days[5]); // 0 ÷ 0: no rate, and not missing

        var handoffs = grid.TerritoryLine(Indicators.HandoffsInTimeRate);
        Assert.Equal(75.0, handoffs.Days[3].Rate);
        Assert.Null(handoffs.Days[0].Rate);
        Assert.Equal(75.0, handoffs.Total.Rate);

        Assert.Equal(33.3, ActivityGridBuilder.Ratio([new Cell(1, CellMark.Entered)], [new Cell(2, CellMark.Entered), new Cell(1, CellMark.Derived)]).Rate);
        Assert.Equal(CellMark.Missing, ActivityGridBuilder.Ratio([new Cell(1, CellMark.Entered)], [new Cell(null, CellMark.Missing)]).Mark);
    }

    [Fact]
    public void Completeness_counts_the_open_past_days_and_names_the_centres_that_owe_figures()
    {
        var completeness = WeeklyReports.Completeness(Grid(), Today);

        Assert.Equal((2 + 0 + 6, 1 + 0 + 0), (completeness.ExpectedDays, completeness.CompleteDays));
        Assert.False(completeness.Complete);
        var gaps = completeness.Gaps.ToDictionary(g => g.CentreId);
        Assert.Equal([1, 3], gaps.Keys.Order());
        Assert.Equal((2, false), (gaps[1].ExpectedDays, gaps[1].NothingReported));
        Assert.Equal([Day(5)], gaps[1].Missing);
        Assert.True(gaps[3].NothingReported);

        // Once every required figure is there the week is complete.
        var inputs = Inputs();
        var entered = inputs.Entered.ToDictionary();
        foreach (var day in Enumerable.Range(0, 6).Select(Day))
        {
            foreach (var code in Indicators.RequiredDaily.Select(i => i.Code))
            {
                entered.TryAdd((1, day, code), 0);
                entered.TryAdd((3, day, code), 0);
            }
        }

        var full = WeeklyReports.Completeness(ActivityGridBuilder.Build(inputs with { Entered = entered }, Monday, Sunday, Today), Today);
        Assert.True(full.Complete);
        Assert.Empty(full.Gaps);
        Assert.Equal(8, full.CompleteDays);
    }

    private static DomainException Refused(Dictionary<string, int?> changes, Dictionary<string, int?> day)
    {
        var e = Assert.Throws<DomainException>(() => ActivityRules.Validate(changes, day));
        Assert.Equal(DomainErrorKind.Invalid, e.Kind);
        return e;
    }

    [Fact]
    public void Entered_figures_are_refused_when_negative_absurd_or_not_enterable()
    {
        Assert.Equal(Indicators.PcrTests, Refused(new() { [Indicators.PcrTests] = -1 }, new() { [Indicators.PcrTests] = -1 }).Field);
        var large = Refused(new() { [Indicators.Consultations] = ActivityRules.MaxDaily + 1 }, new() { [Indicators.Consultations] = ActivityRules.MaxDaily + 1 });
        Assert.Equal(Indicators.Consultations, large.Field);
        Assert.Contains("100 001", large.Message.Replace('\u202f', ' ').Replace('\u00a0', ' '));
        Assert.Contains("calculé par la plateforme", Refused(new() { [Indicators.Positivity] = 10 }, new()).Message);
        Assert.Equal(Indicators.PlacesRequired, Refused(new() { [Indicators.PlacesRequired] = 3 }, new()).Field);
        Assert.Equal(Indicators.UnderFollowUp, Refused(new() { [Indicators.UnderFollowUp] = 3 }, new()).Field);
        Assert.Equal("pizzas", Refused(new() { ["pizzas"] = 3 }, new()).Field);

        ActivityRules.Validate(new Dictionary<string, int?> { [Indicators.Consultations] = ActivityRules.MaxDaily, [Indicators.PcrTests] = 0, [Indicators.AntigenTests] = null }, new Dictionary<string, int?>());
    }

    [Fact]
    public void Positives_may_not_exceed_the_tests_of_the_day_as_they_stand_after_the_change()
    {
        // Only the positives change; the tests were given earlier that day.
        var day = new Dictionary<string, int?> { [Indicators.PcrTests] = 3, [Indicators.AntigenTests] = 2, [Indicators.Positives] = 6 };
        var e = Refused(new() { [Indicators.Positives] = 6 }, day);
        Assert.Equal(Indicators.Positives, e.Field);
        Assert.Contains("6 pour 5 test(s)", e.Message);

        ActivityRules.Validate(new Dictionary<string, int?> { [Indicators.Positives] = 5 }, new Dictionary<string, int?> { [Indicators.PcrTests] = 3, [Indicators.AntigenTests] = 2, [Indicators.Positives] = 5 });
        // Lowering the tests below the positives already given is refused as well, on the positives.
        Assert.Equal(Indicators.Positives, Refused(new() { [Indicators.PcrTests] = 1 }, new() { [Indicators.PcrTests] = 1, [Indicators.Positives] = 4 }).Field);
        // Positives with no test at all.
        Assert.Equal(Indicators.Positives, Refused(new() { [Indicators.Positives] = 1 }, new() { [Indicators.Positives] = 1 }).Field);
    }

    [Fact]
    public void Unusual_figures_are_warned_about_in_both_directions_and_not_without_history()
    {
        IReadOnlyDictionary<string, IReadOnlyList<int>> usual = new Dictionary<string, IReadOnlyList<int>>
        {
            [Indicators.PcrTests] = [2, 3, 4, 3],
            [Indicators.Consultations] = [12, 10, 14, 12, 11, 13, 12],
        };

        var high = Assert.Single(ActivityRules.Outliers(new Dictionary<string, int?> { [Indicators.PcrTests] = 14 }, usual));
        Assert.Equal(Indicators.PcrTests, high.Indicator);
        Assert.Contains("plus du triple", high.Message);
        Assert.Empty(ActivityRules.Outliers(new Dictionary<string, int?> { [Indicators.PcrTests] = 12 }, usual)); // triple, but only 9 above
        var zero = Assert.Single(ActivityRules.Outliers(new Dictionary<string, int?> { [Indicators.Consultations] = 0 }, usual));
        Assert.Contains("0 alors que la moyenne des 7 jours précédents est de 12", zero.Message);
        Assert.Empty(ActivityRules.Outliers(new Dictionary<string, int?> { [Indicators.Consultations] = 30 }, usual));
        Assert.Empty(ActivityRules.Outliers(new Dictionary<string, int?> { [Indicators.PcrTests] = 0 }, usual)); // a mean of 3 is not enough to find 0 odd

        Assert.Empty(ActivityRules.Outliers(new Dictionary<string, int?> { [Indicators.AntigenTests] = 5000 }, usual));
        Assert.Empty(ActivityRules.Outliers(new Dictionary<string, int?> { [Indicators.AntigenTests] = 5000 }, new Dictionary<string, IReadOnlyList<int>> { [Indicators.AntigenTests] = [] }));
        Assert.Empty(ActivityRules.Outliers(new Dictionary<string, int?> { [Indicators.PcrTests] = null }, usual));
    }

    [Theory]
    [InlineData("2020-W14", "2020-03-30")]
    [InlineData("2020-w14", "2020-03-30")]
    [InlineData(" 2020W14 ", "2020-03-30")]
    [InlineData("2020-W01", "2019-12-30")]
    [InlineData("2020-W53", "2020-12-28")]
    [InlineData("2015-W53", "2015-12-28")]
    public void Iso_weeks_are_read_with_their_monday(string text, string monday)
    {
        Assert.Equal(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture), IsoWeeks.Parse(text));
    }

    [Fact]
    public void A_day_is_labelled_with_the_iso_week_that_holds_it()
    {
        Assert.Equal("2020-W14", IsoWeeks.Label(new DateOnly(2020, 4, 5)));
        Assert.Equal("2020-W53", IsoWeeks.Label(new DateOnly(2021, 1, 3)));
        Assert.Equal("2020-W01", IsoWeeks.Label(new DateOnly(2019, 12, 30)));
        Assert.Equal(new DateOnly(2020, 3, 30), IsoWeeks.Monday(new DateOnly(2020, 4, 5)));
        Assert.Equal("semaine 2020-W14 (du 30 mars au 5 avril 2020)", IsoWeeks.Title(new DateOnly(2020, 3, 30)));
    }

    [Theory]
    [InlineData("2021-W53")] // 2021 has 52 ISO weeks
    [InlineData("2021-W54")]
    [InlineData("2020-W00")]
    [InlineData("2020-14")]
    [InlineData("semaine 14")]
    [InlineData("2020-W1x")]
    [InlineData("1999-W10")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_week(string? text)
    {
        var e = Assert.Throws<DomainException>(() => IsoWeeks.Parse(text, "from"));
        Assert.Equal((DomainErrorKind.Invalid, "from"), (e.Kind, e.Field));
        Assert.Contains("semaine ISO comme 2020-W14", e.Message);
    }

    [Fact]
    public void Small_sensitive_counts_are_hidden_zero_and_five_or_more_are_kept()
    {
        int[] values = [0, 1, 2, 3, 4, 5, 6, 100];
        var everything = Enumerable.Range(0, values.Length).ToHashSet();

        Assert.Equal([false, true, true, true, true, false, false, false], Suppression.Protect(values, [], everything, 5));
        Assert.Equal([false, true, true, false, false, false, false, false], Suppression.Protect(values, [], everything, 3));
        Assert.All(Suppression.Protect(values, [], new HashSet<int>(), 5), Assert.False); // not sensitive: nothing hidden
        Assert.Equal([false, false, true, false, false, false, false, false], Suppression.Protect(values, [], new HashSet<int> { 0, 2, 5 }, 5));
        Assert.Equal([true, false, false, false, false, false, false, true], Suppression.Protect(values, [], new HashSet<int>(), 5, forced: new HashSet<int> { 0, 7 }));
    }

    [Fact]
    public void A_single_small_count_beside_its_total_takes_a_second_cell_with_it()
    {
        // 3 + 8 + 9 = 20: hiding the 3 alone would leave 20 − 8 − 9.
        int[] values = [3, 8, 9, 20];
        IReadOnlyList<Suppression.Relation> relations = [new([0, 1, 2], 3)];

        var hidden = Suppression.Protect(values, relations, Enumerable.Range(0, 4).ToHashSet(), 5);

        Assert.Equal([true, true, false, false], hidden); // the smallest other part
        Assert.Null(Suppression.Determined(hidden, relations));
        Assert.Equal(0, Suppression.Determined([true, false, false, false], relations));
    }

    [Fact]
    public void In_a_table_the_complementary_cells_protect_rows_and_columns_together()
    {
        // 2 × 2 with totals: 3 | 6 ‖ 9 / 7 | 8 ‖ 15 / 10 | 14 ‖ 24
        int[] values = [3, 6, 9, 7, 8, 15, 10, 14, 24];
        var relations = Suppression.TableRelations(2, 2);

        var hidden = Suppression.Protect(values, relations, Enumerable.Range(0, values.Length).ToHashSet(), 5);

        Assert.Equal([true, true, false, true, true, false, false, false, false], hidden); // the four inner cells move together
        Assert.Null(Suppression.Determined(hidden, relations));
        AssertNothingRecoverable(2, 2, values, hidden);
    }

    [Fact]
    public void Table_relations_are_rows_then_columns_each_with_its_total()
    {
        var relations = Suppression.TableRelations(2, 3);

        Assert.Equal(3 + 4, relations.Count);
        Assert.Equal([[0, 1, 2], [4, 5, 6], [8, 9, 10], [0, 4], [1, 5], [2, 6], [3, 7]], relations.Select(r => r.Parts.ToArray()));
        Assert.Equal([3, 7, 11, 8, 9, 10, 11], relations.Select(r => r.Total));
        Assert.All(relations, r => Assert.Equal(0, Check(Table(new Random(1), 2, 3), r)));

        static int Check(int[] table, Suppression.Relation r) => r.Parts.Sum(p => table[p]) - table[r.Total];
    }

    /// <summary>
    /// The property that makes suppression worth anything: for many random tables of small counts, once
    /// protected, no hidden cell can be worked out from the published cells and the row and column totals.
    /// Checked independently of <see cref="Suppression.Determined"/>: by exact rank (no hidden cell is fixed by
    /// the linear relations), and by construction (for each hidden cell, a non-negative whole-number table that
    /// publishes the same cells and keeps every relation but has another value in that cell).
    /// </summary>
    [Fact]
    public void No_hidden_cell_of_a_protected_random_table_can_be_worked_back_out()
    {
        var random = new Random(20200316);
        var hiddenCells = 0;
        var complementary = 0;
        for (var n = 0; n < 500; n++)
        {
            var rows = random.Next(2, 9);
            const int columns = 7;
            var values = Table(random, rows, columns);
            var hidden = Suppression.Protect(values, Suppression.TableRelations(rows, columns), Enumerable.Range(0, values.Length).ToHashSet(), 5);

            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is >= 1 and <= 4)
                {
                    Assert.True(hidden[i], $"table {n}: the small count {values[i]} in cell {i} is published");
                }
                else if (hidden[i])
                {
                    complementary++;
                }
            }

            hiddenCells += hidden.Count(h => h);
            AssertNothingRecoverable(rows, columns, values, hidden, $"table {n}");
        }

        Assert.True(hiddenCells > 1000 && complementary > 100, $"the tables exercised little: {hiddenCells} hidden, {complementary} complementary");
    }

    /// <summary>
    /// Small counts, many zeros: rows × columns inner cells, then each row's total, then the column totals and
    /// the grand total (the layout of <see cref="Suppression.TableRelations"/>).
    /// </summary>
    private static int[] Table(Random random, int rows, int columns)
    {
        var width = columns + 1;
        var values = new int[(rows + 1) * width];
        for (var r = 0; r < rows; r++)
        {
            var busy = random.Next(3); // quiet, middling or busy centres
            for (var c = 0; c < columns; c++)
            {
                var roll = random.NextDouble();
                values[r * width + c] = roll < 0.35 - 0.1 * busy ? 0 : roll < 0.75 - 0.2 * busy ? random.Next(1, 5) : random.Next(5, 5 + 10 * (busy + 1));
            }
        }

        for (var r = 0; r < rows; r++)
        {
            values[r * width + columns] = Enumerable.Range(0, columns).Sum(c => values[r * width + c]);
        }

        for (var c = 0; c <= columns; c++)
        {
            values[rows * width + c] = Enumerable.Range(0, rows).Sum(r => values[r * width + c]);
        }

        return values;
    }

    private static void AssertNothingRecoverable(int rows, int columns, IReadOnlyList<int> values, bool[] hidden, string what = "table")
    {
        var relations = Suppression.TableRelations(rows, columns);
        var cells = Enumerable.Range(0, values.Count).Where(i => hidden[i]).ToList();
        var rank = Rank(relations, cells);
        foreach (var cell in cells)
        {
            // Linear algebra, exact: the cell is fixed by the relations exactly when removing it lowers the rank
            // of the relations restricted to the hidden cells (no solution of the homogeneous system moves it).
            Assert.True(Rank(relations, cells.Where(c => c != cell).ToList()) == rank, $"{what}: hidden cell {cell} ({values[cell]}) follows from the relations: {Show(rows, columns, values, hidden)}");

            var other = AlternativeTable(rows, columns, values, hidden, cell)
                ?? throw new Xunit.Sdk.XunitException($"{what}: hidden cell {cell} ({values[cell]}) has a single possible value: {Show(rows, columns, values, hidden)}");
            Assert.NotEqual(values[cell], other[cell]);
            Assert.All(other, v => Assert.True(v >= 0));
            Assert.All(relations, r => Assert.Equal(other[r.Total], r.Parts.Sum(p => other[p])));
            Assert.All(Enumerable.Range(0, values.Count).Where(i => !hidden[i]), i => Assert.Equal(values[i], other[i]));
        }
    }

    /// <summary>The rank of the relations (parts +1, total −1) restricted to some cells, by fraction-free elimination on big integers.</summary>
    private static int Rank(IReadOnlyList<Suppression.Relation> relations, IReadOnlyList<int> cells)
    {
        var column = cells.Select((cell, i) => (cell, i)).ToDictionary(x => x.cell, x => x.i);
        var matrix = relations.Select(r =>
        {
            var row = new BigInteger[cells.Count];
            foreach (var p in r.Parts.Where(column.ContainsKey))
            {
                row[column[p]] += 1;
            }

            if (column.TryGetValue(r.Total, out var t))
            {
                row[t] -= 1;
            }

            return row;
        }).ToList();

        var rank = 0;
        for (var c = 0; c < cells.Count && rank < matrix.Count; c++)
        {
            var pivot = matrix.FindIndex(rank, r => !r[c].IsZero);
            if (pivot < 0)
            {
                continue;
            }

            (matrix[rank], matrix[pivot]) = (matrix[pivot], matrix[rank]);
            for (var r = 0; r < matrix.Count; r++)
            {
                if (r != rank && !matrix[r][c].IsZero)
                {
                    var (a, b) = (matrix[rank][c], matrix[r][c]);
                    for (var k = 0; k < cells.Count; k++)
                    {
                        matrix[r][k] = matrix[r][k] * a - matrix[rank][k] * b;
                    }
                }
            }

            rank++;
        }

        return rank;
    }

    /// <summary>
    /// Another table with the same published cells and the same relations, non-negative, different in
    /// <paramref name="cell"/>; null when there is none. The table with its totals is a bipartite graph —
    /// rows 0..R, columns 0..C, a hidden cell an edge — and, with the totals counted negatively (the total
    /// row and the total column are read as minus their value, the grand total as itself), every row and
    /// column adds up to zero. Any change that keeps the relations is then a sum of alternating cycles, so a
    /// different table exists exactly when the cell lies on a cycle of hidden cells that can be walked +1, −1,
    /// +1… without taking a cell below zero: a path search in the directed graph of the moves each hidden cell allows.
    /// </summary>
    private static int[]? AlternativeTable(int rows, int columns, IReadOnlyList<int> values, bool[] hidden, int cell)
    {
        var width = columns + 1;
        int Sign(int i) => (i / width == rows) ^ (i % width == columns) ? -1 : 1; // totals of a row or of a column count negatively
        bool Allows(int i, int ySign) => values[i] + (ySign * Sign(i)) >= 0;
        // Nodes: rows 0..R, then columns as R+1+c. An arc row→column raises the signed value of the cell, column→row lowers it.
        int RowNode(int i) => i / width;
        int ColumnNode(int i) => rows + 1 + (i % width);

        foreach (var direction in new[] { 1, -1 })
        {
            if (!Allows(cell, direction))
            {
                continue;
            }

            var (from, to) = direction == 1 ? (RowNode(cell), ColumnNode(cell)) : (ColumnNode(cell), RowNode(cell));
            // Breadth-first from the far end of the cell back to its near end, through the other hidden cells.
            var previous = new Dictionary<int, (int Node, int Cell, int YSign)> { [to] = (-1, -1, 0) };
            var queue = new Queue<int>([to]);
            while (queue.Count > 0 && !previous.ContainsKey(from))
            {
                var node = queue.Dequeue();
                for (var i = 0; i < values.Count; i++)
                {
                    if (!hidden[i] || i == cell)
                    {
                        continue;
                    }

                    var (next, ySign) = node == RowNode(i) ? (ColumnNode(i), 1) : node == ColumnNode(i) ? (RowNode(i), -1) : (-1, 0);
                    if (next >= 0 && !previous.ContainsKey(next) && Allows(i, ySign))
                    {
                        previous[next] = (node, i, ySign);
                        queue.Enqueue(next);
                    }
                }
            }

            if (!previous.ContainsKey(from))
            {
                continue;
            }

            var other = values.ToArray();
            other[cell] += direction * Sign(cell);
            for (var node = from; node != to; node = previous[node].Node)
            {
                var (_, i, ySign) = previous[node];
                other[i] += ySign * Sign(i);
            }

            return other;
        }

        return null;
    }

    private static string Show(int rows, int columns, IReadOnlyList<int> values, bool[] hidden)
    {
        var text = new StringBuilder("\n");
        for (var r = 0; r <= rows; r++)
        {
            for (var c = 0; c <= columns; c++)
            {
                var i = r * (columns + 1) + c;
                text.Append(hidden[i] ? $"[{values[i],3}]" : $" {values[i],3} ");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Centre 1 of <see cref="Inputs"/> with a small count of positives, in an approved week.</summary>
    private static WeekReport Report()
    {
        var grid = Grid();
        var approvedAt = new DateTime(2020, 3, 23, 9, 30, 0, DateTimeKind.Utc);
        return new WeekReport(7, IsoWeeks.Label(Monday), Monday, WeekState.Approved, 1, 1,
            [new WeekVersion(1, WeekStatus.Approved, null, null, null, approvedAt, "Claire Coordinatrice")],
            new WeekBody("CPTS du test", grid, WeeklyReports.Completeness(grid, Today), approvedAt));
    }

    [Fact]
    public void A_published_week_hides_small_counts_and_the_rates_computed_from_them()
    {
        var week = Publication.Publish(Report(), 5);
        var centre = week.Centres.Single(c => c.CentreId == 1);

        Assert.Equal((true, "<5"), (centre.Line(Indicators.Positives).Days[4].Hidden, centre.Line(Indicators.Positives).Days[4].Text(5)));
        Assert.True(centre.Line(Indicators.Positivity).Days[4].Hidden);
        Assert.Equal("secret", centre.Line(Indicators.Positivity).Days[4].Text(5));
        Assert.Equal((false, 10), (centre.Line(Indicators.PcrTests).Days[4].Hidden, centre.Line(Indicators.PcrTests).Days[4].Value));
        Assert.Equal(("NR", "non renseigné"), (centre.Line(Indicators.PcrTests).Days[5].Text(5), centre.Line(Indicators.PcrTests).Days[5].FrenchText(5)));
        // Places of a roster are not about patients: never hidden.
        Assert.Equal(6, centre.Line(Indicators.PlacesFilled).Days[4].Value);
        Assert.Equal(75.0, centre.Line(Indicators.RosterCoverage).Days[4].Rate);
        // The 3 positives are the only ones of the week: every total that would give them away is hidden too.
        Assert.True(centre.Line(Indicators.Positives).Total.Hidden);
        Assert.True(week.CentreTotal.Line(Indicators.Positives).Total.Hidden);
        Assert.Equal((1, 8, 1), (week.Version, week.ExpectedDays, week.CompleteDays));
        Assert.Equal("Claire Coordinatrice", week.ApprovedBy);

        // With a threshold of 3, the 3 positives are published, and so is the rate.
        var loose = Publication.Publish(Report(), 3).Centres.Single(c => c.CentreId == 1);
        Assert.Equal(3, loose.Line(Indicators.Positives).Days[4].Value);
        Assert.Equal(20.0, loose.Line(Indicators.Positivity).Days[4].Rate);
    }

    [Fact]
    public void The_csv_export_writes_hidden_counts_as_below_the_threshold()
    {
        var week = Publication.Publish(Report(), 5);
        var text = Encoding.UTF8.GetString(Publication.Csv(week)).TrimStart('\uFEFF');
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

        Assert.Equal("territoire;semaine;version;statut;centre;indicateur;libelle;unite;2020-03-16;2020-03-17;2020-03-18;2020-03-19;2020-03-20;2020-03-21;2020-03-22;total_semaine", lines[0]);
        var positives = lines.Single(l => l.Contains(";Centre du gymnase;positifs;", StringComparison.Ordinal));
        Assert.EndsWith(";;;;;<5;NR;;<5", positives);
        Assert.StartsWith("CPTS du test;2020-W12;1;approuve;", positives);
        Assert.Contains("secret", lines.Single(l => l.Contains(";Centre du gymnase;taux-positivite;", StringComparison.Ordinal)));
        Assert.Equal(3 * Indicators.Of(IndicatorScope.Centre).Count() + Indicators.Of(IndicatorScope.Centre).Count() + Indicators.Of(IndicatorScope.Territory).Count() + 1, lines.Count);
    }

    [Fact]
    public async Task The_fhir_export_is_valid_r4_and_gives_hidden_counts_as_a_quantity_below_the_threshold()
    {
        var bundle = Publication.Fhir(Publication.Publish(Report(), 5), new DateTime(2020, 3, 23, 10, 0, 0, DateTimeKind.Utc));

        var (code, output) = await FhirValidator.ValidateAsync(bundle);
        Assert.True(code == 0, output);

        var reports = bundle["entry"]!.AsArray().Select(e => e!["resource"]!).Where(r => r["resourceType"]!.GetValue<string>() == "MeasureReport").ToList();
        Assert.Equal(Indicators.Groups.Count(g => g.Code != "materiel"), reports.Count);
        Assert.All(reports, r => Assert.Equal("complete", r["status"]!.GetValue<string>()));
        var screening = reports.Single(r => r["id"]!.GetValue<string>() == "t7-2020-w12-depistage-v1");
        var positives = screening["group"]!.AsArray().Single(g => g!["code"]!["coding"]![0]!["code"]!.GetValue<string>() == Indicators.Positives)!;
        var score = positives["measureScore"]!;
        Assert.Equal(("<", 5, "tests"), (score["comparator"]!.GetValue<string>(), score["value"]!.GetValue<int>(), score["unit"]!.GetValue<string>()));
        var perDay = positives["stratifier"]!.AsArray().Single(s => s!["code"]![0]!["text"]!.GetValue<string>() == "centre-jour")!["stratum"]!.AsArray();
        Assert.Equal(3 * 7, perDay.Count);
        Assert.Contains(perDay, s => s!["measureScore"]?["comparator"]?.GetValue<string>() == "<");
        var rate = screening["group"]!.AsArray().Single(g => g!["code"]!["coding"]![0]!["code"]!.GetValue<string>() == Indicators.Positivity)!;
        Assert.Contains(FhirValidator.Descendants(rate).OfType<JsonValue>(), v => v.TryGetValue<string>(out var s) && s == "masked");
        Assert.DoesNotContain(FhirValidator.Descendants(bundle).OfType<JsonObject>(), o => o["comparator"] is not null && o["value"]!.GetValue<int>() != 5);
    }
}
