using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Crisis.Pages;

public sealed class CentreModel(DirectoryAccess access, ShowCentre show, MoveCentre move) : PageModel
{
    public CentreDetails Centre { get; private set; } = null!;

    [BindProperty] public CentreStage? Stage { get; set; }
    [BindProperty] public DateOnly? On { get; set; }
    [BindProperty] public string? Note { get; set; }

    [TempData] public string? Message { get; set; }

    public bool CanEdit => DirectoryAccess.CanEdit(User) && !Centre.EpisodeClosed && Centre.NextStages.Count > 0;

    public async Task OnGetAsync(int id, CancellationToken ct) => Centre = await show.ExecuteAsync(id, (await access.ReaderAsync(User, ct)).Scope, ct);

    public async Task<IActionResult> OnPostAsync(int id, int version, CancellationToken ct)
    {
        if (!DirectoryAccess.CanEdit(User))
        {
            return Forbid();
        }

        try
        {
            if (Stage is null)
            {
                throw DomainException.Invalid("Choisissez l'étape.", "stage");
            }

            await move.ExecuteAsync(id, Stage.Value, On, Note, version, Actor.From(User), (await access.ReaderAsync(User, ct)).Scope, ct);
            Message = $"Le centre est passé à l'étape « {CentreLifecycle.Labels[Stage.Value]} »."
                + (CentreLifecycle.ReceivesPatients(Stage.Value) ? " Il apparaît désormais dans la recherche de lieux." : " Il n'apparaît pas dans la recherche de lieux.");
            return Redirect($"/crise/centres/{id}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field == "version" ? "" : FormFields.Property(e.Field), e.Message);
            Centre = await show.ExecuteAsync(id, (await access.ReaderAsync(User, ct)).Scope, ct);
            return Page();
        }
    }
}
