using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Equipment.Pages;

/// <summary>
/// The other movements of stock, one form per kind: a State delivery, a transfer, a distribution, a loss,
/// an expiry, an inventory correction. A refusal of the ledger (stock short, lot reserved…) shows on the
/// form, which keeps what was typed.
/// </summary>
public sealed class MovementModel(
    ScopeOfUser scopeOfUser, NameTerritories territories, EquipmentCatalogue catalogue, StockReads reads, RecordOperation record, ListProfessionals professionals) : PageModel
{
    public static readonly OperationKind[] Kinds =
        [OperationKind.StateAllocation, OperationKind.Transfer, OperationKind.Distribution, OperationKind.Loss, OperationKind.Expiry, OperationKind.Correction];

    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")] public string? Type { get; set; }

    [BindProperty(SupportsGet = true, Name = "depot")] public int? DepotId { get; set; }

    [BindProperty(SupportsGet = true, Name = "article")] public int? ItemId { get; set; }

    [BindProperty(SupportsGet = true, Name = "lot")] public int? LotId { get; set; }

    [BindProperty] public int? ToDepotId { get; set; }

    [BindProperty] public string? Quantity { get; set; }

    [BindProperty] public string? ExpiresOn { get; set; }

    [BindProperty] public string? LotNumber { get; set; }

    [BindProperty] public string? Condition { get; set; }

    /// <summary>A professional of the directory, as chosen in the list.</summary>
    [BindProperty] public string? Professional { get; set; }

    /// <summary>Or a structure, or anyone else, typed.</summary>
    [BindProperty] public string? RecipientName { get; set; }

    [BindProperty] public string? CollectedBy { get; set; }

    [BindProperty] public string? Reason { get; set; }

    [BindProperty] public string? CountedQuantity { get; set; }

    [BindProperty] public string? Key { get; set; }

    public OperationKind? Kind { get; private set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<DepotView> Depots { get; private set; } = [];

    public IReadOnlyList<ItemView> Items { get; private set; } = [];

    public IReadOnlyList<LotView> Lots { get; private set; } = [];

    /// <summary>Directory professionals, by the label the list shows.</summary>
    public IReadOnlyList<(int Id, string Label, string Name)> Professionals { get; private set; } = [];

    public bool UsesLot => Kind is OperationKind.Loss or OperationKind.Expiry or OperationKind.Correction;

    public bool LotRequired => Kind is OperationKind.Expiry or OperationKind.Correction;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!EquipmentAccess.MayHandle(User))
        {
            return Forbid();
        }

        if (Redirected() is { } other)
        {
            return other;
        }

        await LoadAsync(ct);
        Key = DepotPages.NewKey();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!EquipmentAccess.MayHandle(User))
        {
            return Forbid();
        }

        await LoadAsync(ct);
        if (TerritoryId is not { } territory || Kind is not { } kind)
        {
            return BadRequest();
        }

        try
        {
            var request = Read(kind);
            var result = await record.ExecuteAsync(territory, request, User, ct);
            var item = Items.FirstOrDefault(i => i.Id == request.ItemId);
            var depot = Depots.FirstOrDefault(d => d.Id == request.DepotId);
            TempData["Message"] = $"Opération n° {result.Id} enregistrée ({EquipmentLabels.Of(result.Kind).ToLowerInvariant()}, {item?.Name}) : "
                                  + $"reste {DepotPages.Count(result.Usable, item?.Unit ?? "unité")} à remettre au dépôt {depot?.Name}.";
            return Redirect($"/materiel/mouvements?territoire={territory}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field is "recipientProfessionalId" ? nameof(Professional) : FormFields.Property(e.Field), e.Message);
            return Page();
        }
    }

    private IActionResult? Redirected() => EquipmentLabels.TryParse<OperationKind>(Type, out var k) ? k switch
    {
        OperationKind.Donation => Redirect($"/materiel/don?territoire={TerritoryId}"),
        OperationKind.QualityRelease or OperationKind.QualityRejection => Redirect($"/materiel/controle?territoire={TerritoryId}"),
        _ => null,
    } : null;

    /// <summary>The form read into the ledger's request; what only the form can tell is checked here.</summary>
    private OperationRequest Read(OperationKind kind)
    {
        var lot = LotId is { } lotId ? Lots.FirstOrDefault(l => l.Id == lotId) ?? throw DomainException.Invalid($"Le lot n° {lotId} n'est plus en stock.", "lotId") : null;
        if (LotRequired && lot is null)
        {
            throw DomainException.Invalid(kind == OperationKind.Expiry ? "Choisissez le lot périmé." : "Choisissez le lot recompté.", "lotId");
        }

        // A lot says where it is and what it holds.
        var depot = lot?.DepotId ?? DepotId ?? throw DomainException.Invalid("Choisissez le dépôt.", "depotId");
        var item = lot?.ItemId ?? ItemId ?? throw DomainException.Invalid("Choisissez l'article.", "itemId");
        var quantity = kind is OperationKind.Expiry or OperationKind.Correction ? null : CoordinationPages.Whole(Quantity, "quantity");
        return kind switch
        {
            OperationKind.StateAllocation => new OperationRequest(kind, depot, item, quantity, ExpiresOn: DepotPages.Date(ExpiresOn, "expiresOn"), LotNumber: LotNumber, Condition: Condition, Key: Key),
            OperationKind.Transfer => new OperationRequest(kind, depot, item, quantity, ToDepotId: ToDepotId, Key: Key),
            OperationKind.Distribution => new OperationRequest(kind, depot, item, quantity, RecipientProfessionalId: ProfessionalId(),
                RecipientName: RecipientName, CollectedBy: CollectedBy, Key: Key),
            OperationKind.Loss => new OperationRequest(kind, depot, item, quantity, LotId: lot?.Id, Reason: Reason, Key: Key),
            OperationKind.Expiry => new OperationRequest(kind, depot, item, LotId: lot!.Id, Key: Key),
            _ => new OperationRequest(kind, depot, item, LotId: lot!.Id, CountedQuantity: CoordinationPages.Whole(CountedQuantity, "countedQuantity"), Reason: Reason, Key: Key),
        };
    }

    private int? ProfessionalId()
    {
        if (string.IsNullOrWhiteSpace(Professional))
        {
            return null;
        }

        var typed = Professional.Trim();
        var byLabel = Professionals.Where(p => string.Equals(p.Label, typed, StringComparison.OrdinalIgnoreCase)).ToList();
        var byName = Professionals.Where(p => string.Equals(p.Name, typed, StringComparison.OrdinalIgnoreCase)).ToList();
        return byLabel.Count == 1 ? byLabel[0].Id
            : byName.Count == 1 ? byName[0].Id
            : throw DomainException.Invalid($"« {typed} » n'est pas un professionnel de l'annuaire du territoire : choisissez-le dans la liste, ou laissez vide et saisissez une structure.", "recipientProfessionalId");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Kind = EquipmentLabels.TryParse<OperationKind>(Type, out var k) && Kinds.Contains(k) ? k : null;
        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is not { } territory || Kind is null)
        {
            return;
        }

        Depots = (await catalogue.DepotsAsync(territory, ct)).Where(d => d.Active).ToList();
        Items = await catalogue.ItemsAsync(territory, false, ct);
        if (Depots.Count == 1)
        {
            DepotId ??= Depots[0].Id;
        }

        if (UsesLot)
        {
            var lots = await reads.LotsAsync(territory, null, null, null, User, ct);
            Lots = Kind switch
            {
                OperationKind.Expiry => lots.Where(l => l.Status == LotStatus.Available && l.OnHand > 0 && l.ExpiresOn is not null).OrderBy(l => l.ExpiresOn).ToList(),
                _ => lots.Where(l => l.Status != LotStatus.Rejected && (l.OnHand > 0 || Kind == OperationKind.Correction)).ToList(),
            };
        }

        if (Kind == OperationKind.Distribution)
        {
            var scope = await scopeOfUser.ExecuteAsync(User, ct);
            Professionals = (await professionals.ExecuteAsync(new DirectoryFilter(TerritoryId: territory), scope, 1, Paging.MaxPageSize, ct)).Items
                .Select(p => (p.Id, $"{p.Name} — {p.ProfessionLabel}", p.Name)).ToList();
        }
    }
}
