using System.Text;
using Maillage.Features.Crisis;
using Maillage.Features.Reporting;
using Maillage.Features.Reporting.Pages;
using Maillage.Infrastructure;

namespace Maillage.Tests.Features.Reporting;

public sealed class DashboardSeriesTests
{
    // Monday 6 April 2020 is the first day of 2020-W15.
    private static readonly DateOnly Monday = new(2020, 4, 6);

    private static CentreCalendar Centre(int id, DateOnly openedOn) =>
        new(id, 1, id * 10, $"Centre {id}", "adresse", CentreStage.Open, [(openedOn, CentreStage.Open)]);

    /// <summary>Two centres open all along; every manual figure given each day unless <paramref name="skip"/> says otherwise.</summary>
    private static ActivityGrid Grid(DateOnly from, DateOnly to, Func<int, DateOnly, bool>? skip = null, Func<DateOnly, int>? underFollowUp = null)
    {
        var entered = new Dictionary<(int, DateOnly, string), int>();
        var derived = new Dictionary<(int, DateOnly, string), int>();
        var territory = new Dictionary<(DateOnly, string), int>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            foreach (var centre in new[] { 1, 2 })
            {
                derived[(centre, day, Indicators.Consultations)] = 10 * centre;
                derived[(centre, day, Indicators.PlacesRequired)] = 4;
                derived[(centre, day, Indicators.PlacesFilled)] = centre == 1 ? 4 : 2;
                if (skip?.Invoke(centre, day) == true)
                {
                    continue;
                }

                entered[(centre, day, Indicators.PcrTests)] = 8;
                entered[(centre, day, Indicators.AntigenTests)] = 2;
                entered[(centre, day, Indicators.Positives)] = centre; // 1 or 2 of 10
            }

            territory[(day, Indicators.UnderFollowUp)] = underFollowUp?.Invoke(day) ?? 100;
            territory[(day, Indicators.NewEpisodes)] = 3;
            territory[(day, Indicators.HandoffsAsked)] = 4;
            territory[(day, Indicators.HandoffsInTime)] = 3;
        }

