using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Directory.Pages;

public sealed class ProfessionalEditModel(DirectoryAccess access, ShowProfessional show, SaveProfessional save, UpdateOwnEntry updateOwnEntry, NameTerritories territoryNames, FindOwnEntry ownEntry) : PageModel
{
    [BindProperty] public int TerritoryId { get; set; }
    [BindProperty] public string? Rpps { get; set; }
    [BindProperty] public string? FirstName { get; set; }
    [BindProperty] public string? LastName { get; set; }
    [BindProperty] public string? Profession { get; set; }
    [BindProperty] public PracticeMode PracticeMode { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? MssanteAddress { get; set; }
    [BindProperty] public bool AcceptsNewPatients { get; set; }
    [BindProperty] public bool AtRisk { get; set; }
    [BindProperty] public int? Version { get; set; }

    public int? Id { get; private set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    /// <summary>A professional editing their own entry, not a coordinator.</summary>
    public bool IsOwnEntry { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (!await AllowedAsync(id, ct))
        {
            return Forbid();
        }

        await LoadAsync(id, ct);
        if (id is { } professionalId)
        {
            var p = await show.ExecuteAsync(professionalId, await access.ReaderAsync(User, ct), ct);
            (TerritoryId, Rpps, FirstName, LastName, Profession, PracticeMode, Phone, Email, MssanteAddress, AcceptsNewPatients, AtRisk, Version) =
                (p.TerritoryId, p.Rpps, p.FirstName, p.LastName, p.Profession, p.PracticeMode, p.Phone, p.Email, p.MssanteAddress, p.AcceptsNewPatients, p.AtRisk ?? false, p.Version);
        }
        else if (Territories.Count > 0)
        {
            TerritoryId = Territories.Keys.First();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        if (!await AllowedAsync(id, ct))
        {
            return Forbid();
        }

        try
        {
            if (IsOwnEntry)
            {
                await updateOwnEntry.ExecuteAsync(User, id!.Value, new OwnEntryInput(PracticeMode, Phone, Email, MssanteAddress, AcceptsNewPatients), Version, ct);
                TempData["Message"] = "Votre fiche est à jour.";
                return Redirect($"/annuaire/professionnels/{id}");
            }

            var saved = await save.ExecuteAsync(id,
                new ProfessionalInput(TerritoryId, Rpps, FirstName, LastName, Profession, PracticeMode, Phone, Email, MssanteAddress, AcceptsNewPatients, AtRisk),
                Version, Actor.From(User), (await access.ReaderAsync(User, ct)).Scope, ct);
            TempData["Message"] = "Fiche enregistrée.";
            return Redirect($"/annuaire/professionnels/{saved}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound || e.Field == "territoryId")
        {
            ModelState.AddModelError(FormFields.Property(e.Field), e.Message);
            await LoadAsync(id, ct);
            if (IsOwnEntry)
            {
                // Identity fields are not in the reduced form: show them as stored.
                var stored = await show.ExecuteAsync(id!.Value, await access.ReaderAsync(User, ct), ct);
                (FirstName, LastName, Profession, Rpps) = (stored.FirstName, stored.LastName, stored.Profession, stored.Rpps);
            }

            return Page();
        }
    }

    private async Task<bool> AllowedAsync(int? id, CancellationToken ct)
    {
        if (DirectoryAccess.CanEdit(User))
        {
            return true;
        }

        IsOwnEntry = id is not null && id == await ownEntry.ExecuteAsync(User, ct);
        return IsOwnEntry;
    }

    private async Task LoadAsync(int? id, CancellationToken ct)
    {
        Id = id;
        Territories = await territoryNames.ExecuteAsync(null, ct, (await access.ReaderAsync(User, ct)).Scope);
    }
}
