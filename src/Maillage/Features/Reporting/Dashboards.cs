using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Equipment;
using Maillage.Features.FollowUp;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Reporting;

public sealed record CentreOption(int Id, string Name);

/// <summary>A territory's course over a period: the daily grid (all centres, or one), the follow-up load now, and the stock now.</summary>
public sealed record DashboardView(
    int TerritoryId, DateOnly From, DateOnly To, int? CentreId, IReadOnlyList<CentreOption> Centres, ActivityGrid Grid,
    int OpenEpisodes, int OverdueContacts, IReadOnlyList<ItemStock>? Stock);

/// <summary>One territory's approved week in the authorities' view: the week total, or hidden.</summary>
/// <param name="Small">Hidden because it is a small count; other hidden cells protect one.</param>
public sealed record OverviewCell(int? Value, bool Hidden, bool Approved, bool Small = false);

public sealed record OverviewRow(int TerritoryId, string Territory, IReadOnlyList<OverviewCell> Weeks, OverviewCell Total);

/// <summary>Approved weekly totals of one indicator, territories × weeks, suppressed again as a table of its own.</summary>
public sealed record AuthorityOverview(string Indicator, string Label, IReadOnlyList<string> Weeks, IReadOnlyList<DateOnly> Mondays, IReadOnlyList<OverviewRow> Rows, IReadOnlyList<OverviewCell> WeekTotals, OverviewCell GrandTotal, int Threshold);

