using Maillage.Features.Accounts;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Bulletins.Library.Pages;

/// <summary>A document as it stands: the current version, its history, and what an editor may do with it.</summary>
[Authorize]
public sealed class DocumentModel(ScopeOfUser scopeOfUser, ShowDocument show, SearchLibrary search, SupersedeDocument supersede, ArchiveDocument archive) : PageModel
{
    public DocumentDetails Document { get; private set; } = null!;

    /// <summary>Documents of the same territory that could replace this one.</summary>
    public IReadOnlyList<DocumentSummary> Candidates { get; private set; } = [];

    [BindProperty] public int? ByDocumentId { get; set; }
    [BindProperty] public int ExpectedVersion { get; set; }

    [TempData] public string? Message { get; set; }

    public bool CanEdit => LibraryAccess.MayEdit(User);

    public async Task OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct);

    public Task<IActionResult> OnPostSupersedeAsync(int id, CancellationToken ct) =>
        EditAsync(id, async (actor, scope) =>
        {
            if (ByDocumentId is null)
            {
                throw DomainException.Invalid("Choisissez le document qui remplace celui-ci.", "byDocumentId");
            }

            await supersede.ExecuteAsync(id, ByDocumentId, ExpectedVersion, actor, scope, ct);
            return "Document marqué comme remplacé : il reste consultable.";
        }, ct);

    public Task<IActionResult> OnPostUnsupersedeAsync(int id, CancellationToken ct) =>
        EditAsync(id, async (actor, scope) =>
        {
            await supersede.ExecuteAsync(id, null, ExpectedVersion, actor, scope, ct);
            return "Le document n'est plus marqué comme remplacé.";
        }, ct);

    public Task<IActionResult> OnPostArchiveAsync(int id, CancellationToken ct) =>
        EditAsync(id, async (actor, scope) =>
        {
            await archive.ExecuteAsync(id, true, actor, scope, ct);
            return "Document archivé : il n'apparaît plus dans les recherches, sauf en incluant les archives.";
        }, ct);

    public Task<IActionResult> OnPostRestoreAsync(int id, CancellationToken ct) =>
        EditAsync(id, async (actor, scope) =>
        {
            await archive.ExecuteAsync(id, false, actor, scope, ct);
            return "Document restauré dans la bibliothèque.";
        }, ct);

    private async Task<IActionResult> EditAsync(int id, Func<Actor, UserScope, Task<string>> action, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        try
        {
            Message = await action(Actor.From(User), await scopeOfUser.ExecuteAsync(User, ct));
            return Redirect($"/bibliotheque/{id}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field is "version" or null ? "" : FormFields.Property(e.Field), e.Message);
            await LoadAsync(id, ct);
            return Page();
        }
    }

    private async Task LoadAsync(int id, CancellationToken ct)
    {
        var scope = await scopeOfUser.ExecuteAsync(User, ct);
        Document = await show.ExecuteAsync(id, scope, ct);
        ExpectedVersion = Document.Version;
        if (CanEdit)
        {
            var found = await search.ExecuteAsync(new LibraryQuery(TerritoryId: Document.TerritoryId, IncludeExpired: true), scope, 1, Paging.MaxPageSize, ct);
            Candidates = found.Items.Where(d => d.Id != id).ToList();
        }
    }
}
