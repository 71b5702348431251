using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Crisis.Pages;

public sealed class IndexModel(DirectoryAccess access, ListEpisodes list, OpenEpisode open, NameTerritories territoryNames) : PageModel
{
    [BindProperty] public int TerritoryId { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public DateOnly? OpenedOn { get; set; }

    public IReadOnlyList<EpisodeSummary> Episodes { get; private set; } = [];

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public bool CanEdit => DirectoryAccess.CanEdit(User);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        try
        {
            var id = await open.ExecuteAsync(TerritoryId, Name, OpenedOn, Actor.From(User), (await access.ReaderAsync(User, ct)).Scope, ct: ct);
            TempData["Message"] = "Crise ouverte. Indiquez le stade d'alerte national et réunissez la cellule de crise.";
            return Redirect($"/crise/{id}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound || e.Field == "territoryId")
        {
            ModelState.AddModelError(FormFields.Property(e.Field), e.Message);
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var scope = (await access.ReaderAsync(User, ct)).Scope;
        Episodes = await list.ExecuteAsync(scope, ct);
        Territories = await territoryNames.ExecuteAsync(null, ct, scope);
    }
}