        var inputs = new ActivityInputs([Centre(1, from.AddDays(-30)), Centre(2, from.AddDays(-30))], entered, derived, territory);
        return ActivityGridBuilder.Build(inputs, from, to, to.AddDays(30));
    }

    [Fact]
    public void A_short_period_stays_day_by_day_as_the_grid_has_it()
    {
        var grid = Grid(Monday, Monday.AddDays(30));
        var series = DashboardSeries.From(grid);

        Assert.False(series.Weekly);
        Assert.Equal(31, series.Buckets.Count);
        Assert.Equal("06/04", series.Buckets[0].Label);
        Assert.Equal(grid.CentreTotal(Indicators.Consultations).Days, series.Line(Indicators.Consultations));
        Assert.Equal(30, series.Line(Indicators.Consultations)[0].Value);
        Assert.Equal(15.0, series.Line(Indicators.Positivity)[0].Rate);
        Assert.Equal(0, series.MissingCentreDays);
    }

    [Fact]
    public void Beyond_31_days_counts_add_up_by_iso_week_and_levels_keep_the_last_day()
    {
        // Thursday 2 April (2020-W14, 4 days) to Sunday 10 May (2020-W19): 39 days.
        var from = new DateOnly(2020, 4, 2);
        var series = DashboardSeries.From(Grid(from, new DateOnly(2020, 5, 10), underFollowUp: d => d.DayNumber - from.DayNumber));

        Assert.True(series.Weekly);
        Assert.Equal(["2020-W14", "2020-W15", "2020-W16", "2020-W17", "2020-W18", "2020-W19"], series.Buckets.Select(b => b.Label));
        Assert.True(series.Buckets[0].Clipped(true));
        Assert.Equal(4, series.Buckets[0].DayCount);
        Assert.False(series.Buckets[1].Clipped(true));

        // 30 consultations a day: 4 days in the clipped week, 7 in the others.
        Assert.Equal([120, 210, 210, 210, 210, 210], series.Line(Indicators.Consultations).Select(c => c.Value));
        Assert.Equal([12, 21, 21, 21, 21, 21], series.Line(Indicators.NewEpisodes).Select(c => c.Value));

        // The level is the last day of each week (day numbers from the start: Sunday 5 April is day 3).
        Assert.Equal([3, 10, 17, 24, 31, 38], series.Line(Indicators.UnderFollowUp).Select(c => c.Value));

        // The period total comes from the grid: all days for a count, the last day for a level.
        Assert.Equal(39 * 30, series.Total(Indicators.Consultations).Value);
        Assert.Equal(38, series.Total(Indicators.UnderFollowUp).Value);
    }

    [Fact]
    public void Weekly_ratios_are_worked_out_again_from_the_summed_parts()
    {
        // Centre 2 gives its tests only on the Monday of 2020-W15, and then 2 positives of 10; centre 1 gives 1 of 10 every day.
        var grid = Grid(Monday.AddDays(-7), Monday.AddDays(27), skip: (centre, day) => centre == 2 && day != Monday);
        var series = DashboardSeries.From(grid);

        Assert.True(series.Weekly);
        var week = series.Buckets.ToList().FindIndex(b => b.Label == "2020-W15");
        var positives = series.Line(Indicators.Positives)[week];
        var pcr = series.Line(Indicators.PcrTests)[week];
        Assert.Equal(7 + 2, positives.Value);
        Assert.Equal(7 * 8 + 8, pcr.Value);
        Assert.True(positives.Partial);

        // (7 + 2) ÷ (7 × 10 + 10), not the mean of the daily rates (15 % on the Monday, 10 % the other days).
        var rate = series.Line(Indicators.Positivity)[week];
        Assert.Equal(Math.Round(100.0 * 9 / 80, 1), rate.Rate);
        Assert.NotEqual(Math.Round((15 + 6 * 10) / 7.0, 1), rate.Rate);
        Assert.True(rate.Partial);

        // Rosters: (4 + 2) ÷ (4 + 4) every day, so 75 % for each week.
        Assert.All(series.Line(Indicators.RosterCoverage), c => Assert.Equal(75.0, c.Rate));
        Assert.All(series.Line(Indicators.HandoffsInTimeRate), c => Assert.Equal(75.0, c.Rate));
    }

    [Fact]
    public void Missing_days_are_counted_per_centre_and_a_week_without_any_figure_is_missing_not_zero()
    {
        // Centre 2 gives nothing at all; centre 1 nothing in 2020-W16.
        var grid = Grid(Monday, Monday.AddDays(34), skip: (centre, day) => centre == 2 || IsoWeeks.Label(day) == "2020-W16");
        var series = DashboardSeries.From(grid);

        Assert.Equal(35 + 7, series.MissingCentreDays);
        var w16 = series.Buckets.ToList().FindIndex(b => b.Label == "2020-W16");
        var missing = series.Line(Indicators.PcrTests)[w16];
        Assert.Null(missing.Value);
        Assert.Equal(CellMark.Missing, missing.Mark);
        Assert.Equal(CellMark.Missing, series.Line(Indicators.Positivity)[w16].Mark);
        Assert.Null(series.Line(Indicators.Positivity)[w16].Rate);

        // Another week: centre 1's figures, flagged as partial since centre 2 gave none.
        var w15 = series.Buckets.ToList().FindIndex(b => b.Label == "2020-W15");
        Assert.Equal(56, series.Line(Indicators.PcrTests)[w15].Value);
        Assert.True(series.Line(Indicators.PcrTests)[w15].Partial);

        // Derived counts do not depend on entries: complete.
        Assert.False(series.Line(Indicators.Consultations)[w15].Partial);
    }

    [Fact]
    public void A_level_week_without_any_known_day_stays_empty()
    {
        var level = Indicators.Get(Indicators.UnderFollowUp);
        Assert.Equal(7, DashboardSeries.Aggregate(level, [new Cell(5, CellMark.Derived), new Cell(7, CellMark.Derived), new Cell(null, CellMark.NotExpected)]).Value);
        var none = DashboardSeries.Aggregate(level, [new Cell(null, CellMark.NotExpected), new Cell(null, CellMark.NotExpected)]);
        Assert.Null(none.Value);
        Assert.Equal(CellMark.NotExpected, none.Mark);

        var sum = Indicators.Get(Indicators.PcrTests);
        var corrected = DashboardSeries.Aggregate(sum, [new Cell(5, CellMark.Entered), new Cell(null, CellMark.NotExpected)]);
        Assert.Equal(5, corrected.Value);
        Assert.Equal(CellMark.Entered, corrected.Mark);
        Assert.False(corrected.Partial);
    }

    [Fact]
    public void The_csv_has_a_line_per_week_a_column_per_indicator_and_names_the_incomplete_figures()
    {
        var series = DashboardSeries.From(Grid(Monday, Monday.AddDays(34), skip: (centre, day) => centre == 2 && day == Monday));
        var lines = Encoding.UTF8.GetString(series.Csv("CPTS test", null)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(6, lines.Length);
        var header = lines[0].Split(';');
        Assert.Equal(["territoire", "centre", "periode", "du", "au"], header[..5]);
        Assert.Equal("incomplet", header[^1]);
        var first = lines[1].Split(';');
        Assert.Equal(["CPTS test", "tous", "2020-W15", "2020-04-06", "2020-04-12"], first[..5]);
        Assert.Equal("210", first[Array.IndexOf(header, Indicators.Consultations)]);
        Assert.Equal("14.6", first[Array.IndexOf(header, Indicators.Positivity)]);
        Assert.Contains(Indicators.PcrTests, first[^1]);
        Assert.Equal("", lines[2].Split(';')[^1]);
    }

    [Theory]
    [InlineData("25,00", 2500)]
    [InlineData("25", 2500)]
    [InlineData("1 234.5", 123450)]
    [InlineData(" 0,07 € ", 7)]
    public void Amounts_typed_the_french_way_read_as_cents(string text, int cents) =>
        Assert.Equal(cents, ReportingPages.Cents(text, "f", "Tarif"));

    [Theory]
    [InlineData("vingt")]
    [InlineData("-3")]
    [InlineData("2,555")]
    [InlineData("100001")]
    public void Other_amounts_are_refused_on_their_field(string text) =>
        Assert.Equal("f", Assert.Throws<Maillage.Infrastructure.DomainException>(() => ReportingPages.Cents(text, "f", "Tarif")).Field);

    [Fact]
    public void Euros_are_written_the_french_way() =>
        Assert.Equal("1 234,50 €", ReportingPages.Euros(123450));
}
