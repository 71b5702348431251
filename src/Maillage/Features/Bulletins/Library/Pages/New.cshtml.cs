using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Features.Bulletins.Library.Pages;

[Authorize]
public sealed class NewModel(ScopeOfUser scopeOfUser, NameTerritories territories, ListLibraryThemes themes, CreateDocument create) : DocumentFormModel
{
    [BindProperty] public int? TerritoryId { get; set; }
    [BindProperty] public string? Kind { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!LibraryAccess.MayEdit(User))
        {
            return Forbid();
        }

        await LoadAsync(ct);
        TerritoryId ??= Territories.Keys.Order().Cast<int?>().FirstOrDefault();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!LibraryAccess.MayEdit(User))
        {
            return Forbid();
        }

        if (ModelState.IsValid)
        {
            try
            {
                var id = await create.ExecuteAsync(
                    new NewDocument(TerritoryId ?? throw DomainException.Invalid("Choisissez le territoire.", "territoryId"), LibraryRules.ParseKind(Kind), Title, Body,
                        ThemeList, Professions, ValidFrom, ValidUntil, await ReadUploadAsync(ct), ChangeNote: ChangeNote),
                    Actor.From(User), await scopeOfUser.ExecuteAsync(User, ct), ct);
                TempData["Message"] = "Document ajouté à la bibliothèque (version 1).";
                return Redirect($"/bibliotheque/{id}");
            }
            catch (DomainException e)
            {
                ShowError(e);
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var scope = await scopeOfUser.ExecuteAsync(User, ct);
        Territories = await territories.ExecuteAsync(null, ct, scope);
        KnownThemes = await themes.ExecuteAsync(scope, ct);
    }
}
