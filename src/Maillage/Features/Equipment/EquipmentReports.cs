using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Equipment;

public sealed record KindTotal(OperationKind Kind, string Label, int Operations, int Units);

public sealed record ItemFlow(int ItemId, string Item, string Unit, int Received, int Distributed, int Lost, int InStockNow);

public sealed record LabelTotal(string Label, int Operations, int Units);

/// <summary>One day of one item across the territory: what came in, what went out, and the stock held at the end of the day (quarantine included).</summary>
public sealed record DayFlow(DateOnly Day, int In, int Out, int Closing);

public sealed record FlowReport(
    DateOnly From, DateOnly To, int? ItemId, string? Item, string? Unit,
    IReadOnlyList<KindTotal> ByKind, IReadOnlyList<ItemFlow> ByItem, IReadOnlyList<LabelTotal> ByDonorCategory, IReadOnlyList<LabelTotal> ByProfession, IReadOnlyList<DayFlow> Days);

/// <summary>
/// Movements over a period: by kind, by item, received by donor category, handed out by receiving
/// profession, and for one item the daily flows and stock. Figures only, never a donor's or a
/// professional's name: authorities read it too.
/// </summary>
public sealed class EquipmentReports(MaillageDb db, EquipmentCatalogue catalogue, TimeProvider time)
{
    public const int MaxDays = 366;

    private static readonly OperationKind[] Incoming = [OperationKind.Donation, OperationKind.StateAllocation];
    // A quality release can refuse part of a lot: its negative line is a loss too.
    private static readonly OperationKind[] Lost = [OperationKind.Loss, OperationKind.Expiry, OperationKind.QualityRejection, OperationKind.QualityRelease];

