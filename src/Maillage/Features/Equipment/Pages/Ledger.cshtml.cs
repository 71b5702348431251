using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Equipment.Pages;

/// <summary>The ledger of the territory's operations, newest first, filtered, and its CSV export.</summary>
public sealed class LedgerModel(ScopeOfUser scopeOfUser, NameTerritories territories, EquipmentCatalogue catalogue, StockReads reads) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "du")] public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")] public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "depot")] public int? DepotId { get; set; }

    [BindProperty(SupportsGet = true, Name = "article")] public int? ItemId { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")] public string? Kind { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<DepotView> Depots { get; private set; } = [];

    public IReadOnlyList<ItemView> Items { get; private set; } = [];

    public Page<OperationView>? Operations { get; private set; }

    public OperationFilter Filter { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!EquipmentAccess.MayHandle(User))
        {
            return Forbid();
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is not { } territory)
        {
            return Page();
        }

        Depots = await catalogue.DepotsAsync(territory, ct);
        Items = await catalogue.ItemsAsync(territory, false, ct);
        DateOnly? Read(string? text, string field, string name)
        {
            try
            {
                return DepotPages.Date(text, field);
            }
            catch (DomainException e)
            {
                ModelState.AddModelError(name, e.Message);
                return null;
            }
        }

        OperationKind? kind = null;
        if (!string.IsNullOrWhiteSpace(Kind))
        {
            if (EquipmentLabels.TryParse<OperationKind>(Kind, out var k))
            {
                kind = k;
            }
            else
            {
                ModelState.AddModelError("type", "Type de mouvement inconnu.");
            }
        }

        Filter = new OperationFilter(Read(From, "du", "du"), Read(To, "au", "au"), DepotId, ItemId, kind);
        Operations = await reads.OperationsAsync(territory, Filter, PageNumber, Paging.DefaultPageSize, User, ct);
        return Page();
    }

    /// <summary>The same filters, as the page and the CSV export read them.</summary>
    private string Query(bool api)
    {
        var parts = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null && value.ToString() is { Length: > 0 } text)
            {
                parts.Add($"{name}={Uri.EscapeDataString(text)}");
            }
        }

        Add(api ? "from" : "du", Filter.From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Add(api ? "to" : "au", Filter.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Add(api ? "depotId" : "depot", Filter.DepotId);
        Add(api ? "itemId" : "article", Filter.ItemId);
        Add(api ? "kind" : "type", Filter.Kind is { } k ? EquipmentLabels.Kebab(k) : null);
        return string.Join("&", parts);
    }

    public string Link(int page) => $"/materiel/mouvements?territoire={TerritoryId}&{Query(false)}&page={page}";

    public string CsvLink => $"/api/equipment/territories/{TerritoryId}/operations.csv?{Query(true)}";
}
