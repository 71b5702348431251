using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Equipment.Pages;

/// <summary>The territory's stock at a glance, item by item then depot by depot, and the depot's everyday actions.</summary>
public sealed class IndexModel(ScopeOfUser scopeOfUser, NameTerritories territories, StockReads reads, EquipmentCatalogue catalogue) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public StockOverview? Overview { get; private set; }

    public IReadOnlyList<DepotView> Depots { get; private set; } = [];

    public bool MayHandle => EquipmentAccess.MayHandle(User);

    public bool IsCoordinator => EquipmentAccess.IsCoordinator(User);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!EquipmentAccess.MayReadStock(User))
        {
            // Professionals come here to ask for equipment, not to count it.
            return EquipmentAccess.MayRequest(User) ? Redirect("/materiel/demandes") : Forbid();
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is { } territory)
        {
            Depots = await catalogue.DepotsAsync(territory, ct);
            Overview = await reads.OverviewAsync(territory, User, ct);
        }

        return Page();
    }
}
