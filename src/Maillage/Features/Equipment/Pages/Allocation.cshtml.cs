using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Equipment.Pages;

/// <summary>Splitting a depot's stock of one item among the waiting requests: the rules propose, the coordinator edits and approves.</summary>
public sealed class AllocationModel(ScopeOfUser scopeOfUser, NameTerritories territories, EquipmentCatalogue catalogue, Allocations allocations) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true)] public int? Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "depot")] public int? DepotId { get; set; }

    [BindProperty(SupportsGet = true, Name = "article")] public int? ItemId { get; set; }

    [BindProperty] public int Version { get; set; }

    /// <summary>The quantity granted per line, as typed: kept as it was when the approval is refused.</summary>
    [BindProperty(Name = "Approved")] public Dictionary<int, string?> Approved { get; set; } = [];

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<DepotView> Depots { get; private set; } = [];

    public IReadOnlyList<ItemView> Items { get; private set; } = [];

    public AllocationView? Round { get; private set; }

    public IReadOnlyList<AllocationSummary> Rounds { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Forbid();
        }

        if (Round is not null)
        {
            Version = Round.Version;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostProposeAsync(CancellationToken ct)
    {
        if (!await TerritoryAsync(ct))
        {
            return Forbid();
        }

        try
        {
            var id = await allocations.ProposeAsync(TerritoryId!.Value, DepotId ?? throw DomainException.Invalid("Choisissez le dépôt.", "depotId"),
                ItemId ?? throw DomainException.Invalid("Choisissez l'article.", "itemId"), User, ct);
            return Redirect($"/materiel/repartition/{id}?territoire={TerritoryId}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field is "depotId" or "itemId" ? FormFields.Property(e.Field) : "", e.Message);
            Id = null;
            return await LoadAsync(ct) ? Page() : Forbid();
        }
    }

    public async Task<IActionResult> OnPostApproveAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Round is null)
        {
            return Round is null && TerritoryId is not null ? NotFound() : Forbid();
        }

        var granted = new Dictionary<int, int>();
        foreach (var line in Round.Lines)
        {
            var field = $"Approved[{line.Id}]";
            try
            {
                granted[line.Id] = CoordinationPages.Whole(Approved.GetValueOrDefault(line.Id), field, $"Attribué à {line.Requester}") ?? 0;
            }
            catch (DomainException e)
            {
                ModelState.AddModelError(field, e.Message);
            }
        }

        if (ModelState.ErrorCount > 0)
        {
            return Page();
        }

        try
        {
            await allocations.ApproveAsync(TerritoryId!.Value, Round.Id, new ApproveRequest(Version, granted), User, ct);
            Message = $"Répartition approuvée : {granted.Values.Sum()} {Round.Unit}(s) réservé(s) au dépôt « {Round.Depot} », à retirer. Les professionnels sont prévenus.";
            return Redirect($"/materiel/repartition/{Round.Id}?territoire={TerritoryId}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field is { } f && f.StartsWith("approved[", StringComparison.Ordinal) ? FormFields.Property(f) : "", e.Message);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Round is null)
        {
            return Round is null && TerritoryId is not null ? NotFound() : Forbid();
        }

        try
        {
            await allocations.CancelAsync(TerritoryId!.Value, Round.Id, User, ct);
            Message = $"Répartition n° {Round.Id} annulée : rien n'est réservé, les demandes attendent de nouveau.";
            return Redirect($"/materiel/repartition?territoire={TerritoryId}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError("", e.Message);
            return Page();
        }
    }

    /// <summary>What a line's field shows: what was typed on a refused post, else what is approved.</summary>
    public string Granted(AllocationLineView line) =>
        Request.HasFormContentType && Approved.TryGetValue(line.Id, out var typed) ? typed ?? "" : line.Approved.ToString(French.Culture);

    public int Total => Round is null ? 0 : Round.Lines.Sum(l => int.TryParse(Granted(l), out var n) ? n : 0);

    private async Task<bool> TerritoryAsync(CancellationToken ct)
    {
        if (!EquipmentAccess.IsCoordinator(User))
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

        var territory = TerritoryId!.Value;
        Depots = (await catalogue.DepotsAsync(territory, ct)).Where(d => d.Active).ToList();
        Items = await catalogue.ItemsAsync(territory, ct: ct);
        Rounds = await allocations.ListAsync(territory, User, ct);
        if (Id is { } id)
        {
            Round = await allocations.ShowAsync(territory, id, User, ct);
            (DepotId, ItemId) = (DepotId ?? Round.DepotId, ItemId ?? Round.ItemId);
        }

        return true;
    }
}
