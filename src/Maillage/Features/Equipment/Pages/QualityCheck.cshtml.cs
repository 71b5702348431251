using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Equipment.Pages;

/// <summary>Donated lots waiting in quarantine: each is released (all or part) or rejected, with a reason.</summary>
public sealed class QualityCheckModel(ScopeOfUser scopeOfUser, NameTerritories territories, StockReads reads, RecordOperation record) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<LotView> Lots { get; private set; } = [];

    /// <summary>The lot whose form failed, what was typed in it, and why.</summary>
    public (int LotId, string Action, string? Rejected, string? Reason, string Error)? Failed { get; private set; }

    /// <summary>One key per lot and per showing of the page: a double tap records one check.</summary>
    public string Key { get; private set; } = DepotPages.NewKey();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!EquipmentAccess.MayHandle(User))
        {
            return Forbid();
        }

        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostReleaseAsync(int lotId, string? rejectedQuantity, string? reason, string? key, CancellationToken ct) =>
        CheckAsync(lotId, "release", rejectedQuantity, reason, key, ct);

    public Task<IActionResult> OnPostRejectAsync(int lotId, string? reason, string? key, CancellationToken ct) =>
        CheckAsync(lotId, "reject", null, reason, key, ct);

    private async Task<IActionResult> CheckAsync(int lotId, string action, string? rejectedQuantity, string? reason, string? key, CancellationToken ct)
    {
        if (!EquipmentAccess.MayHandle(User))
        {
            return Forbid();
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is not { } territory)
        {
            return Forbid();
        }

        try
        {
            var lot = (await reads.LotsAsync(territory, null, null, null, User, ct)).FirstOrDefault(l => l.Id == lotId)
                      ?? throw DomainException.Conflict($"Le lot n° {lotId} n'est plus en stock.");
            var kind = action == "reject" ? OperationKind.QualityRejection : OperationKind.QualityRelease;
            var rejected = action == "reject" ? null : CoordinationPages.Whole(rejectedQuantity, "rejectedQuantity");
            var result = await record.ExecuteAsync(territory, new OperationRequest(
                kind, lot.DepotId, lot.ItemId, LotId: lot.Id, RejectedQuantity: rejected, Reason: reason, Key: key is null ? null : $"{key}-{lotId}"), User, ct);
            Message = result.Kind == OperationKind.QualityRejection
                ? $"Lot n° {lot.Id} refusé : « {lot.Item} » sort du stock."
                : $"Lot n° {lot.Id} libéré : {DepotPages.Count(result.Quantity, lot.Unit)} de « {lot.Item} » disponibles au dépôt {lot.Depot}"
                  + (rejected > 0 ? $", {DepotPages.Count(rejected.Value, lot.Unit)} refusés." : ".");
            return Redirect($"/materiel/controle?territoire={territory}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            await LoadAsync(ct);
            Failed = (lotId, action, rejectedQuantity, reason, e.Message);
            if (key is not null)
            {
                Key = key;
            }

            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is { } territory)
        {
            Lots = await reads.LotsAsync(territory, null, null, LotStatus.Quarantine, User, ct);
        }
    }
}
