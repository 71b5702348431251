using Maillage.Features.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Directory.Pages;

public sealed class ProfessionalModel(DirectoryAccess access, ShowProfessional show, ArchiveEntry archive, AuditLog audit, FindOwnEntry ownEntry) : PageModel
{
    public ProfessionalView Professional { get; private set; } = null!;

    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public bool CanEdit => DirectoryAccess.CanEdit(User);

    public bool IsOwnEntry { get; private set; }

    public async Task OnGetAsync(int id, CancellationToken ct)
    {
        Professional = await show.ExecuteAsync(id, await access.ReaderAsync(User, ct), ct);
        IsOwnEntry = !CanEdit && await ownEntry.ExecuteAsync(User, ct) == id;
        if (CanEdit)
        {
            History = (await audit.PageAsync(new AuditFilter(Target: $"professional:{id}"), 1, 20, ct)).Items;
        }
    }

    public async Task<IActionResult> OnPostArchiveAsync(int id, bool restore, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        await archive.ExecuteAsync(DirectoryEntryKind.Professional, id, restore, Actor.From(User), (await access.ReaderAsync(User, ct)).Scope, ct);
        Message = restore ? "Fiche rétablie." : "Fiche archivée : elle n'apparaît plus dans l'annuaire. Son historique est conservé.";
        return Redirect($"/annuaire/professionnels/{id}");
    }
}
