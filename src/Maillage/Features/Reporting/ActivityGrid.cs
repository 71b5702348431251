using Maillage.Features.Crisis;

namespace Maillage.Features.Reporting;

/// <summary>
/// Where a figure comes from, as the report marks it. <c>Derived</c>: computed from records. <c>Entered</c>:
/// typed by hand. <c>Corrected</c>: typed by hand over a derived value (kept in <see cref="Cell.DerivedValue"/>).
/// <c>Missing</c>: expected (the centre was open) and not given. <c>NotExpected</c>: the centre was not open, or the day is still to come.
/// </summary>
public enum CellMark
{
    Derived,
    Entered,
    Corrected,
    Missing,
    NotExpected,
}

/// <summary>One figure. Counts use <see cref="Value"/>; ratios use <see cref="Rate"/> (a percentage, null when the denominator is 0). A total is <see cref="Partial"/> when a day it adds up is missing.</summary>
public sealed record Cell(int? Value, CellMark Mark, int? DerivedValue = null, double? Rate = null, bool Partial = false);

public sealed record IndicatorLine(string Code, IReadOnlyList<Cell> Days, Cell Total);

public sealed record CentreBlock(int CentreId, string Name, string Address, IReadOnlyList<bool> Open, IReadOnlyList<IndicatorLine> Lines, IReadOnlyList<DateOnly> MissingDays)
{
    public IndicatorLine Line(string code) => Lines.First(l => l.Code == code);

    public int ExpectedDays(IReadOnlyList<DateOnly> days, DateOnly today) => days.Where((d, i) => Open[i] && d <= today).Count();
}

/// <summary>
/// A territory's activity over some days: one block per centre, the sum of the centres, and the
/// territory-wide lines. Built by <see cref="ActivityGridBuilder"/> from entered values and derived counts.
/// </summary>
public sealed record ActivityGrid(DateOnly From, DateOnly To, IReadOnlyList<DateOnly> Days, IReadOnlyList<CentreBlock> Centres, IReadOnlyList<IndicatorLine> CentreTotals, IReadOnlyList<IndicatorLine> Territory)
{
    public IndicatorLine CentreTotal(string code) => CentreTotals.First(l => l.Code == code);

    public IndicatorLine TerritoryLine(string code) => Territory.First(l => l.Code == code);

    public IReadOnlyList<IndicatorLine> AllTotals => [.. CentreTotals, .. Territory];
}

/// <param name="Entered">Values typed by hand, by (centre, day, indicator); a cleared entry is absent.</param>
/// <param name="DerivedCentre">Counts derived from records, by (centre, day, indicator); absent means 0.</param>
/// <param name="DerivedTerritory">Territory-wide counts, by (day, indicator); absent means not known (a day still to come).</param>
public sealed record ActivityInputs(
    IReadOnlyList<CentreCalendar> Centres,
    IReadOnlyDictionary<(int Centre, DateOnly Day, string Code), int> Entered,
    IReadOnlyDictionary<(int Centre, DateOnly Day, string Code), int> DerivedCentre,
    IReadOnlyDictionary<(DateOnly Day, string Code), int> DerivedTerritory);

/// <summary>Puts entered and derived figures together, marks each, and adds them up. Pure.</summary>
public static class ActivityGridBuilder
{
    public static ActivityGrid Build(ActivityInputs inputs, DateOnly from, DateOnly to, DateOnly today)
    {
        var days = new List<DateOnly>();
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            days.Add(d);
        }

        var centreIndicators = Indicators.Of(IndicatorScope.Centre).ToList();
        var blocks = new List<CentreBlock>();
        foreach (var centre in inputs.Centres)
        {
            var open = days.Select(centre.OpenOn).ToList();
            var lines = new Dictionary<string, IndicatorLine>();
            foreach (var indicator in centreIndicators.Where(i => i.Kind != IndicatorKind.Ratio))
            {
                var cells = days.Select((day, i) => CentreCell(inputs, centre.Id, day, indicator, open[i] && day <= today)).ToList();
                lines[indicator.Code] = new IndicatorLine(indicator.Code, cells, Total(indicator, cells));
            }

            foreach (var ratio in centreIndicators.Where(i => i.Kind == IndicatorKind.Ratio))
            {
                lines[ratio.Code] = RatioLine(ratio, lines);
            }

            var missing = days.Where((day, i) => Indicators.RequiredDaily.Any(r => lines[r.Code].Days[i].Mark == CellMark.Missing)).ToList();
            blocks.Add(new CentreBlock(centre.Id, centre.Name, centre.Address, open, centreIndicators.Select(i => lines[i.Code]).ToList(), missing));
        }

