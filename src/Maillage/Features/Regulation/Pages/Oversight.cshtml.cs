using Maillage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Regulation.Pages;

/// <summary>How each site oriented its calls this week, under each protocol version, and which sites stand out.</summary>
[Authorize(Policy = RegulationFeature.AuthorPolicy)]
public sealed class OversightModel(OpenRegulationDesk desk, RegulationOversight oversight, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "semaine")] public DateOnly? Week { get; set; }

    public string TerritoryName { get; private set; } = "";

    public OversightReport Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var opened = await desk.ExecuteAsync(User, TerritoryId, ct);
        if (opened.TerritoryId is not { } territory)
        {
            return NotFound();
        }

        TerritoryId = territory;
        TerritoryName = opened.TerritoryName;
        Report = await oversight.ExecuteAsync(territory, Week ?? French.Today(time), opened.Scope, ct);
        return Page();
    }
}
