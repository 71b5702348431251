using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Equipment.Pages;

/// <summary>The territory's depots, and for coordinators a new one from a place of the directory.</summary>
public sealed class DepotsModel(ScopeOfUser scopeOfUser, NameTerritories territories, EquipmentCatalogue catalogue, LabelSites sites) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty] public int? SiteId { get; set; }

    [BindProperty] public string? Name { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<DepotView> Depots { get; private set; } = [];

    /// <summary>Places of the directory not yet a depot.</summary>
    public IReadOnlyList<SiteLabel> Sites { get; private set; } = [];

    public bool IsCoordinator => EquipmentAccess.IsCoordinator(User);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!EquipmentAccess.MayReadStock(User))
        {
            return Forbid();
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!IsCoordinator)
        {
            return Forbid();
        }

        await LoadAsync(ct);
        try
        {
            if (TerritoryId is not { } territory)
            {
                return Forbid();
            }

            var id = await catalogue.CreateDepotAsync(territory, new DepotRequest(SiteId ?? throw DomainException.Invalid("Choisissez un lieu de l'annuaire.", "siteId"), Name), User, ct);
            Message = $"Dépôt « {(await catalogue.DepotAsync(territory, id, ct)).Name} » créé.";
            return Redirect($"/materiel/depots?territoire={territory}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(FormFields.Property(e.Field), e.Message);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is { } territory)
        {
            Depots = await catalogue.DepotsAsync(territory, ct);
            if (IsCoordinator)
            {
                var taken = Depots.Select(d => d.SiteId).ToHashSet();
                Sites = (await sites.OfTerritoryAsync(territory, ct)).Where(s => !taken.Contains(s.SiteId)).ToList();
            }
        }
    }
}
