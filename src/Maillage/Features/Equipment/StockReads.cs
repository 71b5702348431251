using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Equipment;

public sealed record StockRow(
    int DepotId, string Depot, int ItemId, string Item, string Unit, ItemCategory Category,
    int Usable, int Reserved, int Quarantined, int Expired, int ExpiringWithin30Days, int ConsumedLast7Days, double? DaysOfCover, string CoverLabel, int? AlertBelow, bool Low);

/// <summary>An item across the territory's depots. Consumption leaves out transfers: they move stock, they do not use it.</summary>
public sealed record ItemStock(int ItemId, string Item, string Unit, ItemCategory Category, int Usable, int Quarantined, int ConsumedLast7Days, double? DaysOfCover, string CoverLabel, bool Low);

public sealed record StockOverview(int TerritoryId, DateOnly Today, IReadOnlyList<StockRow> Rows, IReadOnlyList<ItemStock> Items, int LotsInQuarantine, int OpenRequests);

public sealed record LotView(
    int Id, int DepotId, string Depot, int ItemId, string Item, string Unit, LotStatus Status, string StatusLabel, int OnHand, DateOnly? ExpiresOn, bool Expired,
    string? LotNumber, string? Condition, OperationKind Source, string SourceLabel, int? DonorId, string? Donor, DateTime ReceivedAtUtc);

public sealed record OperationView(
    int Id, DateTime AtUtc, OperationKind Kind, string KindLabel, int DepotId, string Depot, string? ToDepot, int ItemId, string Item, string Unit, int Quantity,
    int? LotId, int? DonorId, string? Donor, string? DonorCategory, string? Recipient, string? RecipientProfession, string? CollectedBy, int? RequestId, string? Reason, string By, string? Key);

/// <summary>What a donor's receipt shows: the operation, who gave, and the lot as received.</summary>
public sealed record DonationReceipt(
    OperationView Operation, int TerritoryId, string? DonorContact, string DepotAddress, string? Condition, DateOnly? ExpiresOn, string? LotNumber);

public sealed record OperationFilter(DateOnly? From = null, DateOnly? To = null, int? DepotId = null, int? ItemId = null, OperationKind? Kind = null, int? DonorId = null);

