using System.Security.Claims;
using System.Text.Json;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Reporting;

/// <summary>A territory's reporting settings as read and written. Rates are in euro cents per unit.</summary>
public sealed record ReportingSettingsView(int TerritoryId, int SuppressionThreshold, IReadOnlyDictionary<string, int> FundingRates, int Version, DateTime? UpdatedAtUtc, string? UpdatedBy);

public sealed record SettingsRequest(int SuppressionThreshold, IReadOnlyDictionary<string, int>? FundingRates, int Version);

/// <summary>The small-count threshold and the funding rates of a territory, with defaults until a coordinator sets them.</summary>
public sealed class ReportingSettingsStore(MaillageDb db, WeeklyReports weeks, AuditLog audit, TimeProvider time)
{
    public const int MinThreshold = 2;
    public const int MaxThreshold = 20;

    /// <summary>Activity a centre can claim for: counted acts, per unit.</summary>
    public static IEnumerable<Indicator> Fundable => Indicators.All.Where(i => i.Scope == IndicatorScope.Centre && i.Kind == IndicatorKind.Sum && i.Sensitive);

    public async Task<ReportingSettingsView> GetAsync(int territoryId, CancellationToken ct = default)
    {
        var row = await db.Set<ReportingSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.TerritoryId == territoryId, ct);
        return row is null
            ? new ReportingSettingsView(territoryId, Suppression.DefaultThreshold, new Dictionary<string, int>(), 0, null, null)
            : new ReportingSettingsView(territoryId, row.SuppressionThreshold, JsonSerializer.Deserialize<Dictionary<string, int>>(row.FundingRates) ?? [], row.Version, row.UpdatedAtUtc, row.UpdatedBy);
    }

    /// <summary>The small-count threshold of several territories in one read, the default where none was set.</summary>
    public async Task<IReadOnlyDictionary<int, int>> ThresholdsAsync(IReadOnlyCollection<int> territoryIds, CancellationToken ct = default)
    {
        var ids = territoryIds.ToList();
        var set = await db.Set<ReportingSettings>().AsNoTracking().Where(s => ids.Contains(s.TerritoryId)).ToDictionaryAsync(s => s.TerritoryId, s => s.SuppressionThreshold, ct);
        return ids.Distinct().ToDictionary(id => id, id => set.GetValueOrDefault(id, Suppression.DefaultThreshold));
    }

    public async Task<ReportingSettingsView> GetAsync(int territoryId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ReportingAccess.Require(ReportingAccess.MayApprove(user));
        await weeks.ScopeAsync(user, territoryId, ct);
        return await GetAsync(territoryId, ct);
    }

    public async Task<ReportingSettingsView> SaveAsync(int territoryId, SettingsRequest request, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ReportingAccess.Require(ReportingAccess.MayApprove(user));
        await weeks.ScopeAsync(user, territoryId, ct);
        return await SaveAsync(territoryId, request, Actor.From(user), Actor.NameOf(user), ct);
    }

    public async Task<ReportingSettingsView> SaveAsync(int territoryId, SettingsRequest request, Actor actor, string byName, CancellationToken ct = default)
    {
        if (request.SuppressionThreshold is < MinThreshold or > MaxThreshold)
        {
            throw DomainException.Invalid($"Seuil de secret statistique : entre {MinThreshold} et {MaxThreshold}.", "suppressionThreshold");
        }

        var rates = new Dictionary<string, int>();
        foreach (var (code, cents) in request.FundingRates ?? new Dictionary<string, int>())
        {
            var indicator = Indicators.Find(code);
            if (indicator is null || !Fundable.Contains(indicator))
            {
                throw DomainException.Invalid($"Pas de tarif possible pour « {code} » : seulement {string.Join(", ", Fundable.Select(i => i.Code))}.", "fundingRates");
            }

            if (cents is < 0 or > 10_000_000)
            {
                throw DomainException.Invalid($"Tarif de « {indicator.Label} » : entre 0 et 100 000 €.", "fundingRates");
            }

            rates[indicator.Code] = cents;
        }

        var row = await db.Set<ReportingSettings>().FirstOrDefaultAsync(s => s.TerritoryId == territoryId, ct);
        if ((row?.Version ?? 0) != request.Version)
        {
            throw DomainException.Conflict("Les réglages ont été modifiés entre-temps : rechargez la page.", "version");
        }

        if (row is null)
        {
            row = new ReportingSettings { TerritoryId = territoryId, FundingRates = "{}", UpdatedBy = byName };
            db.Add(row);
        }

        row.SuppressionThreshold = request.SuppressionThreshold;
        row.FundingRates = JsonSerializer.Serialize(rates);
        row.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        row.UpdatedBy = byName;
        row.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw DomainException.Conflict("Les réglages ont été modifiés entre-temps : rechargez la page.", "version");
        }

        await audit.RecordAsync(actor, "reporting.settings.changed", $"territory:{territoryId}", $"seuil {row.SuppressionThreshold}; tarifs {row.FundingRates}", ct);
        return await GetAsync(territoryId, ct);
    }
}

public sealed record FundingLine(string Indicator, string Label, int Quantity, int RateCents, long AmountCents);

