using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Reporting.Pages;

/// <summary>
/// The home of activity reporting for a territory: the current week and the ones before, each with its state and
/// how complete it is. The ARS sees only the approved weeks, and reads them as published.
/// </summary>
public sealed class IndexModel(ScopeOfUser scopeOfUser, NameTerritories territories, WeekSummaries summaries, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    /// <summary>The newest week shown (the current one when empty).</summary>
    [BindProperty(SupportsGet = true, Name = "semaine")] public string? Week { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public WeekList? Weeks { get; private set; }

    public bool Exact => ReportingAccess.MayReadExact(User);

    public bool MayEnter => ReportingAccess.MayEnter(User);

    public bool MayApprove => ReportingAccess.MayApprove(User);

    public bool MayReadPublished => ReportingAccess.MayReadPublished(User);

    public string TerritoryName => TerritoryId is { } t ? Territories.GetValueOrDefault(t) ?? "" : "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ReportingAccess.MayReadExact(User) && !ReportingAccess.MayReadPublished(User))
        {
            return Forbid();
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is not { } territory)
        {
            return Page();
        }

        var newest = ReportingPages.WeekOf(Week, French.Today(time));
        if (newest is null)
        {
            ModelState.AddModelError("semaine", $"Semaine invalide « {Week} » : attendu une semaine ISO comme 2020-W14.");
        }

        Weeks = await summaries.ExecuteAsync(territory, newest, User, ct);
        return Page();
    }

    public string Link(DateOnly newest) => $"/activite?territoire={TerritoryId}&semaine={IsoWeeks.Label(newest)}";
}
