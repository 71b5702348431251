using System.Security.Claims;
using System.Text.Json;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Notifications;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Equipment;

public sealed record NewRequest(int ItemId, int? Quantity, string? Reason, RequestUrgency Urgency = RequestUrgency.Normal, bool HomeVisits = false, bool SuspectedInfection = false,
    int? ProfessionalId = null, string? StructureName = null);

public sealed record RequestView(
    int Id, int ItemId, string Item, string Unit, int Quantity, int Served, int Reserved, string Reason, RequestUrgency Urgency, string UrgencyLabel, bool HomeVisits, bool SuspectedInfection,
    int? ProfessionalId, string Requester, string? Profession, string? ProfessionLabel, DateTime CreatedAtUtc, RequestStatus Status, string StatusLabel, string? DecisionNote, int Version);

public sealed record RequestFilter(RequestStatus? Status = null, int? ItemId = null, bool Mine = false);

public sealed record AllocationLineView(
    int Id, int RequestId, string Requester, string? ProfessionLabel, RequestUrgency Urgency, string UrgencyLabel, string Reason, int Requested, double Priority, int Need,
    int Proposed, int Approved, int Collected, string Explanation, DateTime? CollectedAtUtc, string? CollectedBy);

public sealed record AllocationView(
    int Id, int TerritoryId, int DepotId, string Depot, int ItemId, string Item, string Unit, AllocationStatus Status, string StatusLabel, int Available, int UsableNow,
    DateTime CreatedAtUtc, string CreatedBy, DateTime? DecidedAtUtc, string? DecidedBy, int Version, IReadOnlyList<AllocationLineView> Lines);

public sealed record AllocationSummary(int Id, string Depot, string Item, AllocationStatus Status, string StatusLabel, int Lines, int Approved, int Collected, DateTime CreatedAtUtc);

public sealed record PickupView(int LineId, int RoundId, int DepotId, string Depot, string Item, string Unit, string Requester, string? ProfessionLabel, int Left, DateTime ApprovedAtUtc);

public sealed record ApproveRequest(int Version, IReadOnlyDictionary<int, int>? Approved);

/// <summary>Professionals' requests for equipment, and the coordinators' queue.</summary>
public sealed class EquipmentRequests(MaillageDb db, EquipmentCatalogue catalogue, FindOwnEntry findOwnEntry, LoadProfessionalFacts professionals, TimeProvider time)
{
    public async Task<int> CreateAsync(int territoryId, NewRequest r, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.MayRequest(user));
        var scope = await catalogue.ScopeAsync(user, territoryId, ct);
        var item = await catalogue.ItemAsync(territoryId, r.ItemId, ct);
        if (item.Lendable)
        {
            throw DomainException.Invalid($"« {item.Name} » se prête : demandez un prêt à la coordination.", "itemId");
        }

        var quantity = r.Quantity ?? throw DomainException.Invalid("Indiquez la quantité.", "quantity");
        StockLedger.CheckQuantity(quantity);
        var reason = DirectoryRules.Required(r.Reason, "Le motif", "reason", 500);
        if (!Enum.IsDefined(r.Urgency))
        {
            throw DomainException.Invalid("Urgence inconnue.", "urgency");
        }

        int? professionalId;
        string label;
        string? profession;
        if (EquipmentAccess.IsCoordinator(user) && r.ProfessionalId is null)
        {
            // A coordinator asks for a structure (an EHPAD, a home-care service) that has no account.
            label = DirectoryRules.Required(r.StructureName, "Le demandeur (professionnel ou structure)", "structureName", 200);
            (professionalId, profession) = (null, null);
        }
        else
        {
            professionalId = EquipmentAccess.IsCoordinator(user) ? r.ProfessionalId : await findOwnEntry.ExecuteAsync(user, ct)
                ?? throw DomainException.Invalid("Votre compte n'est relié à aucune fiche de l'annuaire : demandez à la coordination de vous y inscrire.", "professionalId");
            var facts = (await professionals.ExecuteAsync([professionalId!.Value], scope, ct)).GetValueOrDefault(professionalId.Value);
            if (facts is null || facts.TerritoryId != territoryId)
            {
                throw DomainException.Invalid("Le demandeur doit être un professionnel de l'annuaire de ce territoire.", "professionalId");
            }

            (label, profession) = (facts.Name, facts.Profession);
        }

