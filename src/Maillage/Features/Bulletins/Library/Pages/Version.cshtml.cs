using Maillage.Features.Accounts;
using Maillage.Features.Crisis;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Bulletins.Library.Pages;

/// <summary>One version, current or not, with what changed since the one before; an older one can be brought back.</summary>
[Authorize]
public sealed class VersionModel(ScopeOfUser scopeOfUser, ShowDocument show, RestoreVersion restore) : PageModel
{
    public DocumentDetails Document { get; private set; } = null!;

    public VersionView Shown { get; private set; } = null!;

    public int? PreviousNumber { get; private set; }

    public IReadOnlyList<DiffLine>? Changes { get; private set; }

    [BindProperty] public int BasedOnVersion { get; set; }

    public bool CanRestore => LibraryAccess.MayEdit(User) && Document.Editable && Shown.Number != Document.Current.Number;

    public async Task OnGetAsync(int id, int number, CancellationToken ct) => await LoadAsync(id, number, ct);

    public async Task<IActionResult> OnPostAsync(int id, int number, CancellationToken ct)
    {
        if (!LibraryAccess.MayEdit(User))
        {
            return Forbid();
        }

        try
        {
            var created = await restore.ExecuteAsync(id, number, BasedOnVersion, Actor.From(User), await scopeOfUser.ExecuteAsync(User, ct), ct);
            TempData["Message"] = $"Le texte de la version {number} est rétabli : c'est la version {created}, en vigueur.";
            return Redirect($"/bibliotheque/{id}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError("", e.Message);
            await LoadAsync(id, number, ct);
            return Page();
        }
    }

    private async Task LoadAsync(int id, int number, CancellationToken ct)
    {
        Document = await show.ExecuteAsync(id, await scopeOfUser.ExecuteAsync(User, ct), ct);
        Shown = Document.Versions.FirstOrDefault(v => v.Number == number) ?? throw DomainException.NotFound($"Aucune version {number} de ce document.");
        BasedOnVersion = Document.Current.Number;
        var previous = Document.Versions.LastOrDefault(v => v.Number < number);
        PreviousNumber = previous?.Number;
        Changes = previous is null ? null : TextDiff.Lines($"{previous.Title}\n\n{previous.Body}", $"{Shown.Title}\n\n{Shown.Body}");
    }
}