        var totals = new Dictionary<string, IndicatorLine>();
        foreach (var indicator in centreIndicators.Where(i => i.Kind != IndicatorKind.Ratio))
        {
            var cells = days.Select((_, i) => SumCells(blocks.Select(b => b.Line(indicator.Code).Days[i]).ToList())).ToList();
            totals[indicator.Code] = new IndicatorLine(indicator.Code, cells, Total(indicator, cells));
        }

        foreach (var ratio in centreIndicators.Where(i => i.Kind == IndicatorKind.Ratio))
        {
            totals[ratio.Code] = RatioLine(ratio, totals);
        }

        var territory = new Dictionary<string, IndicatorLine>();
        var territoryIndicators = Indicators.Of(IndicatorScope.Territory).ToList();
        foreach (var indicator in territoryIndicators.Where(i => i.Kind != IndicatorKind.Ratio))
        {
            var cells = days.Select(day => inputs.DerivedTerritory.TryGetValue((day, indicator.Code), out var v) ? new Cell(v, CellMark.Derived) : new Cell(null, CellMark.NotExpected)).ToList();
            territory[indicator.Code] = new IndicatorLine(indicator.Code, cells, Total(indicator, cells));
        }

        foreach (var ratio in territoryIndicators.Where(i => i.Kind == IndicatorKind.Ratio))
        {
            territory[ratio.Code] = RatioLine(ratio, territory);
        }

        return new ActivityGrid(from, to, days, blocks, centreIndicators.Select(i => totals[i.Code]).ToList(), territoryIndicators.Select(i => territory[i.Code]).ToList());
    }

    private static Cell CentreCell(ActivityInputs inputs, int centreId, DateOnly day, Indicator indicator, bool expected)
    {
        var entered = inputs.Entered.TryGetValue((centreId, day, indicator.Code), out var e) ? e : (int?)null;
        if (indicator.Source == IndicatorSource.Manual)
        {
            return entered is { } v ? new Cell(v, CellMark.Entered) : new Cell(null, expected ? CellMark.Missing : CellMark.NotExpected);
        }

        var derived = inputs.DerivedCentre.GetValueOrDefault((centreId, day, indicator.Code));
        if (indicator.Overridable && entered is { } corrected)
        {
            return new Cell(corrected, CellMark.Corrected, derived);
        }

        return new Cell(derived, CellMark.Derived);
    }

    private static Cell SumCells(IReadOnlyList<Cell> cells)
    {
        if (cells.Count == 0 || cells.All(c => c.Value is null))
        {
            return new Cell(cells.Count == 0 ? 0 : null, cells.Any(c => c.Mark == CellMark.Missing) ? CellMark.Missing : CellMark.NotExpected, Partial: cells.Any(c => c.Mark == CellMark.Missing));
        }

        var mark = cells.All(c => c.Mark is CellMark.Derived or CellMark.NotExpected) ? CellMark.Derived : CellMark.Entered;
        return new Cell(cells.Sum(c => c.Value ?? 0), mark, Partial: cells.Any(c => c.Mark == CellMark.Missing || c.Partial));
    }

    private static Cell Total(Indicator indicator, IReadOnlyList<Cell> cells) => indicator.Kind == IndicatorKind.Level
        ? cells.LastOrDefault(c => c.Value is not null) ?? new Cell(null, CellMark.NotExpected)
        : SumCells(cells);

    private static IndicatorLine RatioLine(Indicator ratio, IReadOnlyDictionary<string, IndicatorLine> lines)
    {
        var numerators = ratio.Numerator!.Select(c => lines[c]).ToList();
        var denominators = ratio.Denominator!.Select(c => lines[c]).ToList();
        var days = numerators[0].Days.Select((_, i) => Ratio(numerators.Select(l => l.Days[i]).ToList(), denominators.Select(l => l.Days[i]).ToList())).ToList();
        return new IndicatorLine(ratio.Code, days, Ratio(numerators.Select(l => l.Total).ToList(), denominators.Select(l => l.Total).ToList()));
    }

    /// <summary>A percentage rounded to one decimal; unknown when a part is missing, none when nothing was counted.</summary>
    public static Cell Ratio(IReadOnlyList<Cell> numerator, IReadOnlyList<Cell> denominator)
    {
        var parts = numerator.Concat(denominator).ToList();
        if (parts.Any(c => c.Mark == CellMark.Missing))
        {
            return new Cell(null, CellMark.Missing);
        }

        if (parts.All(c => c.Value is null))
        {
            return new Cell(null, CellMark.NotExpected);
        }

        var top = numerator.Sum(c => c.Value ?? 0);
        var bottom = denominator.Sum(c => c.Value ?? 0);
        var mark = parts.Any(c => c.Mark is CellMark.Entered or CellMark.Corrected) ? CellMark.Entered : CellMark.Derived;
        return new Cell(null, mark, Rate: bottom == 0 ? null : Math.Round(100.0 * top / bottom, 1), Partial: parts.Any(c => c.Partial));
    }
}
