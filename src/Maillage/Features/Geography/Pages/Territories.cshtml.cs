using Maillage.Features.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Geography.Pages;

public sealed class TerritoriesModel(ScopeOfUser scopeOfUser, ListTerritories list) : PageModel
{
    public IReadOnlyList<TerritorySummary> Territories { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Territories = await list.ExecuteAsync(await scopeOfUser.ExecuteAsync(User, ct), ct);
}
