using Maillage.Features.Accounts;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Features.Bulletins.Library.Pages;

/// <summary>A new version, starting from the current one; refused if someone else published one meanwhile.</summary>
[Authorize]
public sealed class ReviseModel(ScopeOfUser scopeOfUser, ShowDocument show, ListLibraryThemes themes, AddVersion add) : DocumentFormModel
{
    public DocumentDetails Document { get; private set; } = null!;

    [BindProperty] public int BasedOnVersion { get; set; }
    [BindProperty] public bool RemoveFile { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!LibraryAccess.MayEdit(User))
        {
            return Forbid();
        }

        await LoadAsync(id, ct);
        var current = Document.Current;
        Title = current.Title;
        Body = current.Body;
        ValidFrom = null;
        ValidUntil = current.ValidUntil;
        Themes = string.Join(", ", Document.Themes);
        Professions = Document.Professions.Select(p => p.Code).ToList();
        BasedOnVersion = current.Number;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!LibraryAccess.MayEdit(User))
        {
            return Forbid();
        }

        if (ModelState.IsValid)
        {
            try
            {
                var number = await add.ExecuteAsync(id,
                    new NewVersion(BasedOnVersion, Title ?? "", Body, ValidFrom, ValidUntil, ChangeNote, await ReadUploadAsync(ct), RemoveFile, ThemeList, Professions),
                    Actor.From(User), await scopeOfUser.ExecuteAsync(User, ct), ct);
                TempData["Message"] = $"Version {number} enregistrée : c'est désormais la version en vigueur.";
                return Redirect($"/bibliotheque/{id}");
            }
            catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
            {
                ShowError(e);
            }
        }

        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(int id, CancellationToken ct)
    {
        var scope = await scopeOfUser.ExecuteAsync(User, ct);
        Document = await show.ExecuteAsync(id, scope, ct);
        KnownThemes = await themes.ExecuteAsync(scope, ct);
    }
}
