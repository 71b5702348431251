using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Directory.Pages;

public sealed class StructureEditModel(DirectoryAccess access, ShowStructure show, SaveStructure save, NameTerritories territoryNames) : PageModel
{
    [BindProperty] public int TerritoryId { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Finess { get; set; }
    [BindProperty] public string? Siret { get; set; }
    [BindProperty] public string? Siren { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Website { get; set; }
    [BindProperty] public string? Notes { get; set; }
    [BindProperty] public int? Version { get; set; }

    public int? Id { get; private set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public async Task OnGetAsync(int? id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (id is { } structureId)
        {
            var s = (await show.ExecuteAsync(structureId, await access.ReaderAsync(User, ct), ct)).Structure;
            (TerritoryId, Kind, Name, Finess, Siret, Siren, Phone, Email, Website, Notes, Version) =
                (s.TerritoryId, s.Kind, s.Name, s.Finess, s.Siret, s.Siren, s.Phone, s.Email, s.Website, s.Notes, s.Version);
        }
        else if (Territories.Count > 0)
        {
            TerritoryId = Territories.Keys.First();
        }
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        try
        {
            var saved = await save.ExecuteAsync(id, new StructureInput(TerritoryId, Kind, Name, Finess, Siret, Siren, Phone, Email, Website, Notes), Version,
                Actor.From(User), (await access.ReaderAsync(User, ct)).Scope, ct);
            TempData["Message"] = id is null ? "Structure créée. Ajoutez maintenant son ou ses sites." : "Fiche enregistrée.";
            return Redirect($"/annuaire/structures/{saved}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound || e.Field == "territoryId")
        {
            ModelState.AddModelError(FormFields.Property(e.Field), e.Message);
            await LoadAsync(id, ct);
            return Page();
        }
    }

    private async Task LoadAsync(int? id, CancellationToken ct)
    {
        Id = id;
        Territories = await territoryNames.ExecuteAsync(null, ct, (await access.ReaderAsync(User, ct)).Scope);
    }
}
