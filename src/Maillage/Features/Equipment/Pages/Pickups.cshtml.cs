using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Equipment.Pages;

/// <summary>
/// At the depot: what approved splits hold for whom, handed out line by line. Each form carries a key made when the page
/// was shown, so that a double tap or a resent form records the handover once.
/// </summary>
public sealed class PickupsModel(ScopeOfUser scopeOfUser, NameTerritories territories, EquipmentCatalogue catalogue, Allocations allocations, RecordOperation record) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "depot")] public int? DepotFilter { get; set; }

    [BindProperty] public int LineId { get; set; }

    [BindProperty] public string? Key { get; set; }

    [BindProperty] public string? CollectedBy { get; set; }

    [BindProperty] public string? Quantity { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<DepotView> Depots { get; private set; } = [];

    public IReadOnlyList<PickupView> Pickups { get; private set; } = [];

    /// <summary>The line whose handover was just refused: its form shows what was typed, with the same key.</summary>
    public int? FailedLineId { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await TerritoryAsync(ct))
        {
            return Forbid();
        }

        var territory = TerritoryId!.Value;
        try
        {
            var line = (await allocations.PickupsAsync(territory, null, User, ct)).FirstOrDefault(p => p.LineId == LineId);
            var result = await record.PickUpAsync(territory, LineId, CoordinationPages.Whole(Quantity, "quantity", "Quantité"), CollectedBy, Key, User, ct);
            Message = result.Replayed
                ? $"Cette remise était déjà enregistrée (opération n° {result.Id}) : rien de plus n'a été compté."
                : line is null
                    ? $"Remise enregistrée (opération n° {result.Id}) : {result.Quantity} remis à {CollectedBy?.Trim()}."
                    : $"Remis : {result.Quantity} {line.Unit}(s) de « {line.Item} » à {CollectedBy?.Trim()}, pour {line.Requester} (opération n° {result.Id}).";
            return Redirect(Link());
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            FailedLineId = LineId;
            ModelState.AddModelError(e.Field is "quantity" or "collectedBy" ? FormFields.Property(e.Field) : "", e.Message);
            return await LoadAsync(ct) ? Page() : Forbid();
        }
    }

    public string Link() => $"/materiel/retraits?territoire={TerritoryId}{(DepotFilter is { } d ? $"&depot={d}" : "")}";

    /// <summary>A fresh idempotency key for a line's form; the refused form keeps the one it was sent with.</summary>
    public string KeyFor(PickupView line) => FailedLineId == line.LineId && !string.IsNullOrWhiteSpace(Key) ? Key : $"retrait-{line.LineId}-{Guid.NewGuid():N}";

    private async Task<bool> TerritoryAsync(CancellationToken ct)
    {
        if (!EquipmentAccess.MayHandle(User))
        {
            return false;
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        return TerritoryId is not null;
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!await TerritoryAsync(ct))
        {
            return false;
        }

        Depots = await catalogue.DepotsAsync(TerritoryId!.Value, ct);
        if (DepotFilter is { } d && Depots.All(x => x.Id != d))
        {
            DepotFilter = null;
        }

        Pickups = await allocations.PickupsAsync(TerritoryId.Value, DepotFilter, User, ct);
        return true;
    }
}
