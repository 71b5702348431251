using System.Globalization;
using Maillage.Infrastructure;

namespace Maillage.Features.Reporting;

/// <summary>One point of a dashboard series: a day, or an ISO week (clipped to the period when the period cuts it).</summary>
public sealed record SeriesBucket(string Label, DateOnly From, DateOnly To)
{
    public int DayCount => To.DayNumber - From.DayNumber + 1;

    /// <summary>A week the period cuts at one end: its figures cover fewer than 7 days.</summary>
    public bool Clipped(bool weekly) => weekly && DayCount < 7;
}

/// <summary>
/// The totals lines of a grid (the centres' sum and the territory-wide lines) as points over time: day by day
/// for a short period, ISO week by ISO week beyond <see cref="DailyUpTo"/> days so that a chart and its table
/// stay readable. Weeks follow each indicator's nature: a count adds up, a level keeps its last known day, a
/// ratio is worked out again from its summed parts (never an average of daily rates). Pure.
/// </summary>
public sealed record DashboardSeries(bool Weekly, IReadOnlyList<SeriesBucket> Buckets, IReadOnlyDictionary<string, IReadOnlyList<Cell>> Lines, IReadOnlyDictionary<string, Cell> Totals, int MissingCentreDays)
{
    public const int DailyUpTo = 31;

    public IReadOnlyList<Cell> Line(string code) => Lines[code];

    public Cell Total(string code) => Totals[code];

    public static DashboardSeries From(ActivityGrid grid, int dailyUpTo = DailyUpTo)
    {
        var lines = grid.AllTotals.ToDictionary(l => l.Code);
        var totals = lines.ToDictionary(kv => kv.Key, kv => kv.Value.Total);
        var missing = grid.Centres.Sum(c => c.MissingDays.Count);
        if (grid.Days.Count <= dailyUpTo)
        {
            return new DashboardSeries(false, grid.Days.Select(d => new SeriesBucket(d.ToString("dd/MM", CultureInfo.InvariantCulture), d, d)).ToList(),
                lines.ToDictionary(kv => kv.Key, kv => kv.Value.Days), totals, missing);
        }

        var buckets = new List<(SeriesBucket Bucket, int First, int Last)>();
        for (var i = 0; i < grid.Days.Count;)
        {
            var monday = IsoWeeks.Monday(grid.Days[i]);
            var last = i;
            while (last + 1 < grid.Days.Count && IsoWeeks.Monday(grid.Days[last + 1]) == monday)
            {
                last++;
            }

            buckets.Add((new SeriesBucket(IsoWeeks.Label(monday), grid.Days[i], grid.Days[last]), i, last));
            i = last + 1;
        }

        var weekly = new Dictionary<string, IReadOnlyList<Cell>>();
        foreach (var (code, line) in lines)
        {
            var indicator = Indicators.Get(code);
            if (indicator.Kind == IndicatorKind.Ratio)
            {
                continue;
            }

            weekly[code] = buckets.Select(b => Aggregate(indicator, line.Days.Skip(b.First).Take(b.Last - b.First + 1).ToList())).ToList();
        }

        foreach (var code in lines.Keys.Where(c => Indicators.Get(c).Kind == IndicatorKind.Ratio))
        {
            var ratio = Indicators.Get(code);
            weekly[code] = buckets.Select((_, b) => ActivityGridBuilder.Ratio(
                ratio.Numerator!.Select(n => weekly[n][b]).ToList(), ratio.Denominator!.Select(d => weekly[d][b]).ToList())).ToList();
        }

        return new DashboardSeries(true, buckets.Select(b => b.Bucket).ToList(), weekly, totals, missing);
    }

    /// <summary>
    /// The series as CSV (semicolons, as French spreadsheets expect): one line per day or week, one column per
    /// indicator, rates with a dot; an empty field is a figure not given, and <c>incomplet</c> names the figures a missing day leaves short or unknown.
    /// </summary>
    public byte[] Csv(string territory, string? centre)
    {
        var codes = Indicators.All.Where(i => i.InWeeklyReport && Lines.ContainsKey(i.Code)).Select(i => i.Code).ToList();
        var rows = Buckets.Select((b, n) => (IEnumerable<object?>)[
            territory, centre ?? "tous", b.Label, b.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), b.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            .. codes.Select(c => Text(Lines[c][n])),
            string.Join(" ", codes.Where(c => Lines[c][n].Partial || Lines[c][n].Mark == CellMark.Missing))]);
        return Infrastructure.Csv.Write(["territoire", "centre", "periode", "du", "au", .. codes, "incomplet"], rows);

        static string Text(Cell cell) => cell.Rate is { } rate ? rate.ToString("0.0", CultureInfo.InvariantCulture) : cell.Value?.ToString(CultureInfo.InvariantCulture) ?? "";
    }

    /// <summary>Several days as one figure. A count is partial when a day it adds up was expected and not given.</summary>
    public static Cell Aggregate(Indicator indicator, IReadOnlyList<Cell> days)
    {
        if (indicator.Kind == IndicatorKind.Level)
        {
            return days.LastOrDefault(c => c.Value is not null) ?? new Cell(null, days.Any(c => c.Mark == CellMark.Missing) ? CellMark.Missing : CellMark.NotExpected);
        }

        var partial = days.Any(c => c.Mark == CellMark.Missing || c.Partial);
        if (days.All(c => c.Value is null))
        {
            return new Cell(null, days.Any(c => c.Mark == CellMark.Missing) ? CellMark.Missing : CellMark.NotExpected, Partial: partial);
        }

        var mark = days.All(c => c.Mark is CellMark.Derived or CellMark.NotExpected) ? CellMark.Derived : CellMark.Entered;
        return new Cell(days.Sum(c => c.Value ?? 0), mark, Partial: partial);
    }
}