public sealed record FundingWeek(string Week, DateOnly Monday, WeekState State, int? Version);

public sealed record CentreFunding(int CentreId, string Centre, IReadOnlyList<FundingLine> Lines, long TotalCents, IReadOnlyList<(string Week, FundingLine Line)> ByWeek);

/// <summary>What each centre can claim over some weeks, at the territory's rates. Approved weeks count as approved; others as they stand, flagged.</summary>
public sealed record FundingReport(int TerritoryId, string FromWeek, string ToWeek, IReadOnlyList<FundingWeek> Weeks, IReadOnlyList<CentreFunding> Centres, long TotalCents, bool RatesSet)
{
    public IReadOnlyList<FundingWeek> Unapproved => Weeks.Where(w => w.State != WeekState.Approved).ToList();
}

/// <summary>Funding estimates from the weekly figures.</summary>
public sealed class FundingEstimates(WeeklyReports weeks, ReportingSettingsStore settings)
{
    public const int MaxWeeks = 53;

    public async Task<FundingReport> ExecuteAsync(int territoryId, DateOnly fromMonday, DateOnly toMonday, int? centreId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ReportingAccess.Require(ReportingAccess.MayApprove(user));
        await weeks.ScopeAsync(user, territoryId, ct);
        fromMonday = IsoWeeks.Monday(fromMonday);
        toMonday = IsoWeeks.Monday(toMonday);
        if (toMonday < fromMonday)
        {
            throw DomainException.Invalid("La dernière semaine précède la première.", "to");
        }

        if ((toMonday.DayNumber - fromMonday.DayNumber) / 7 + 1 > MaxWeeks)
        {
            throw DomainException.Invalid($"Au plus {MaxWeeks} semaines à la fois.", "to");
        }

        var rates = (await settings.GetAsync(territoryId, ct)).FundingRates;
        var fundable = ReportingSettingsStore.Fundable.ToList();
        var weekList = new List<FundingWeek>();
        var perCentre = new Dictionary<int, (string Name, Dictionary<string, int> Totals, List<(string, FundingLine)> ByWeek)>();
        for (var monday = fromMonday; monday <= toMonday; monday = monday.AddDays(7))
        {
            var report = await weeks.BuildAsync(territoryId, monday, ct);
            weekList.Add(new FundingWeek(report.Week, monday, report.State, report.Version));
            foreach (var centre in report.Grid.Centres.Where(c => centreId == null || c.CentreId == centreId))
            {
                if (!perCentre.TryGetValue(centre.CentreId, out var acc))
                {
                    acc = perCentre[centre.CentreId] = (centre.Name, [], []);
                }

                foreach (var indicator in fundable)
                {
                    var quantity = centre.Line(indicator.Code).Total.Value ?? 0;
                    acc.Totals[indicator.Code] = acc.Totals.GetValueOrDefault(indicator.Code) + quantity;
                    var rate = rates.GetValueOrDefault(indicator.Code);
                    acc.ByWeek.Add((report.Week, new FundingLine(indicator.Code, indicator.Label, quantity, rate, (long)quantity * rate)));
                }
            }
        }

        if (centreId is { } only && !perCentre.ContainsKey(only))
        {
            throw DomainException.NotFound("Centre introuvable dans ce territoire.", "centreId");
        }

        var centres = perCentre.Select(kv =>
        {
            var lines = fundable.Select(i => new FundingLine(i.Code, i.Label, kv.Value.Totals.GetValueOrDefault(i.Code), rates.GetValueOrDefault(i.Code), (long)kv.Value.Totals.GetValueOrDefault(i.Code) * rates.GetValueOrDefault(i.Code))).ToList();
            return new CentreFunding(kv.Key, kv.Value.Name, lines, lines.Sum(l => l.AmountCents), kv.Value.ByWeek);
        }).OrderBy(c => c.Centre, StringComparer.Create(French.Culture, true)).ToList();
        return new FundingReport(territoryId, IsoWeeks.Label(fromMonday), IsoWeeks.Label(toMonday), weekList, centres, centres.Sum(c => c.TotalCents), rates.Values.Any(r => r > 0));
    }

    /// <summary>The funding file: one line per centre, week and activity, with the rate and the amount in euros.</summary>
    public static byte[] Csv(FundingReport report)
    {
        var states = report.Weeks.ToDictionary(w => w.Week, w => w.State == WeekState.Approved ? $"approuvée v{w.Version}" : "non approuvée");
        return Infrastructure.Csv.Write(
            ["centre", "semaine", "etat_semaine", "activite", "libelle", "quantite", "tarif_eur", "montant_eur"],
            report.Centres.SelectMany(c => c.ByWeek.Select(w => (IEnumerable<object?>)[
                c.Centre, w.Week, states[w.Week], w.Line.Indicator, w.Line.Label, w.Line.Quantity, Euros(w.Line.RateCents), Euros(w.Line.AmountCents)]))
                .Concat(report.Centres.Select(c => (IEnumerable<object?>)[c.Centre, $"{report.FromWeek}..{report.ToWeek}", "", "total", "Total du centre", "", "", Euros(c.TotalCents)])));
    }

    public static string Euros(long cents) => (cents / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