        var request = new EquipmentRequest
        {
            TerritoryId = territoryId, ItemId = item.Id, Quantity = quantity, Reason = reason, Urgency = r.Urgency, HomeVisits = r.HomeVisits, SuspectedInfection = r.SuspectedInfection,
            ProfessionalId = professionalId, RequesterLabel = label, Profession = profession, CreatedByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "?",
            CreatedByName = EquipmentAccess.NameOf(user), CreatedAtUtc = time.GetUtcNow().UtcDateTime, Status = RequestStatus.Open,
        };
        db.Add(request);
        await db.SaveChangesAsync(ct);
        return request.Id;
    }

    public async Task<Page<RequestView>> ListAsync(int territoryId, RequestFilter filter, int? page, int? size, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.MayRequest(user) || EquipmentAccess.MayHandle(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        var (p, s) = Paging.Normalize(page, size);
        var query = db.Set<EquipmentRequest>().AsNoTracking().Where(r => r.TerritoryId == territoryId);
        if (filter.Mine || !EquipmentAccess.MayHandle(user))
        {
            // A professional sees their own requests, not their colleagues'.
            var me = await findOwnEntry.ExecuteAsync(user, ct);
            var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
            query = query.Where(r => r.CreatedByUserId == id || (me != null && r.ProfessionalId == me));
        }

        if (filter.Status is { } status)
        {
            query = query.Where(r => r.Status == status);
        }

        if (filter.ItemId is { } item)
        {
            query = query.Where(r => r.ItemId == item);
        }

        var total = await query.CountAsync(ct);
        // The queue reads most urgent first, then oldest first.
        var rows = (await query.ToListAsync(ct))
            .OrderBy(r => r.Status is RequestStatus.Open or RequestStatus.Allocated ? 0 : 1).ThenByDescending(r => r.Urgency).ThenBy(r => r.CreatedAtUtc)
            .Skip((p - 1) * s).Take(s).ToList();
        return new Page<RequestView>(await ViewsAsync(territoryId, rows, ct), p, s, total);
    }

    public async Task CancelAsync(int territoryId, int id, string? note, ClaimsPrincipal user, CancellationToken ct = default) =>
        await CloseAsync(territoryId, id, RequestStatus.Cancelled, note, user, ct);

    public async Task RefuseAsync(int territoryId, int id, string? note, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.IsCoordinator(user));
        await CloseAsync(territoryId, id, RequestStatus.Refused, DirectoryRules.Required(note, "Le motif du refus", "note", 500), user, ct);
    }

    private async Task CloseAsync(int territoryId, int id, RequestStatus status, string? note, ClaimsPrincipal user, CancellationToken ct)
    {
        await catalogue.ScopeAsync(user, territoryId, ct);
        var request = await db.Set<EquipmentRequest>().FirstOrDefaultAsync(r => r.Id == id && r.TerritoryId == territoryId, ct)
                      ?? throw DomainException.NotFound("Demande introuvable.");
        var mine = request.CreatedByUserId == user.FindFirstValue(ClaimTypes.NameIdentifier)
                   || (request.ProfessionalId is { } p && await findOwnEntry.ExecuteAsync(user, ct) == p);
        if (!EquipmentAccess.IsCoordinator(user) && !mine)
        {
            throw DomainException.NotFound("Demande introuvable.");
        }

        if (request.Status is not (RequestStatus.Open or RequestStatus.Allocated))
        {
            throw DomainException.Conflict($"Cette demande est déjà {EquipmentLabels.Of(request.Status).ToLowerInvariant()}.");
        }

        // What an approved allocation held for it goes back to the shelf.
        var lines = await db.Set<AllocationLine>().Where(l => l.RequestId == id && l.Approved > l.Collected).ToListAsync(ct);
        foreach (var line in lines)
        {
            line.Approved = line.Collected;
        }

        request.Status = status;
        request.DecisionNote = DirectoryRules.Optional(note, "Le commentaire", "note", 500);
        request.Version++;
        await db.SaveChangesAsync(ct);
    }

    internal async Task<IReadOnlyList<RequestView>> ViewsAsync(int territoryId, IReadOnlyList<EquipmentRequest> rows, CancellationToken ct)
    {
        var items = (await catalogue.ItemsAsync(territoryId, ct: ct)).ToDictionary(i => i.Id);
        var ids = rows.Select(r => r.Id).ToList();
        var reserved = (await db.Set<AllocationLine>().Where(l => ids.Contains(l.RequestId) && l.Approved > l.Collected)
                .Join(db.Set<AllocationRound>().Where(r => r.Status == AllocationStatus.Approved), l => l.RoundId, r => r.Id, (l, _) => l)
                .GroupBy(l => l.RequestId).Select(g => new { g.Key, Left = g.Sum(l => l.Approved - l.Collected) }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Left);
        return rows.Select(r => new RequestView(
            r.Id, r.ItemId, items.GetValueOrDefault(r.ItemId)?.Name ?? "?", items.GetValueOrDefault(r.ItemId)?.Unit ?? "", r.Quantity, r.Served, reserved.GetValueOrDefault(r.Id),
            r.Reason, r.Urgency, EquipmentLabels.Of(r.Urgency), r.HomeVisits, r.SuspectedInfection, r.ProfessionalId, r.RequesterLabel, r.Profession,
            r.Profession is null ? "Structure" : Professions.Label(r.Profession), r.CreatedAtUtc, r.Status, EquipmentLabels.Of(r.Status), r.DecisionNote, r.Version)).ToList();
    }
}

