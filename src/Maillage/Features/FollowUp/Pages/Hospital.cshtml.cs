using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.FollowUp.Pages;

/// <summary>The hospital liaison's desk: patients in hospital now (to record their discharge), recent discharges and who took them over.</summary>
public sealed class HospitalModel(ScopeOfUser scopeOfUser, NameTerritories territories, ListHospitalStays stays) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public StayList Stays { get; private set; } = new([], [], 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!HospitalAccess.MayRecord(User))
        {
            return Forbid();
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is { } territory)
        {
            Stays = await stays.ExecuteAsync(territory, Search, User, ct);
        }

        return Page();
    }
}
