using System.Globalization;
using Maillage.Features.Accounts;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Geography.Pages;

public sealed class TerritoryModel(
    ScopeOfUser scopeOfUser,
    ShowTerritory show,
    ChangeTerritory change,
    SearchCommunes search,
    AuditLog audit) : PageModel
{
    public TerritoryDetails Details { get; private set; } = null!;

    public Page<CommuneHit>? SearchResults { get; private set; }

    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty]
    public string? NewName { get; set; }

    [BindProperty]
    public string? EpciCode { get; set; }

    [TempData]
    public string? Message { get; set; }

    public bool CanEdit => User.IsInRole(Roles.Administrator) || User.IsInRole(Roles.Coordinator);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            try
            {
                SearchResults = await search.ExecuteAsync(Q, 1, 20, ct);
            }
            catch (DomainException e)
            {
                ModelState.AddModelError(nameof(Q), e.Message);
            }
        }

        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(int id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        var bytes = Csv.Write(
            ["code_insee", "nom", "codes_postaux", "population", "departement", "origine"],
            Details.Communes.Select(c => new object?[] { c.Code, c.Name, c.PostalCodes, c.Population, c.DepartementCode, c.Source }));
        var fileName = $"territoire-{id}-communes.csv";
        return File(bytes, "text/csv; charset=utf-8", fileName);
    }

    public Task<IActionResult> OnPostAddCommuneAsync(int id, string code, int version, CancellationToken ct) =>
        ApplyAsync(id, version, new TerritoryChange(TerritoryChangeKind.AddCommune, code ?? ""), nameof(Q), ct);

    public Task<IActionResult> OnPostRemoveCommuneAsync(int id, string code, int version, CancellationToken ct) =>
        ApplyAsync(id, version, new TerritoryChange(TerritoryChangeKind.RemoveCommune, code ?? ""), "", ct);

    public Task<IActionResult> OnPostAddEpciAsync(int id, int version, CancellationToken ct) =>
        ApplyAsync(id, version, new TerritoryChange(TerritoryChangeKind.AddEpci, EpciCode ?? ""), nameof(EpciCode), ct);

    public Task<IActionResult> OnPostRemoveEpciAsync(int id, string code, int version, CancellationToken ct) =>
        ApplyAsync(id, version, new TerritoryChange(TerritoryChangeKind.RemoveEpci, code ?? ""), "", ct);

    public Task<IActionResult> OnPostRenameAsync(int id, int version, CancellationToken ct) =>
        ApplyAsync(id, version, new TerritoryChange(TerritoryChangeKind.Rename, NewName ?? ""), nameof(NewName), ct);

    private async Task<IActionResult> ApplyAsync(int id, int version, TerritoryChange territoryChange, string field, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        try
        {
            var summary = await change.ExecuteAsync(id, version, territoryChange, Actor.From(User), await scopeOfUser.ExecuteAsync(User, ct), ct);
            Message = territoryChange.Kind switch
            {
                TerritoryChangeKind.AddCommune => $"Commune {territoryChange.Value} ajoutée : le territoire compte {summary.CommuneCount} communes.",
                TerritoryChangeKind.RemoveCommune => $"Commune {territoryChange.Value} retirée : le territoire compte {summary.CommuneCount} communes.",
                TerritoryChangeKind.AddEpci => $"EPCI {territoryChange.Value} ajouté : le territoire compte {summary.CommuneCount} communes.",
                TerritoryChangeKind.RemoveEpci => $"EPCI {territoryChange.Value} retiré : le territoire compte {summary.CommuneCount} communes.",
                _ => $"Territoire renommé « {summary.Name} ».",
            };
            return Redirect($"/territoires/{id}" + (territoryChange.Kind == TerritoryChangeKind.AddCommune && !string.IsNullOrWhiteSpace(Q) ? $"?q={Uri.EscapeDataString(Q)}" : ""));
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(field, e.Message);
            return await OnGetAsync(id, ct);
        }
    }

    private async Task LoadAsync(int id, CancellationToken ct)
    {
        Details = await show.ExecuteAsync(id.ToString(CultureInfo.InvariantCulture), await scopeOfUser.ExecuteAsync(User, ct), ct);
        History = (await audit.PageAsync(new AuditFilter(Target: $"territory:{id}"), 1, 20, ct)).Items;
        NewName ??= Details.Summary.Name;
    }
}
