using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Equipment;

/// <summary>
/// One act on the stock, as the API, the pages and the ledger replay send it. Which fields are needed
/// depends on <see cref="Kind"/>; <see cref="Key"/> makes a retried request record once.
/// </summary>
public sealed record OperationRequest(
    OperationKind Kind,
    int DepotId,
    int ItemId,
    int? Quantity = null,
    int? ToDepotId = null,
    int? LotId = null,
    int? DonorId = null,
    DateOnly? ExpiresOn = null,
    string? LotNumber = null,
    string? Condition = null,
    int? RecipientProfessionalId = null,
    string? RecipientName = null,
    string? CollectedBy = null,
    int? RequestId = null,
    string? Reason = null,
    int? CountedQuantity = null,
    int? RejectedQuantity = null,
    string? Key = null);

public sealed record OperationLineView(int LotId, int DepotId, int Quantity);

/// <summary>What was recorded, and the stock it left. <see cref="Replayed"/>: the key had already been recorded; nothing new was.</summary>
public sealed record OperationResult(int Id, OperationKind Kind, bool Replayed, int Quantity, IReadOnlyList<OperationLineView> Lines, int Usable, int Quarantined);

/// <summary>
/// Records one operation and its ledger lines. Every operation on a depot's item first takes that stock's
/// lock (<see cref="StockLevel"/>), then reads the lots and asks <see cref="StockLedger"/>; so concurrent
/// distributions run one after the other and never spend the same units. A key already recorded returns
/// the first operation, whatever the timing, because the database refuses the same key twice.
/// </summary>
public sealed class RecordOperation(MaillageDb db, EquipmentCatalogue catalogue, LoadProfessionalFacts professionals, TimeProvider time)
{
    public async Task<OperationResult> ExecuteAsync(int territoryId, OperationRequest request, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(request.Kind is OperationKind.Correction ? EquipmentAccess.IsCoordinator(user) || user.IsInRole(Roles.Depot) : EquipmentAccess.MayHandle(user));
        var scope = await catalogue.ScopeAsync(user, territoryId, ct);
        var key = Key(request.Key);
        if (key is not null && await ReplayAsync(territoryId, key, request.Kind, ct) is { } done)
        {
            return done;
        }

        var plan = await PlanAsync(territoryId, request, scope, ct);
        return await RecordAsync(territoryId, plan, key, Actor(user), ct);
    }

    /// <summary>Hands out what an approved allocation line reserved, to whoever collects it.</summary>
    public async Task<OperationResult> PickUpAsync(int territoryId, int lineId, int? quantity, string? collectedBy, string? key, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.MayHandle(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        var normalisedKey = Key(key);
        if (normalisedKey is not null && await ReplayAsync(territoryId, normalisedKey, OperationKind.Distribution, ct) is { } done)
        {
            return done;
        }

        var line = await db.Set<AllocationLine>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == lineId, ct)
                   ?? throw DomainException.NotFound("Ligne d'attribution introuvable.");
        var round = await db.Set<AllocationRound>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == line.RoundId && r.TerritoryId == territoryId, ct)
                    ?? throw DomainException.NotFound("Ligne d'attribution introuvable.");
        if (round.Status != AllocationStatus.Approved)
        {
            throw DomainException.Conflict("Cette attribution n'est pas approuvée : rien n'est encore à remettre.");
        }

        var request = await db.Set<EquipmentRequest>().AsNoTracking().FirstAsync(r => r.Id == line.RequestId, ct);
        var left = line.Approved - line.Collected;
        var take = quantity ?? left;
        if (left <= 0)
        {
            throw DomainException.Conflict($"Tout ce qui était attribué à {request.RequesterLabel} a déjà été remis.");
        }

        if (take <= 0 || take > left)
        {
            throw DomainException.Invalid($"Il reste {left} à remettre sur cette attribution.", "quantity");
        }

