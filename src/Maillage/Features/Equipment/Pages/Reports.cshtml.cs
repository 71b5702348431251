using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Equipment.Pages;

/// <summary>Movements over a period, by kind, item, origin and receiving profession; for one item, the daily flows and stock as a chart beside its table.</summary>
public sealed class ReportsModel(ScopeOfUser scopeOfUser, NameTerritories territories, EquipmentCatalogue catalogue, EquipmentReports reports) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "du")] public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")] public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "article")] public int? ItemId { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<ItemView> Items { get; private set; } = [];

    public FlowReport? Report { get; private set; }

    public string? Error { get; private set; }

    public string Query => $"territoire={TerritoryId}&du={Report?.From:yyyy-MM-dd}&au={Report?.To:yyyy-MM-dd}{(ItemId is { } i ? $"&itemId={i}" : "")}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!EquipmentAccess.MayReadStock(User))
        {
            return Forbid();
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is not { } territory)
        {
            return Page();
        }

        Items = await catalogue.ItemsAsync(territory, ct: ct);
        try
        {
            Report = await reports.ExecuteAsync(territory, From, To, ItemId, User, ct);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Invalid)
        {
            ModelState.AddModelError(e.Field == "itemId" ? "article" : e.Field == "from" ? "du" : "", e.Message);
            Error = e.Message;
        }

        return Page();
    }
}
