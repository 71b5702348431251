using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Bulletins.Pages;

/// <summary>The coordinator's bulletins of a territory: drafts first, then the scheduled, then the published with how many read them.</summary>
[Authorize]
public sealed class DeskBulletinsModel(ScopeOfUser scopeOfUser, NameTerritories territories, BulletinDesk desk) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "statut")] public string? StatusFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public Page<BulletinRow>? List { get; private set; }

    public BulletinStatus? Status => EnumText.TryParse<BulletinStatus>(StatusFilter, out var s) ? s : null;

    public bool Filtered => Status is not null || !string.IsNullOrWhiteSpace(Query);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!BulletinAccess.MayPublish(User))
        {
            return Forbid();
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is { } territory)
        {
            List = await desk.ListAsync(new BulletinFilter(territory, Status, Query), PageNumber, 25, User, ct);
        }

        return Page();
    }

    public string Link(int? page) =>
        $"/information/bulletins?territoire={TerritoryId}{(Status is { } s ? $"&statut={EnumText.Kebab(s)}" : "")}"
        + $"{(string.IsNullOrWhiteSpace(Query) ? "" : $"&q={Uri.EscapeDataString(Query.Trim())}")}{(page is > 1 ? $"&page={page}" : "")}";
}
