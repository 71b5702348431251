using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Equipment.Pages;

/// <summary>A depot's stock on paper, lot by lot, with an empty column for a physical count.</summary>
public sealed class DepotSheetModel(EquipmentCatalogue catalogue, StockReads reads, TimeProvider time) : PageModel
{
    public DepotView Depot { get; private set; } = null!;

    public DateOnly Today { get; private set; }

    public IReadOnlyList<LotView> Lots { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!EquipmentAccess.MayHandle(User))
        {
            return Forbid();
        }

        Depot = await catalogue.DepotViewAsync(id, User, ct);
        Today = Infrastructure.French.Today(time);
        Lots = (await reads.LotsAsync(Depot.TerritoryId, Depot.Id, null, null, User, ct))
            .Where(l => l.Status != LotStatus.Rejected && l.OnHand > 0)
            .OrderBy(l => l.Item, StringComparer.Create(Infrastructure.French.Culture, true)).ThenBy(l => l.ExpiresOn ?? DateOnly.MaxValue).ThenBy(l => l.Id).ToList();
        return Page();
    }

    public bool ExpiresSoon(LotView lot) => lot.ExpiresOn is { } e && !lot.Expired && e <= Today.AddDays(30);
}