/// <summary>What the territory holds, where, for how long, and what happened to it.</summary>
public sealed class StockReads(MaillageDb db, EquipmentCatalogue catalogue, TimeProvider time)
{
    public async Task<StockOverview> OverviewAsync(int territoryId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.MayReadStock(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        var today = French.Today(time);
        var since = time.GetUtcNow().UtcDateTime.AddDays(-DaysOfCover.WindowDays);
        var depots = (await catalogue.DepotsAsync(territoryId, ct)).ToDictionary(d => d.Id);
        var items = (await catalogue.ItemsAsync(territoryId, ct: ct)).ToDictionary(i => i.Id);
        var levels = await db.Set<StockLevel>().AsNoTracking().Where(l => l.TerritoryId == territoryId).ToListAsync(ct);
        var lots = await db.Set<StockLot>().AsNoTracking().Where(l => l.TerritoryId == territoryId && l.OnHand > 0 && l.Status != LotStatus.Rejected).ToListAsync(ct);
        var reserved = (await db.Set<AllocationLine>()
                .Join(db.Set<AllocationRound>().Where(r => r.TerritoryId == territoryId && r.Status == AllocationStatus.Approved), l => l.RoundId, r => r.Id, (l, r) => new { r.DepotId, r.ItemId, Left = l.Approved - l.Collected })
                .Where(x => x.Left > 0).GroupBy(x => new { x.DepotId, x.ItemId }).Select(g => new { g.Key.DepotId, g.Key.ItemId, Left = g.Sum(x => x.Left) }).ToListAsync(ct))
            .ToDictionary(x => (x.DepotId, x.ItemId), x => x.Left);
        var outflows = await db.Set<StockMovement>().AsNoTracking()
            .Where(m => m.TerritoryId == territoryId && m.AtUtc >= since && m.Quantity < 0
                        && (m.Kind == OperationKind.Distribution || m.Kind == OperationKind.Loss || m.Kind == OperationKind.Expiry || m.Kind == OperationKind.Transfer))
            .GroupBy(m => new { m.DepotId, m.ItemId, m.Kind }).Select(g => new { g.Key.DepotId, g.Key.ItemId, g.Key.Kind, Out = -g.Sum(m => m.Quantity) }).ToListAsync(ct);

        var lotsOf = lots.ToLookup(l => (l.DepotId, l.ItemId));
        var rows = new List<StockRow>();
        foreach (var level in levels.Where(l => depots.ContainsKey(l.DepotId) && items.ContainsKey(l.ItemId)))
        {
            var ledger = new StockLedger(today);
            foreach (var l in lotsOf[(level.DepotId, level.ItemId)])
            {
                ledger.Load(new LotState { Id = l.Id, DepotId = l.DepotId, ItemId = l.ItemId, Status = l.Status, ExpiresOn = l.ExpiresOn, OnHand = l.OnHand, Order = l.Id });
            }

            ledger.Reserve(level.DepotId, level.ItemId, reserved.GetValueOrDefault((level.DepotId, level.ItemId)));
            var usable = ledger.Usable(level.DepotId, level.ItemId);
            var consumed = outflows.Where(o => o.DepotId == level.DepotId && o.ItemId == level.ItemId).Sum(o => o.Out);
            var cover = DaysOfCover.Of(usable, consumed);
            var item = items[level.ItemId];
            rows.Add(new StockRow(
                level.DepotId, depots[level.DepotId].Name, level.ItemId, item.Name, item.Unit, item.Category, usable, ledger.Reserved(level.DepotId, level.ItemId),
                ledger.Quarantined(level.DepotId, level.ItemId), ledger.Expired(level.DepotId, level.ItemId),
                lotsOf[(level.DepotId, level.ItemId)].Where(l => l.Status == LotStatus.Available && l.ExpiresOn is { } e && e >= today && e <= today.AddDays(30)).Sum(l => l.OnHand),
                consumed, cover, DaysOfCover.Label(cover), level.AlertBelow, level.AlertBelow is { } min && usable < min));
        }

        var totals = rows.GroupBy(r => r.ItemId).Select(g =>
        {
            var consumed = outflows.Where(o => o.ItemId == g.Key && o.Kind != OperationKind.Transfer && depots.ContainsKey(o.DepotId)).Sum(o => o.Out);
            var usable = g.Sum(r => r.Usable);
            var cover = DaysOfCover.Of(usable, consumed);
            var first = g.First();
            return new ItemStock(g.Key, first.Item, first.Unit, first.Category, usable, g.Sum(r => r.Quarantined), consumed, cover, DaysOfCover.Label(cover), g.Any(r => r.Low));
        }).OrderBy(i => i.Category).ThenBy(i => i.Item, StringComparer.Create(French.Culture, true)).ToList();

        var quarantine = lots.Count(l => l.Status == LotStatus.Quarantine);
        var open = await db.Set<EquipmentRequest>().CountAsync(r => r.TerritoryId == territoryId && r.Status == RequestStatus.Open, ct);
        return new StockOverview(territoryId, today,
            rows.OrderBy(r => r.Depot).ThenBy(r => r.Category).ThenBy(r => r.Item, StringComparer.Create(French.Culture, true)).ToList(), totals, quarantine, open);
    }

    public async Task<IReadOnlyList<LotView>> LotsAsync(int territoryId, int? depotId, int? itemId, LotStatus? status, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.MayHandle(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        var query = db.Set<StockLot>().AsNoTracking().Where(l => l.TerritoryId == territoryId && (l.OnHand > 0 || l.Status == LotStatus.Quarantine));
        if (depotId is { } d)
        {
            query = query.Where(l => l.DepotId == d);
        }

        if (itemId is { } i)
        {
            query = query.Where(l => l.ItemId == i);
        }

        if (status is { } s)
        {
            query = query.Where(l => l.Status == s);
        }

        var lots = await query.OrderBy(l => l.Id).Take(1000).ToListAsync(ct);
        var depots = (await catalogue.DepotsAsync(territoryId, ct)).ToDictionary(x => x.Id, x => x.Name);
        var items = await ItemNamesAsync(territoryId, ct);
        var donorIds = lots.Where(l => l.DonorId != null).Select(l => l.DonorId!.Value).Distinct().ToList();
        var donors = await db.Set<Donor>().AsNoTracking().Where(x => donorIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var today = French.Today(time);
        return lots.Select(l => new LotView(
            l.Id, l.DepotId, depots.GetValueOrDefault(l.DepotId, "?"), l.ItemId, items.GetValueOrDefault(l.ItemId).Name ?? "?", items.GetValueOrDefault(l.ItemId).Unit ?? "",
            l.Status, EquipmentLabels.Of(l.Status), l.OnHand, l.ExpiresOn, l.ExpiresOn is { } e && e < today, l.LotNumber, l.Condition, l.Source, EquipmentLabels.Of(l.Source),
            l.DonorId, l.DonorId is { } id ? donors.GetValueOrDefault(id) : null, l.ReceivedAtUtc)).ToList();
    }

    public async Task<Page<OperationView>> OperationsAsync(int territoryId, OperationFilter filter, int? page, int? size, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.MayHandle(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        var (p, s) = Paging.Normalize(page, size);
        var query = Filtered(territoryId, filter);
        var total = await query.CountAsync(ct);
        var ops = await query.OrderByDescending(o => o.Id).Skip((p - 1) * s).Take(s).ToListAsync(ct);
        return new Page<OperationView>(await ViewsAsync(territoryId, ops, ct), p, s, total);
    }

    /// <summary>One recorded donation, for its receipt; another territory's, or another kind of operation, reads as not found.</summary>
    public async Task<DonationReceipt> DonationReceiptAsync(int operationId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.MayHandle(user));
        var op = await db.Set<StockOperation>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == operationId && o.Kind == OperationKind.Donation, ct)
                 ?? throw DomainException.NotFound("Don introuvable.");
        await catalogue.ScopeAsync(user, op.TerritoryId, ct);
        var view = (await ViewsAsync(op.TerritoryId, [op], ct))[0];
        var lot = await db.Set<StockLot>().AsNoTracking().Where(l => l.ReceivedByOperationId == op.Id).OrderBy(l => l.Id).FirstOrDefaultAsync(ct);
        var donor = op.DonorId is { } d ? await db.Set<Donor>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == d, ct) : null;
        var depot = (await catalogue.DepotsAsync(op.TerritoryId, ct)).FirstOrDefault(x => x.Id == op.DepotId);
        return new DonationReceipt(view, op.TerritoryId, donor?.Contact, depot?.Address ?? "", lot?.Condition, lot?.ExpiresOn, lot?.LotNumber);
    }

    /// <summary>Every operation matching the filter, oldest first, as CSV (semicolons, UTF-8 with BOM: opens in a French spreadsheet).</summary>
    public async Task<byte[]> OperationsCsvAsync(int territoryId, OperationFilter filter, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.MayHandle(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        var ops = await Filtered(territoryId, filter).OrderBy(o => o.Id).Take(200_000).ToListAsync(ct);
        var views = await ViewsAsync(territoryId, ops, ct);
        return Csv.Write(
            ["operation", "date", "type", "depot", "depot_destination", "article", "unite", "quantite", "lot", "donateur", "categorie_donateur", "beneficiaire", "profession", "retire_par", "demande", "motif", "saisi_par", "cle"],
            views.Select(v => new object?[]
            {
                v.Id, French.DateTime(v.AtUtc), v.KindLabel, v.Depot, v.ToDepot, v.Item, v.Unit, v.Quantity, v.LotId, v.Donor, v.DonorCategory, v.Recipient,
                v.RecipientProfession is null ? null : Professions.Label(v.RecipientProfession), v.CollectedBy, v.RequestId, v.Reason, v.By, v.Key,
            }));
    }

    public async Task SetAlertAsync(int territoryId, int depotId, int itemId, int? alertBelow, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.IsCoordinator(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        await catalogue.DepotAsync(territoryId, depotId, ct);
        var item = await catalogue.ItemAsync(territoryId, itemId, ct);
        if (item.Lendable)
        {
            throw DomainException.Invalid("Les équipements prêtés à l'unité n'ont pas de seuil de stock.", "itemId");
        }

        if (alertBelow is < 0 or > StockLedger.MaxQuantity)
        {
            throw DomainException.Invalid("Le seuil d'alerte est un nombre entier positif, ou vide pour aucun.", "alertBelow");
        }

        var level = await db.Set<StockLevel>().FirstOrDefaultAsync(l => l.DepotId == depotId && l.ItemId == itemId, ct);
        if (level is null)
        {
            db.Add(new StockLevel { DepotId = depotId, ItemId = itemId, TerritoryId = territoryId, AlertBelow = alertBelow });
        }
        else
        {
            level.AlertBelow = alertBelow;
        }

        await db.SaveChangesAsync(ct);
    }

    private IQueryable<StockOperation> Filtered(int territoryId, OperationFilter f)
    {
        var query = db.Set<StockOperation>().AsNoTracking().Where(o => o.TerritoryId == territoryId);
        if (f.From is { } from)
        {
            var start = French.ToUtc(from.ToDateTime(TimeOnly.MinValue));
            query = query.Where(o => o.AtUtc >= start);
        }

        if (f.To is { } to)
        {
            var end = French.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue));
            query = query.Where(o => o.AtUtc < end);
        }

        if (f.DepotId is { } d)
        {
            query = query.Where(o => o.DepotId == d || o.ToDepotId == d);
        }

        if (f.ItemId is { } i)
        {
            query = query.Where(o => o.ItemId == i);
        }

        if (f.Kind is { } k)
        {
            query = query.Where(o => o.Kind == k);
        }

        if (f.DonorId is { } donor)
        {
            query = query.Where(o => o.DonorId == donor);
        }

        return query;
    }

    private async Task<Dictionary<int, (string Name, string Unit)>> ItemNamesAsync(int territoryId, CancellationToken ct) =>
        await db.Set<EquipmentItem>().AsNoTracking().Where(i => i.TerritoryId == null || i.TerritoryId == territoryId).ToDictionaryAsync(i => i.Id, i => (i.Name, i.Unit), ct);

    private async Task<IReadOnlyList<OperationView>> ViewsAsync(int territoryId, IReadOnlyList<StockOperation> ops, CancellationToken ct)
    {
        var depots = (await catalogue.DepotsAsync(territoryId, ct)).ToDictionary(x => x.Id, x => x.Name);
        var items = await ItemNamesAsync(territoryId, ct);
        var donorIds = ops.Where(o => o.DonorId != null).Select(o => o.DonorId!.Value).Distinct().ToList();
        var donors = await db.Set<Donor>().AsNoTracking().Where(x => donorIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct);
        return ops.Select(o => new OperationView(
            o.Id, o.AtUtc, o.Kind, EquipmentLabels.Of(o.Kind), o.DepotId, depots.GetValueOrDefault(o.DepotId, "?"), o.ToDepotId is { } to ? depots.GetValueOrDefault(to, "?") : null,
            o.ItemId, items.GetValueOrDefault(o.ItemId).Name ?? "?", items.GetValueOrDefault(o.ItemId).Unit ?? "", o.Quantity, o.LotId,
            o.DonorId, o.DonorId is { } d ? donors.GetValueOrDefault(d)?.Name : null, o.DonorId is { } c && donors.TryGetValue(c, out var donor) ? EquipmentLabels.Of(donor.Category) : null,
            o.RecipientLabel, o.RecipientProfession, o.CollectedBy, o.RequestId, o.Reason, o.ByName, o.Key)).ToList();
    }
}
