using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Bulletins.Pages;

/// <summary>A week of a territory, profession by profession: who got bulletins and read them, and who got nothing while messages for them wait.</summary>
[Authorize]
public sealed class DeskCoverageModel(ScopeOfUser scopeOfUser, NameTerritories territories, WeekCoverage coverage, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "semaine")] public string? Week { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public CoverageReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!BulletinAccess.MayPublish(User))
        {
            return Forbid();
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is not { } territory)
        {
            return Page();
        }

        var today = French.Today(time);
        DateOnly monday;
        try
        {
            monday = string.IsNullOrWhiteSpace(Week) ? IsoWeeks.Monday(today) : IsoWeeks.Parse(Week, "semaine");
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("semaine", e.Message);
            monday = IsoWeeks.Monday(today);
        }

        Report = await coverage.ExecuteAsync(territory, monday, User, ct);
        return Page();
    }

    public string Link(DateOnly monday) => $"/information/couverture?territoire={TerritoryId}&semaine={IsoWeeks.Label(monday)}";

    /// <summary>The messages of the week for a profession still waiting to be passed on.</summary>
    public string Waiting(string profession) => $"{DeskPages.Messages}?territoire={TerritoryId}&profession={Uri.EscapeDataString(profession)}&nondiffuses=true";
}