        var names = await NamesAsync(territoryId, round.DepotId, round.ItemId, ct);
        var plan = new Plan(
            OperationKind.Distribution, round.DepotId, round.ItemId, take, names,
            new StockOperation
            {
                TerritoryId = territoryId, Kind = OperationKind.Distribution, DepotId = round.DepotId, ItemId = round.ItemId, Quantity = take,
                RecipientProfessionalId = request.ProfessionalId, RecipientStructureId = request.StructureId, RecipientLabel = request.RequesterLabel,
                RecipientProfession = request.Profession, RequestId = request.Id, AllocationLineId = line.Id,
                CollectedBy = DirectoryRules.Required(collectedBy, "Le nom de la personne qui retire", "collectedBy", 120),
                ByUserId = "", ByName = "",
            },
            (ledger, _) => ledger.TakeOut(round.DepotId, round.ItemId, take, names, reservedForThis: take));
        return await RecordAsync(territoryId, plan, normalisedKey, Actor(user), ct);
    }

    private static (string Id, string Name) Actor(ClaimsPrincipal user) => (user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "?", EquipmentAccess.NameOf(user));

    private static string? Key(string? key)
    {
        var k = key?.Trim();
        return string.IsNullOrEmpty(k) ? null : k.Length <= 100 ? k : throw DomainException.Invalid("La clé d'idempotence fait au plus 100 caractères.", "key");
    }

    private async Task<OperationResult?> ReplayAsync(int territoryId, string key, OperationKind kind, CancellationToken ct)
    {
        var existing = await db.Set<StockOperation>().AsNoTracking().FirstOrDefaultAsync(o => o.TerritoryId == territoryId && o.Key == key, ct);
        if (existing is null)
        {
            return null;
        }

        if (existing.Kind != kind && !(kind == OperationKind.QualityRelease && existing.Kind == OperationKind.QualityRejection))
        {
            throw DomainException.Conflict($"La clé « {key} » a déjà servi pour une autre opération (n° {existing.Id}, {EquipmentLabels.Of(existing.Kind).ToLowerInvariant()}).", "key");
        }

        var lines = await db.Set<StockMovement>().AsNoTracking().Where(m => m.OperationId == existing.Id).OrderBy(m => m.Id)
            .Select(m => new OperationLineView(m.LotId, m.DepotId, m.Quantity)).ToListAsync(ct);
        var (usable, quarantined) = await LevelAsync(existing.DepotId, existing.ItemId, ct);
        return new OperationResult(existing.Id, existing.Kind, true, existing.Quantity, lines, usable, quarantined);
    }

    private sealed record Plan(
        OperationKind Kind, int DepotId, int ItemId, int Quantity, StockNames Names, StockOperation Operation,
        Func<StockLedger, IReadOnlyDictionary<int, LotState>, IReadOnlyList<LedgerLine>> Apply, int? ToDepotId = null, int? LotId = null);

    private async Task<StockNames> NamesAsync(int territoryId, int depotId, int itemId, CancellationToken ct)
    {
        var depot = await catalogue.DepotAsync(territoryId, depotId, ct);
        var item = await catalogue.ItemAsync(territoryId, itemId, ct);
        if (item.Lendable)
        {
            throw DomainException.Invalid($"« {item.Name} » se prête à l'unité : enregistrez-le dans les prêts, pas dans le stock.", "itemId");
        }

        return new StockNames(item.Name, item.Unit, depot.Name);
    }

    /// <summary>Checks the request against what does not depend on the stock, and says what the ledger will be asked.</summary>
    private async Task<Plan> PlanAsync(int territoryId, OperationRequest r, UserScope scope, CancellationToken ct)
    {
        if (!Enum.IsDefined(r.Kind))
        {
            throw DomainException.Invalid("Type d'opération inconnu.", "kind");
        }

        var names = await NamesAsync(territoryId, r.DepotId, r.ItemId, ct);
        int Quantity()
        {
            var q = r.Quantity ?? throw DomainException.Invalid("Indiquez la quantité.", "quantity");
            StockLedger.CheckQuantity(q);
            return q;
        }

        string Reason(string what) => DirectoryRules.Required(r.Reason, what, "reason", 500);
        var op = new StockOperation
        {
            TerritoryId = territoryId, Kind = r.Kind, DepotId = r.DepotId, ItemId = r.ItemId, Reason = DirectoryRules.Optional(r.Reason, "Le motif", "reason", 500),
            ByUserId = "", ByName = "",
        };
        switch (r.Kind)
        {
            case OperationKind.Donation:
            case OperationKind.StateAllocation:
            {
                var q = op.Quantity = Quantity();
                if (r.Kind == OperationKind.Donation)
                {
                    op.DonorId = (await catalogue.DonorAsync(territoryId, r.DonorId ?? throw DomainException.Invalid("Indiquez le donateur.", "donorId"), ct)).Id;
                }

                var lotNumber = DirectoryRules.Optional(r.LotNumber, "Le numéro de lot", "lotNumber", 60);
                var condition = DirectoryRules.Optional(r.Condition, "L'état", "condition", 200);
                return new Plan(r.Kind, r.DepotId, r.ItemId, q, names, op,
                    (ledger, _) => ledger.Receive(r.Kind, r.DepotId, r.ItemId, q, r.ExpiresOn, lotNumber, condition, op.DonorId));
            }

            case OperationKind.Transfer:
            {
                var q = op.Quantity = Quantity();
                var to = await catalogue.DepotAsync(territoryId, r.ToDepotId ?? throw DomainException.Invalid("Indiquez le dépôt de destination.", "toDepotId"), ct, "toDepotId");
                op.ToDepotId = to.Id;
                return new Plan(r.Kind, r.DepotId, r.ItemId, q, names, op, (ledger, _) => ledger.Transfer(r.DepotId, to.Id, r.ItemId, q, names), ToDepotId: to.Id);
            }

            case OperationKind.Distribution:
            {
                var q = op.Quantity = Quantity();
                if (r.RecipientProfessionalId is { } pid)
                {
                    var facts = (await professionals.ExecuteAsync([pid], scope, ct)).GetValueOrDefault(pid);
                    if (facts is null || facts.TerritoryId != territoryId)
                    {
                        throw DomainException.Invalid("Professionnel inconnu de l'annuaire de ce territoire.", "recipientProfessionalId");
                    }

                    (op.RecipientProfessionalId, op.RecipientLabel, op.RecipientProfession) = (pid, facts.Name, facts.Profession);
                }
                else
                {
                    op.RecipientLabel = DirectoryRules.Required(r.RecipientName, "Le bénéficiaire (professionnel de l'annuaire ou structure)", "recipientName", 200);
                }

                if (r.RequestId is { } requestId)
                {
                    var request = await db.Set<EquipmentRequest>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == requestId && x.TerritoryId == territoryId, ct)
                                  ?? throw DomainException.Invalid("Demande inconnue sur ce territoire.", "requestId");
                    if (request.ItemId != r.ItemId)
                    {
                        throw DomainException.Invalid("Cette demande porte sur un autre article.", "requestId");
                    }

                    if (request.Status is not (RequestStatus.Open or RequestStatus.Allocated))
                    {
                        throw DomainException.Conflict($"Cette demande est {EquipmentLabels.Of(request.Status).ToLowerInvariant()}.", "requestId");
                    }

                    op.RequestId = requestId;
                    (op.RecipientProfessionalId, op.RecipientStructureId, op.RecipientLabel, op.RecipientProfession) =
                        (request.ProfessionalId, request.StructureId, request.RequesterLabel, request.Profession);
                }

                op.CollectedBy = DirectoryRules.Required(r.CollectedBy, "Le nom de la personne qui retire", "collectedBy", 120);
                return new Plan(r.Kind, r.DepotId, r.ItemId, q, names, op, (ledger, _) => ledger.TakeOut(r.DepotId, r.ItemId, q, names));
            }

            case OperationKind.Loss:
            {
                var q = op.Quantity = Quantity();
                op.Reason = Reason("Le motif de la perte");
                op.LotId = r.LotId;
                return new Plan(r.Kind, r.DepotId, r.ItemId, q, names, op,
                    (ledger, lots) => r.LotId is { } lotId ? ledger.LoseFromLot(Lot(lots, lotId), q, names) : ledger.TakeOut(r.DepotId, r.ItemId, q, names),
                    LotId: r.LotId);
            }

            case OperationKind.Expiry:
            {
                var lotId = op.LotId = r.LotId ?? throw DomainException.Invalid("Indiquez le lot périmé.", "lotId");
                return new Plan(r.Kind, r.DepotId, r.ItemId, 0, names, op, (ledger, lots) => ledger.Expire(Lot(lots, lotId.Value), names), LotId: lotId);
            }

            case OperationKind.Correction:
            {
                var lotId = op.LotId = r.LotId ?? throw DomainException.Invalid("Indiquez le lot recompté.", "lotId");
                var counted = r.CountedQuantity ?? throw DomainException.Invalid("Indiquez la quantité comptée.", "countedQuantity");
                op.Reason = Reason("Le motif de la correction");
                return new Plan(r.Kind, r.DepotId, r.ItemId, 0, names, op, (ledger, lots) => ledger.Correct(Lot(lots, lotId.Value), counted, names), LotId: lotId);
            }

            case OperationKind.QualityRelease:
            case OperationKind.QualityRejection:
            {
                var lotId = op.LotId = r.LotId ?? throw DomainException.Invalid("Indiquez le lot contrôlé.", "lotId");
                var rejected = r.RejectedQuantity ?? 0;
                if (r.Kind == OperationKind.QualityRejection || rejected > 0)
                {
                    op.Reason = Reason("Le motif du refus");
                }

                return new Plan(r.Kind, r.DepotId, r.ItemId, 0, names, op, (ledger, lots) =>
                {
                    var lot = Lot(lots, lotId.Value);
                    return ledger.Check(lot, r.Kind == OperationKind.QualityRejection ? lot.OnHand : rejected, names);
                }, LotId: lotId);
            }

            default:
                throw DomainException.Invalid("Type d'opération inconnu.", "kind");
        }
    }

    private static LotState Lot(IReadOnlyDictionary<int, LotState> lots, int id) =>
        lots.GetValueOrDefault(id) ?? throw DomainException.Invalid($"Le lot n° {id} n'est pas de cet article dans ce dépôt.", "lotId");

    private async Task<OperationResult> RecordAsync(int territoryId, Plan plan, string? key, (string Id, string Name) actor, CancellationToken ct)
    {
        var depots = new[] { plan.DepotId, plan.ToDepotId ?? plan.DepotId }.Distinct().Order().ToList();
        foreach (var depot in depots)
        {
            await EnsureLevelAsync(territoryId, depot, plan.ItemId, ct);
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var depot in depots)
        {
            // Taking the locks in the same order everywhere: two transfers in opposite directions cannot deadlock.
            await db.Set<StockLevel>().Where(l => l.DepotId == depot && l.ItemId == plan.ItemId)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Version, l => l.Version + 1), ct);
        }

        if (key is not null && await db.Set<StockOperation>().AnyAsync(o => o.TerritoryId == territoryId && o.Key == key, ct))
        {
            // A retry with the same key was recorded while this one waited for the lock: answer with it, even if
            // the stock it took leaves too little for this copy (which would otherwise be told "stock insuffisant").
            await transaction.RollbackAsync(CancellationToken.None);
            return await ReplayAsync(territoryId, key, plan.Kind, ct) ?? throw new InvalidOperationException("operation not found");
        }

        if (plan.Operation.AllocationLineId is { } lineId)
        {
            // Checked again under the stock's lock: two people handing out the same line at the same moment
            // (two keys, two screens) must not hand out more than was approved, nor from a split cancelled meanwhile.
            var current = await db.Set<AllocationLine>().AsNoTracking().Where(l => l.Id == lineId)
                .Join(db.Set<AllocationRound>(), l => l.RoundId, r => r.Id, (l, r) => new { Left = l.Approved - l.Collected, r.Status }).FirstAsync(ct);
            if (current.Status != AllocationStatus.Approved || plan.Quantity > current.Left)
            {
                throw DomainException.Conflict(current.Status != AllocationStatus.Approved || current.Left <= 0
                    ? "Cette attribution vient d'être remise ou annulée : rien de plus n'est à remettre."
                    : $"Il ne reste que {current.Left} à remettre sur cette attribution.", "quantity");
            }
        }

        var ledger = await LoadAsync(plan.DepotId, plan.ItemId, plan.LotId, ct);
        var lots = ledger.Lots.Where(l => l.Id != 0).ToDictionary(l => l.Id);
        var lines = plan.Apply(ledger, lots);

        var op = plan.Operation;
        op.Key = key;
        op.AtUtc = now;
        (op.ByUserId, op.ByName) = (actor.Id, actor.Name.Length > 256 ? actor.Name[..256] : actor.Name);
        if (plan.Kind == OperationKind.QualityRelease && lines[0].Lot.Status == LotStatus.Rejected)
        {
            // Everything refused at the check: that is a rejection of the lot.
            op.Kind = OperationKind.QualityRejection;
        }

        op.Quantity = op.Kind switch
        {
            OperationKind.QualityRelease => lines[0].Lot.OnHand,
            OperationKind.Expiry or OperationKind.Correction or OperationKind.QualityRejection => Math.Abs(lines.Sum(l => l.Quantity)),
            _ => op.Quantity,
        };

        db.Add(op);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (key is not null)
        {
            // The same key, recorded by a retry that ran at the same moment: answer with that one.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return await ReplayAsync(territoryId, key, plan.Kind, ct) ?? throw new InvalidOperationException("operation not saved", e);
        }

        var saved = new Dictionary<LotState, StockLot>(ReferenceEqualityComparer.Instance);
        foreach (var lot in lines.Select(l => l.Lot).Distinct(ReferenceEqualityComparer.Instance).Cast<LotState>())
        {
            if (lot.Id == 0)
            {
                var entity = new StockLot
                {
                    TerritoryId = territoryId, DepotId = lot.DepotId, ItemId = lot.ItemId, Status = lot.Status, ExpiresOn = lot.ExpiresOn, LotNumber = lot.LotNumber,
                    Condition = lot.Condition, Source = lot.Source, DonorId = lot.DonorId, ReceivedByOperationId = op.Id, ReceivedAtUtc = now, OnHand = lot.OnHand,
                };
                db.Add(entity);
                saved[lot] = entity;
            }
            else
            {
                await db.Set<StockLot>().Where(l => l.Id == lot.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(l => l.OnHand, lot.OnHand).SetProperty(l => l.Status, lot.Status), ct);
            }
        }

        await db.SaveChangesAsync(ct);
        foreach (var line in lines)
        {
            db.Add(new StockMovement
            {
                OperationId = op.Id, TerritoryId = territoryId, DepotId = line.Lot.DepotId, ItemId = plan.ItemId,
                LotId = line.Lot.Id != 0 ? line.Lot.Id : saved[line.Lot].Id, Quantity = line.Quantity, Kind = op.Kind, AtUtc = now,
            });
        }

        if (plan.Kind == OperationKind.Distribution)
        {
            await SettleRequestAsync(op, now, ct);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new OperationResult(op.Id, op.Kind, false, op.Quantity,
            lines.Select(l => new OperationLineView(l.Lot.Id != 0 ? l.Lot.Id : saved[l.Lot].Id, l.Lot.DepotId, l.Quantity)).ToList(),
            ledger.Usable(plan.DepotId, plan.ItemId), ledger.Quarantined(plan.DepotId, plan.ItemId));
    }

    /// <summary>A distribution against a request counts towards it; one from an allocation also towards its line.</summary>
    private async Task SettleRequestAsync(StockOperation op, DateTime now, CancellationToken ct)
    {
        if (op.AllocationLineId is { } lineId)
        {
            var line = await db.Set<AllocationLine>().FirstAsync(l => l.Id == lineId, ct);
            line.Collected += op.Quantity;
            (line.CollectedAtUtc, line.CollectedBy, line.OperationId) = (now, op.CollectedBy, op.Id);
        }

        if (op.RequestId is not { } requestId)
        {
            return;
        }

        var request = await db.Set<EquipmentRequest>().FirstAsync(r => r.Id == requestId, ct);
        request.Served += op.Quantity;
        var stillReserved = await db.Set<AllocationLine>().Where(l => l.RequestId == requestId && l.Id != op.AllocationLineId && l.Approved > l.Collected)
            .Join(db.Set<AllocationRound>().Where(r => r.Status == AllocationStatus.Approved), l => l.RoundId, r => r.Id, (l, _) => l).AnyAsync(ct);
        var thisLineLeft = op.AllocationLineId is { } id && await db.Set<AllocationLine>().AnyAsync(l => l.Id == id && l.Approved > l.Collected + op.Quantity, ct);
        request.Status = request.Served >= request.Quantity ? RequestStatus.Served : stillReserved || thisLineLeft ? RequestStatus.Allocated : RequestStatus.Open;
        request.Version++;
    }

    private async Task EnsureLevelAsync(int territoryId, int depotId, int itemId, CancellationToken ct)
    {
        if (await db.Set<StockLevel>().AnyAsync(l => l.DepotId == depotId && l.ItemId == itemId, ct))
        {
            return;
        }

        var level = new StockLevel { DepotId = depotId, ItemId = itemId, TerritoryId = territoryId };
        db.Add(level);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Created at the same moment by another movement of the same item: that row serves.
        }

        db.Entry(level).State = EntityState.Detached;
    }

    /// <summary>The lots of one stock, and what approved allocations hold of it, as the ledger rules need them.</summary>
    public async Task<StockLedger> LoadAsync(int depotId, int itemId, int? lotId, CancellationToken ct)
    {
        var ledger = new StockLedger(French.Today(time));
        var lots = await db.Set<StockLot>().AsNoTracking()
            .Where(l => l.DepotId == depotId && l.ItemId == itemId && (l.OnHand > 0 || l.Id == lotId) && l.Status != LotStatus.Rejected)
            .ToListAsync(ct);
        foreach (var l in lots)
        {
            ledger.Load(new LotState
            {
                Id = l.Id, DepotId = l.DepotId, ItemId = l.ItemId, Status = l.Status, ExpiresOn = l.ExpiresOn, LotNumber = l.LotNumber, Condition = l.Condition,
                Source = l.Source, DonorId = l.DonorId, Order = l.Id, OnHand = l.OnHand,
            });
        }

        ledger.Reserve(depotId, itemId, await ReservedAsync(depotId, itemId, ct));
        return ledger;
    }

    private Task<int> ReservedAsync(int depotId, int itemId, CancellationToken ct) =>
        db.Set<AllocationLine>().Join(db.Set<AllocationRound>().Where(r => r.DepotId == depotId && r.ItemId == itemId && r.Status == AllocationStatus.Approved),
                l => l.RoundId, r => r.Id, (l, _) => l)
            .Where(l => l.Approved > l.Collected).SumAsync(l => l.Approved - l.Collected, ct);

    private async Task<(int Usable, int Quarantined)> LevelAsync(int depotId, int itemId, CancellationToken ct)
    {
        var ledger = await LoadAsync(depotId, itemId, null, ct);
        return (ledger.Usable(depotId, itemId), ledger.Quarantined(depotId, itemId));
    }
}