    public async Task<FlowReport> ExecuteAsync(int territoryId, DateOnly? from, DateOnly? to, int? itemId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.MayReadStock(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        var end = to ?? French.Today(time);
        var start = from ?? end.AddDays(-29);
        if (start > end)
        {
            throw DomainException.Invalid("La date de début doit précéder la date de fin.", "from");
        }

        if (end.DayNumber - start.DayNumber + 1 > MaxDays)
        {
            throw DomainException.Invalid($"Période trop longue : {MaxDays} jours au plus.", "from");
        }

        var items = (await catalogue.ItemsAsync(territoryId, ct: ct)).ToDictionary(i => i.Id);
        ItemView? item = null;
        if (itemId is { } id && !items.TryGetValue(id, out item))
        {
            throw DomainException.Invalid("Article inconnu du catalogue de ce territoire.", "itemId");
        }

        var startUtc = French.ToUtc(start.ToDateTime(TimeOnly.MinValue));
        var endUtc = French.ToUtc(end.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var ops = db.Set<StockOperation>().AsNoTracking().Where(o => o.TerritoryId == territoryId && o.AtUtc >= startUtc && o.AtUtc < endUtc);
        if (itemId is { } only)
        {
            ops = ops.Where(o => o.ItemId == only);
        }

        var grouped = await ops.GroupBy(o => new { o.Kind, o.ItemId, o.DonorId, o.RecipientProfession })
            .Select(g => new { g.Key.Kind, g.Key.ItemId, g.Key.DonorId, g.Key.RecipientProfession, Count = g.Count(), Units = g.Sum(o => o.Quantity) })
            .ToListAsync(ct);

        var byKind = grouped.GroupBy(g => g.Kind).OrderBy(g => g.Key)
            .Select(g => new KindTotal(g.Key, EquipmentLabels.Of(g.Key), g.Sum(x => x.Count), g.Sum(x => x.Units))).ToList();

        var stockNow = (await db.Set<StockLot>().AsNoTracking().Where(l => l.TerritoryId == territoryId && l.OnHand > 0 && l.Status != LotStatus.Rejected)
                .GroupBy(l => l.ItemId).Select(g => new { g.Key, Units = g.Sum(l => l.OnHand) }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Units);
        var lostLines = db.Set<StockMovement>().Where(m => m.TerritoryId == territoryId && m.AtUtc >= startUtc && m.AtUtc < endUtc && m.Quantity < 0 && Lost.Contains(m.Kind));
        if (itemId is { } lostItem)
        {
            lostLines = lostLines.Where(m => m.ItemId == lostItem);
        }

        var lost = (await lostLines.GroupBy(m => m.ItemId).Select(g => new { g.Key, Units = -g.Sum(m => m.Quantity) }).ToListAsync(ct)).ToDictionary(x => x.Key, x => x.Units);
        var byItem = grouped.Select(g => g.ItemId).Concat(stockNow.Keys).Distinct().Where(items.ContainsKey).Where(i => itemId is null || i == itemId)
            .Select(i => new ItemFlow(i, items[i].Name, items[i].Unit,
                grouped.Where(g => g.ItemId == i && Incoming.Contains(g.Kind)).Sum(g => g.Units),
                grouped.Where(g => g.ItemId == i && g.Kind == OperationKind.Distribution).Sum(g => g.Units),
                lost.GetValueOrDefault(i),
                stockNow.GetValueOrDefault(i)))
            .OrderBy(f => items[f.ItemId].Category).ThenBy(f => f.Item, StringComparer.Create(French.Culture, true)).ToList();

        var donorIds = grouped.Where(g => g.DonorId != null).Select(g => g.DonorId!.Value).Distinct().ToList();
        var donorCategories = await db.Set<Donor>().AsNoTracking().Where(d => donorIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Category, ct);
        var received = grouped.Where(g => g.Kind == OperationKind.Donation)
            .GroupBy(g => g.DonorId is { } d && donorCategories.TryGetValue(d, out var c) ? EquipmentLabels.Of(c) : EquipmentLabels.Of(DonorCategory.Other))
            .Select(g => new LabelTotal(g.Key, g.Sum(x => x.Count), g.Sum(x => x.Units)))
            .Concat(grouped.Where(g => g.Kind == OperationKind.StateAllocation).GroupBy(_ => "Dotation de l'État").Select(g => new LabelTotal(g.Key, g.Sum(x => x.Count), g.Sum(x => x.Units))))
            .OrderByDescending(t => t.Units).ToList();
        var byProfession = grouped.Where(g => g.Kind == OperationKind.Distribution)
            .GroupBy(g => g.RecipientProfession is { } p ? Professions.Label(p) : "Structure ou autre bénéficiaire")
            .Select(g => new LabelTotal(g.Key, g.Sum(x => x.Count), g.Sum(x => x.Units))).OrderByDescending(t => t.Units).ToList();

        var days = itemId is { } single ? await DaysAsync(territoryId, single, start, end, startUtc, endUtc, ct) : [];
        return new FlowReport(start, end, itemId, item?.Name, item?.Unit, byKind, byItem, received, byProfession, days);
    }

    /// <summary>The report's tables as one CSV: a "section" column says which table a line belongs to.</summary>
    public static byte[] Csv(FlowReport r) => Infrastructure.Csv.Write(
        ["section", "libelle", "operations", "unites", "recu", "remis", "perdu", "en_stock", "date"],
        r.ByKind.Select(k => new object?[] { "par type", k.Label, k.Operations, k.Units, null, null, null, null, null })
            .Concat(r.ByItem.Select(i => new object?[] { "par article", $"{i.Item} ({i.Unit})", null, null, i.Received, i.Distributed, i.Lost, i.InStockNow, null }))
            .Concat(r.ByDonorCategory.Select(d => new object?[] { "reçu par origine", d.Label, d.Operations, d.Units, null, null, null, null, null }))
            .Concat(r.ByProfession.Select(p => new object?[] { "remis par profession", p.Label, p.Operations, p.Units, null, null, null, null, null }))
            .Concat(r.Days.Select(d => new object?[] { "par jour", r.Item, null, null, d.In, d.Out, null, d.Closing, d.Day.ToString("yyyy-MM-dd") })));

    private async Task<IReadOnlyList<DayFlow>> DaysAsync(int territoryId, int itemId, DateOnly start, DateOnly end, DateTime startUtc, DateTime endUtc, CancellationToken ct)
    {
        // Transfers cancel out across the territory; every other line changes what it holds.
        var opening = await db.Set<StockMovement>().Where(m => m.TerritoryId == territoryId && m.ItemId == itemId && m.AtUtc < startUtc).SumAsync(m => m.Quantity, ct);
        var lines = await db.Set<StockMovement>().AsNoTracking()
            .Where(m => m.TerritoryId == territoryId && m.ItemId == itemId && m.AtUtc >= startUtc && m.AtUtc < endUtc && m.Kind != OperationKind.Transfer && m.Quantity != 0)
            .Select(m => new { m.AtUtc, m.Quantity }).ToListAsync(ct);
        var byDay = lines.GroupBy(l => French.DateOf(l.AtUtc)).ToDictionary(g => g.Key, g => (In: g.Where(l => l.Quantity > 0).Sum(l => l.Quantity), Out: -g.Where(l => l.Quantity < 0).Sum(l => l.Quantity)));
        var result = new List<DayFlow>();
        var closing = opening;
        for (var day = start; day <= end; day = day.AddDays(1))
        {
            var (inflow, outflow) = byDay.GetValueOrDefault(day);
            closing += inflow - outflow;
            result.Add(new DayFlow(day, inflow, outflow, closing));
        }

        return result;
    }
}