/// <summary>Splitting short stock: proposal by the territory's rules, coordinator's edit and approval, reservation until pickup.</summary>
public sealed class Allocations(MaillageDb db, EquipmentCatalogue catalogue, RecordOperation operations, EquipmentPolicies policies, Notify notify, TimeProvider time)
{
    public async Task<int> ProposeAsync(int territoryId, int depotId, int itemId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.IsCoordinator(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        await catalogue.DepotAsync(territoryId, depotId, ct);
        var item = await catalogue.ItemAsync(territoryId, itemId, ct);
        var policy = await policies.ReadAsync(territoryId, ct);
        var ledger = await operations.LoadAsync(depotId, itemId, null, ct);
        var available = ledger.Usable(depotId, itemId);

        var held = await db.Set<AllocationLine>().Where(l => l.Approved > l.Collected)
            .Join(db.Set<AllocationRound>().Where(r => r.TerritoryId == territoryId && r.Status == AllocationStatus.Approved), l => l.RoundId, r => r.Id, (l, _) => l.RequestId).ToListAsync(ct);
        var waiting = await db.Set<EquipmentRequest>().AsNoTracking()
            .Where(r => r.TerritoryId == territoryId && r.ItemId == itemId && r.Status == RequestStatus.Open && !held.Contains(r.Id)).ToListAsync(ct);
        if (waiting.Count == 0)
        {
            throw DomainException.Conflict($"Aucune demande de « {item.Name} » n'attend.");
        }

        var received = await ReceivedThisWeekAsync(territoryId, itemId, waiting.Where(w => w.ProfessionalId != null).Select(w => w.ProfessionalId!.Value).ToList(), ct);
        // A weekly quota is per professional, not per request: a second request of the same week starts where the
        // older one leaves the quota, so that splitting a need into several requests does not get more.
        var candidates = new List<AllocationCandidate>();
        foreach (var w in waiting.OrderBy(w => w.CreatedAtUtc).ThenBy(w => w.Id))
        {
            var already = w.ProfessionalId is { } p ? received.GetValueOrDefault(p) : 0;
            candidates.Add(new AllocationCandidate(w.Id, w.Profession, w.Quantity - w.Served, w.Urgency, w.HomeVisits, w.SuspectedInfection, w.CreatedAtUtc, already));
            if (w.ProfessionalId is { } q)
            {
                received[q] = already + Math.Max(0, w.Quantity - w.Served);
            }
        }

        var proposal = AllocationRules.Propose(available, item.Code, candidates, policy);

        // A newer proposal for the same stock replaces the one not yet approved.
        await db.Set<AllocationRound>().Where(r => r.DepotId == depotId && r.ItemId == itemId && r.Status == AllocationStatus.Proposed)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, AllocationStatus.Cancelled).SetProperty(r => r.Version, r => r.Version + 1), ct);
        var round = new AllocationRound
        {
            TerritoryId = territoryId, DepotId = depotId, ItemId = itemId, Status = AllocationStatus.Proposed, Available = available,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime, CreatedBy = EquipmentAccess.NameOf(user),
        };
        db.Add(round);
        await db.SaveChangesAsync(ct);
        db.AddRange(proposal.Select(l => new AllocationLine
        {
            RoundId = round.Id, RequestId = l.RequestId, Priority = l.Priority, Need = l.Need, Proposed = l.Proposed, Approved = l.Proposed, Explanation = l.Explanation,
        }));
        await db.SaveChangesAsync(ct);
        return round.Id;
    }

    public async Task<AllocationView> ShowAsync(int territoryId, int id, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.MayHandle(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        var round = await db.Set<AllocationRound>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.TerritoryId == territoryId, ct)
                    ?? throw DomainException.NotFound("Répartition introuvable.");
        var lines = await db.Set<AllocationLine>().AsNoTracking().Where(l => l.RoundId == id).ToListAsync(ct);
        var requestIds = lines.Select(l => l.RequestId).ToList();
        var requests = await db.Set<EquipmentRequest>().AsNoTracking().Where(r => requestIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var depot = (await catalogue.DepotsAsync(territoryId, ct)).FirstOrDefault(d => d.Id == round.DepotId)?.Name ?? "?";
        var item = await catalogue.ItemAsync(territoryId, round.ItemId, ct);
        var ledger = await operations.LoadAsync(round.DepotId, round.ItemId, null, ct);
        return new AllocationView(round.Id, territoryId, round.DepotId, depot, round.ItemId, item.Name, item.Unit, round.Status, EquipmentLabels.Of(round.Status), round.Available,
            ledger.Usable(round.DepotId, round.ItemId), round.CreatedAtUtc, round.CreatedBy, round.DecidedAtUtc, round.DecidedBy, round.Version,
            lines.OrderByDescending(l => l.Priority).ThenBy(l => requests[l.RequestId].CreatedAtUtc).Select(l =>
            {
                var r = requests[l.RequestId];
                return new AllocationLineView(l.Id, r.Id, r.RequesterLabel, r.Profession is null ? "Structure" : Professions.Label(r.Profession), r.Urgency, EquipmentLabels.Of(r.Urgency),
                    r.Reason, r.Quantity - r.Served, l.Priority, l.Need, l.Proposed, l.Approved, l.Collected, l.Explanation, l.CollectedAtUtc, l.CollectedBy);
            }).ToList());
    }

    public async Task<IReadOnlyList<AllocationSummary>> ListAsync(int territoryId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.MayHandle(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        var rounds = await db.Set<AllocationRound>().AsNoTracking().Where(r => r.TerritoryId == territoryId).OrderByDescending(r => r.Id).Take(50).ToListAsync(ct);
        var ids = rounds.Select(r => r.Id).ToList();
        var totals = (await db.Set<AllocationLine>().AsNoTracking().Where(l => ids.Contains(l.RoundId))
                .GroupBy(l => l.RoundId).Select(g => new { g.Key, Count = g.Count(), Approved = g.Sum(l => l.Approved), Collected = g.Sum(l => l.Collected) }).ToListAsync(ct))
            .ToDictionary(t => t.Key);
        var depots = (await catalogue.DepotsAsync(territoryId, ct)).ToDictionary(d => d.Id, d => d.Name);
        var items = (await catalogue.ItemsAsync(territoryId, ct: ct)).ToDictionary(i => i.Id, i => i.Name);
        return rounds.Select(r => new AllocationSummary(r.Id, depots.GetValueOrDefault(r.DepotId, "?"), items.GetValueOrDefault(r.ItemId, "?"), r.Status, EquipmentLabels.Of(r.Status),
            totals.GetValueOrDefault(r.Id)?.Count ?? 0, totals.GetValueOrDefault(r.Id)?.Approved ?? 0, totals.GetValueOrDefault(r.Id)?.Collected ?? 0, r.CreatedAtUtc)).ToList();
    }

    /// <summary>
    /// Approves the proposal, with the coordinator's edits. Checked under the stock's lock against what can be
    /// handed out now: approved quantities are reserved until collected, so nothing else can spend them.
    /// </summary>
    public async Task ApproveAsync(int territoryId, int id, ApproveRequest request, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.IsCoordinator(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        var round = await db.Set<AllocationRound>().FirstOrDefaultAsync(r => r.Id == id && r.TerritoryId == territoryId, ct)
                    ?? throw DomainException.NotFound("Répartition introuvable.");
        if (round.Version != request.Version)
        {
            throw DomainException.Conflict("Cette répartition a changé depuis que vous l'avez ouverte : rechargez-la.", "version");
        }

        if (round.Status != AllocationStatus.Proposed)
        {
            throw DomainException.Conflict($"Cette répartition est déjà {EquipmentLabels.Of(round.Status).ToLowerInvariant()}.");
        }

        var lines = await db.Set<AllocationLine>().Where(l => l.RoundId == id).ToListAsync(ct);
        foreach (var (lineId, quantity) in request.Approved ?? new Dictionary<int, int>())
        {
            var line = lines.FirstOrDefault(l => l.Id == lineId) ?? throw DomainException.Invalid($"La ligne {lineId} n'est pas de cette répartition.", $"approved[{lineId}]");
            if (quantity < 0 || quantity > line.Need)
            {
                throw DomainException.Invalid($"Ligne {lineId} : entre 0 et {line.Need} (le besoin de la demande).", $"approved[{lineId}]");
            }

            line.Approved = quantity;
        }

        // Requests can change between the proposal and the approval: one cancelled gets nothing, one served meanwhile no more than it still needs.
        var lineRequests = lines.Select(l => l.RequestId).ToList();
        var current = await db.Set<EquipmentRequest>().AsNoTracking().Where(r => lineRequests.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        foreach (var line in lines)
        {
            var r = current[line.RequestId];
            if (r.Status != RequestStatus.Open)
            {
                line.Approved = 0;
            }
            else if (line.Approved > r.Quantity - r.Served)
            {
                throw DomainException.Conflict($"La demande de {r.RequesterLabel} n'a plus besoin que de {r.Quantity - r.Served} : corrigez la ligne ou refaites une proposition.", $"approved[{line.Id}]");
            }
        }

        var item = await catalogue.ItemAsync(territoryId, round.ItemId, ct);
        var depot = await catalogue.DepotAsync(territoryId, round.DepotId, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Set<StockLevel>().Where(l => l.DepotId == round.DepotId && l.ItemId == round.ItemId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Version, l => l.Version + 1), ct);
        var usable = (await operations.LoadAsync(round.DepotId, round.ItemId, null, ct)).Usable(round.DepotId, round.ItemId);
        var total = lines.Sum(l => l.Approved);
        if (total > usable)
        {
            throw DomainException.Conflict($"La répartition attribue {total} {item.Unit}(s) mais {usable} seulement peuvent sortir du dépôt maintenant : réduisez des lignes ou refaites une proposition.", "approved");
        }

        round.Status = AllocationStatus.Approved;
        round.DecidedAtUtc = time.GetUtcNow().UtcDateTime;
        round.DecidedBy = EquipmentAccess.NameOf(user);
        round.Version++;
        var requestIds = lines.Where(l => l.Approved > 0).Select(l => l.RequestId).ToList();
        var requests = await db.Set<EquipmentRequest>().Where(r => requestIds.Contains(r.Id)).ToListAsync(ct);
        foreach (var r in requests)
        {
            r.Status = RequestStatus.Allocated;
            r.Version++;
            if (r.ProfessionalId is { } p)
            {
                notify.Queue(p, $"Votre demande de « {item.Name} » : {lines.First(l => l.RequestId == r.Id).Approved} attribué(s), à retirer au dépôt « {depot.Name} ».", "/materiel/demandes");
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Drops a proposal, or an approved split nothing was collected from: the reserved units go back to the shelf.</summary>
    public async Task CancelAsync(int territoryId, int id, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.IsCoordinator(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        var round = await db.Set<AllocationRound>().FirstOrDefaultAsync(r => r.Id == id && r.TerritoryId == territoryId, ct)
                    ?? throw DomainException.NotFound("Répartition introuvable.");
        if (round.Status == AllocationStatus.Cancelled)
        {
            throw DomainException.Conflict("Cette répartition est déjà annulée.");
        }

        var lines = await db.Set<AllocationLine>().Where(l => l.RoundId == id).ToListAsync(ct);
        if (lines.Any(l => l.Collected > 0))
        {
            throw DomainException.Conflict("Du matériel a déjà été remis sur cette répartition : elle ne peut plus être annulée.");
        }

        var requestIds = lines.Where(l => l.Approved > 0).Select(l => l.RequestId).ToList();
        foreach (var r in await db.Set<EquipmentRequest>().Where(r => requestIds.Contains(r.Id) && r.Status == RequestStatus.Allocated).ToListAsync(ct))
        {
            r.Status = RequestStatus.Open;
            r.Version++;
        }

        round.Status = AllocationStatus.Cancelled;
        round.DecidedAtUtc = time.GetUtcNow().UtcDateTime;
        round.DecidedBy = EquipmentAccess.NameOf(user);
        round.Version++;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>What waits at the depots to be collected, oldest approval first.</summary>
    public async Task<IReadOnlyList<PickupView>> PickupsAsync(int territoryId, int? depotId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.MayHandle(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        var rows = await db.Set<AllocationLine>().AsNoTracking().Where(l => l.Approved > l.Collected)
            .Join(db.Set<AllocationRound>().Where(r => r.TerritoryId == territoryId && r.Status == AllocationStatus.Approved && (depotId == null || r.DepotId == depotId)),
                l => l.RoundId, r => r.Id, (l, r) => new { Line = l, Round = r })
            .Join(db.Set<EquipmentRequest>(), x => x.Line.RequestId, q => q.Id, (x, q) => new { x.Line, x.Round, Request = q })
            .ToListAsync(ct);
        var depots = (await catalogue.DepotsAsync(territoryId, ct)).ToDictionary(d => d.Id, d => d.Name);
        var items = (await catalogue.ItemsAsync(territoryId, ct: ct)).ToDictionary(i => i.Id);
        return rows.OrderBy(x => x.Round.DecidedAtUtc).ThenBy(x => x.Request.RequesterLabel).Select(x => new PickupView(
            x.Line.Id, x.Round.Id, x.Round.DepotId, depots.GetValueOrDefault(x.Round.DepotId, "?"), items.GetValueOrDefault(x.Round.ItemId)?.Name ?? "?", items.GetValueOrDefault(x.Round.ItemId)?.Unit ?? "",
            x.Request.RequesterLabel, x.Request.Profession is null ? "Structure" : Professions.Label(x.Request.Profession), x.Line.Approved - x.Line.Collected, x.Round.DecidedAtUtc ?? x.Round.CreatedAtUtc)).ToList();
    }

    /// <summary>
    /// Units of the item handed to each professional since Monday (Paris time), and those approved for them and
    /// not yet collected: what counts against a weekly quota.
    /// </summary>
    private async Task<Dictionary<int, int>> ReceivedThisWeekAsync(int territoryId, int itemId, IReadOnlyCollection<int> professionalIds, CancellationToken ct)
    {
        var monday = French.ToUtc(QuotaWeek.Monday(French.Today(time)).ToDateTime(TimeOnly.MinValue));
        var received = (await db.Set<StockOperation>().AsNoTracking()
                .Where(o => o.TerritoryId == territoryId && o.ItemId == itemId && o.Kind == OperationKind.Distribution && o.AtUtc >= monday
                            && o.RecipientProfessionalId != null && professionalIds.Contains(o.RecipientProfessionalId.Value))
                .GroupBy(o => o.RecipientProfessionalId!.Value).Select(g => new { g.Key, Sum = g.Sum(o => o.Quantity) }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Sum);
        var reserved = await db.Set<AllocationLine>().Where(l => l.Approved > l.Collected)
            .Join(db.Set<AllocationRound>().Where(r => r.TerritoryId == territoryId && r.ItemId == itemId && r.Status == AllocationStatus.Approved), l => l.RoundId, r => r.Id, (l, _) => l)
            .Join(db.Set<EquipmentRequest>().Where(q => q.ProfessionalId != null && professionalIds.Contains(q.ProfessionalId.Value)), l => l.RequestId, q => q.Id,
                (l, q) => new { Professional = q.ProfessionalId!.Value, Left = l.Approved - l.Collected })
            .ToListAsync(ct);
        foreach (var r in reserved)
        {
            received[r.Professional] = received.GetValueOrDefault(r.Professional) + r.Left;
        }

        return received;
    }
}

public sealed record PolicyView(AllocationPolicy Policy, int Version, bool IsDefault, DateTime? UpdatedAtUtc, string? UpdatedBy);

/// <summary>The territory's allocation rules: the defaults until a coordinator sets their own.</summary>
public sealed class EquipmentPolicies(MaillageDb db, EquipmentCatalogue catalogue, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<AllocationPolicy> ReadAsync(int territoryId, CancellationToken ct) =>
        (await db.Set<EquipmentSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.TerritoryId == territoryId, ct)) is { } saved
            ? JsonSerializer.Deserialize<AllocationPolicy>(saved.PolicyJson, Json) ?? AllocationPolicy.Default
            : AllocationPolicy.Default;

    public async Task<PolicyView> ShowAsync(int territoryId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.MayHandle(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        var saved = await db.Set<EquipmentSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.TerritoryId == territoryId, ct);
        return saved is null
            ? new PolicyView(AllocationPolicy.Default, 0, true, null, null)
            : new PolicyView(JsonSerializer.Deserialize<AllocationPolicy>(saved.PolicyJson, Json) ?? AllocationPolicy.Default, saved.Version, false, saved.UpdatedAtUtc, saved.UpdatedBy);
    }

    public async Task SetAsync(int territoryId, AllocationPolicy policy, int version, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.IsCoordinator(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        if (policy.ProfessionWeights is null || policy.Quotas is null)
        {
            throw DomainException.Invalid("Les poids par profession et les quotas sont attendus (listes vides permises).", policy.ProfessionWeights is null ? "professionWeights" : "quotas");
        }

        policy.Check((await catalogue.ItemsAsync(territoryId, ct: ct)).Select(i => i.Code).ToList());
        var saved = await db.Set<EquipmentSettings>().FirstOrDefaultAsync(s => s.TerritoryId == territoryId, ct);
        if ((saved?.Version ?? 0) != version)
        {
            throw DomainException.Conflict("Les règles ont été modifiées entre-temps : rechargez la page.", "version");
        }

        if (saved is null)
        {
            saved = new EquipmentSettings { TerritoryId = territoryId, PolicyJson = "", UpdatedBy = "" };
            db.Add(saved);
        }

        saved.PolicyJson = JsonSerializer.Serialize(policy, Json);
        saved.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        saved.UpdatedBy = EquipmentAccess.NameOf(user);
        saved.Version++;
        await db.SaveChangesAsync(ct);
    }
}
