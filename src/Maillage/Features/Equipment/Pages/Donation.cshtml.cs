using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Equipment.Pages;

/// <summary>
/// A donation received at the depot, as fast as a volunteer can type it: the goods wait in quarantine
/// until checked. The form carries a key made when it was shown, so that posting it twice records once.
/// </summary>
public sealed class DonationModel(ScopeOfUser scopeOfUser, NameTerritories territories, EquipmentCatalogue catalogue, RecordOperation record) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "depot")] public int? DepotId { get; set; }

    [BindProperty] public int? ItemId { get; set; }

    [BindProperty] public string? Quantity { get; set; }

    /// <summary>An existing donor; empty when a new one is typed.</summary>
    [BindProperty] public int? DonorId { get; set; }

    [BindProperty] public string? DonorName { get; set; }

    [BindProperty] public DonorCategory DonorCategory { get; set; } = DonorCategory.Resident;

    [BindProperty] public string? DonorContact { get; set; }

    [BindProperty] public string? DonorCommune { get; set; }

    [BindProperty] public string? Condition { get; set; }

    [BindProperty] public string? ExpiresOn { get; set; }

    [BindProperty] public string? LotNumber { get; set; }

    [BindProperty] public string? Key { get; set; }

    [TempData] public string? Message { get; set; }

    [TempData] public int? ReceiptId { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<DepotView> Depots { get; private set; } = [];

    public IReadOnlyList<ItemView> Items { get; private set; } = [];

    public IReadOnlyList<DonorView> Donors { get; private set; } = [];

    public static readonly string[] Conditions = ["neuf, emballage d'origine", "neuf, emballage ouvert", "fait main", "occasion, propre"];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!EquipmentAccess.MayHandle(User))
        {
            return Forbid();
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
        if (TerritoryId is not { } territory)
        {
            return Forbid();
        }

        try
        {
            // What the form alone can tell is checked before a new donor is recorded.
            var depot = DepotId ?? throw DomainException.Invalid("Choisissez le dépôt.", "depotId");
            var item = ItemId ?? throw DomainException.Invalid("Choisissez l'article.", "itemId");
            var quantity = CoordinationPages.Whole(Quantity, "quantity") ?? throw DomainException.Invalid("Indiquez la quantité reçue.", "quantity");
            StockLedger.CheckQuantity(quantity);
            var expires = DepotPages.Date(ExpiresOn, "expiresOn");
            Directory.DirectoryRules.Optional(DonorContact, "Le contact du donateur", "donorContact", 200);
            var donor = DonorId
                        ?? (string.IsNullOrWhiteSpace(DonorName)
                            ? throw DomainException.Invalid("Choisissez le donateur dans la liste, ou saisissez le nom d'un nouveau donateur (« Anonyme » si besoin).", "donorId")
                            : await catalogue.CreateDonorAsync(territory, new DonorRequest(DonorName, DonorCategory, DonorContact, DonorCommune, null), User, ct));
            var result = await record.ExecuteAsync(territory, new OperationRequest(
                OperationKind.Donation, depot, item, quantity, DonorId: donor, ExpiresOn: expires, LotNumber: LotNumber, Condition: Condition, Key: Key), User, ct);
            var itemView = Items.FirstOrDefault(i => i.Id == item);
            Message = $"Don n° {result.Id} enregistré : {DepotPages.Count(result.Quantity, itemView?.Unit ?? "unité")} de « {itemView?.Name} », en quarantaine jusqu'au contrôle qualité.";
            ReceiptId = result.Id;
            return Redirect($"/materiel/don?territoire={territory}&depot={depot}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field is "donorCategory" ? nameof(DonorCategory) : FormFields.Property(e.Field), e.Message);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is { } territory)
        {
            Depots = (await catalogue.DepotsAsync(territory, ct)).Where(d => d.Active).ToList();
            Items = await catalogue.ItemsAsync(territory, false, ct);
            Donors = (await catalogue.DonorsAsync(territory, null, 1, Paging.MaxPageSize, ct)).Items;
            if (Depots.Count == 1)
            {
                DepotId ??= Depots[0].Id;
            }
        }
    }
}