public sealed class Dashboards(
    ActivitySources sources, WeeklyReports weeks, ReportingSettingsStore settings, CountFollowUpActivity followUp, StockReads stock, NameTerritories names, ScopeOfUser scopeOfUser, TimeProvider time)
{
    public const int MaxDays = 366;

    public static (DateOnly From, DateOnly To) Period(DateOnly? from, DateOnly? to, DateOnly today)
    {
        var end = to ?? today;
        var start = from ?? end.AddDays(-55);
        if (end < start)
        {
            throw DomainException.Invalid("La fin de la période précède son début.", "to");
        }

        if (end.DayNumber - start.DayNumber + 1 > MaxDays)
        {
            throw DomainException.Invalid($"Une période de {MaxDays} jours au plus.", "from");
        }

        return (start, end);
    }

    public async Task<DashboardView> ExecuteAsync(int territoryId, DateOnly? from, DateOnly? to, int? centreId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ReportingAccess.Require(ReportingAccess.MayReadExact(user));
        await weeks.ScopeAsync(user, territoryId, ct);
        var today = French.Today(time);
        var (start, end) = Period(from, to, today);
        var all = (await sources.LoadAsync([territoryId], start, end, ct: ct))[territoryId];
        var centres = all.Centres.Select(c => new CentreOption(c.Id, c.Name)).ToList();
        if (centreId is { } one && centres.All(c => c.Id != one))
        {
            throw DomainException.NotFound("Centre introuvable dans ce territoire.", "centreId");
        }

        var inputs = centreId is null ? all : all with { Centres = all.Centres.Where(c => c.Id == centreId).ToList() };
        var grid = ActivityGridBuilder.Build(inputs, start, end, today);
        var (open, overdue) = await followUp.LoadNowAsync(territoryId, ct);
        var items = EquipmentAccess.MayReadStock(user) ? (await stock.OverviewAsync(territoryId, user, ct)).Items : null;
        return new DashboardView(territoryId, start, end, centreId, centres, grid, open, overdue, items);
    }

    /// <summary>The figures the ARS may see: approved weeks of its territories, suppressed, as one table per indicator.</summary>
    public async Task<AuthorityOverview> OverviewAsync(string? indicatorCode, DateOnly? fromMonday, DateOnly? toMonday, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ReportingAccess.Require(ReportingAccess.MayReadPublished(user));
        var indicator = Indicators.Find(indicatorCode ?? Indicators.Consultations) is { Kind: IndicatorKind.Sum } found
            ? found
            : throw DomainException.Invalid($"Indicateur « {indicatorCode} » : choisissez un total (par exemple {Indicators.Consultations}).", "indicator");
        var scope = await scopeOfUser.ExecuteAsync(user, ct);
        var territories = await names.ExecuteAsync(null, ct, scope);
        var today = French.Today(time);
        var last = IsoWeeks.Monday(toMonday ?? today);
        var first = IsoWeeks.Monday(fromMonday ?? last.AddDays(-7 * 7));
        if (last < first || (last.DayNumber - first.DayNumber) / 7 + 1 > FundingEstimates.MaxWeeks)
        {
            throw DomainException.Invalid($"Une période de 1 à {FundingEstimates.MaxWeeks} semaines.", "from");
        }

        var mondays = new List<DateOnly>();
        for (var m = first; m <= last; m = m.AddDays(7))
        {
            mondays.Add(m);
        }

        var ids = territories.Keys.Order().ToList();
        var thresholds = await settings.ThresholdsAsync(ids, ct);

        var threshold = thresholds.Count == 0 ? Suppression.DefaultThreshold : thresholds.Values.Max();
        var values = new List<int>();
        var forced = new HashSet<int>();
        var small = new HashSet<int>();
        var approved = new List<bool>();
        var width = mondays.Count + 1;
        var published = new Dictionary<(int, DateOnly), PublishedWeek>();
        var reports = new Dictionary<(int, DateOnly), ActivityGrid>();
        foreach (var monday in mondays)
        {
            foreach (var (id, built) in await weeks.BuildManyAsync(ids, monday, ct))
            {
                // A week being corrected still counts as it was last sent.
                var report = built.State == WeekState.Reopened && built.Version is { } sent ? await weeks.VersionAsync(id, monday, sent, user, ct) : built;
                if (report.State == WeekState.Approved)
                {
                    published[(id, monday)] = Publication.Publish(report, thresholds[id]);
                    reports[(id, monday)] = report.Grid;
                }
            }
        }

        foreach (var id in ids)
        {
            var rowTotal = 0;
            foreach (var monday in mondays)
            {
                var cell = published.TryGetValue((id, monday), out var week)
                    ? (indicator.Scope == IndicatorScope.Centre ? week.CentreTotal : week.TerritoryWide).Line(indicator.Code).Total
                    : null;
                if (cell?.Hidden == true)
                {
                    forced.Add(values.Count);
                    if (cell.Small)
                    {
                        small.Add(values.Count);
                    }
                }

                // A hidden week still counts in the totals with its true value: the totals are then protected like any other.
                var value = cell is null ? 0 : cell.Hidden ? HiddenValue(id, monday, indicator) : cell.Value ?? 0;
                values.Add(value);
                approved.Add(cell is not null);
                rowTotal += value;
            }

            values.Add(rowTotal);
            approved.Add(true);
        }

        for (var c = 0; c < width; c++)
        {
            var sum = 0;
            for (var r = 0; r < ids.Count; r++)
            {
                sum += values[r * width + c];
            }

            values.Add(sum);
            approved.Add(true);
        }

        var hidden = Suppression.Protect(values, Suppression.TableRelations(ids.Count, mondays.Count),
            indicator.Sensitive ? Enumerable.Range(0, values.Count).ToHashSet() : [], threshold, forced);
        OverviewCell At(int i) => new(hidden[i] ? null : values[i], hidden[i], approved[i],
            hidden[i] && (small.Contains(i) || (!forced.Contains(i) && indicator.Sensitive && values[i] > 0 && values[i] < threshold)));
        var rows = ids.Select((id, r) => new OverviewRow(id, territories[id], Enumerable.Range(0, mondays.Count).Select(c => At(r * width + c)).ToList(), At(r * width + mondays.Count))).ToList();
        var totals = Enumerable.Range(0, mondays.Count).Select(c => At(ids.Count * width + c)).ToList();
        return new AuthorityOverview(indicator.Code, indicator.Label, mondays.Select(IsoWeeks.Label).ToList(), mondays, rows, totals, At(ids.Count * width + mondays.Count), threshold);

        int HiddenValue(int id, DateOnly monday, Indicator i)
        {
            var grid = reports[(id, monday)];
            return (i.Scope == IndicatorScope.Centre ? grid.CentreTotal(i.Code) : grid.TerritoryLine(i.Code)).Total.Value ?? 0;
        }
    }
}
