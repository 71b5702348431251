using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Equipment.Pages;

/// <summary>The territory's donors with what each gave; a donor's page is the printable thank-you list.</summary>
public sealed class DonorsModel(ScopeOfUser scopeOfUser, NameTerritories territories, EquipmentCatalogue catalogue) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")] public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public Page<DonorView>? Donors { get; private set; }

    public string Link(int page) => $"/materiel/donateurs?territoire={TerritoryId}&q={Uri.EscapeDataString(Text ?? "")}&page={page}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!EquipmentAccess.MayHandle(User))
        {
            return Forbid();
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is { } territory)
        {
            Donors = await catalogue.DonorsAsync(territory, Text, PageNumber, null, ct);
        }

        return Page();
    }
}
