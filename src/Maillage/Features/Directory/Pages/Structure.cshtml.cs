using Maillage.Features.Accounts;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Directory.Pages;

public sealed class StructureModel(
    DirectoryAccess access,
    ShowStructure show,
    ListProfessionals professionals,
    ChangeMembership changeMembership,
    ArchiveEntry archive,
    AuditLog audit) : PageModel
{
    public StructureDetails Details { get; private set; } = null!;

    public IReadOnlyList<ProfessionalRow> Candidates { get; private set; } = [];

    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    [BindProperty]
    public int? ProfessionalId { get; set; }

    [BindProperty]
    public string Role { get; set; } = "membre";

    [BindProperty]
    public string? College { get; set; }

    [BindProperty]
    public List<int> SiteIds { get; set; } = [];

    /// <summary>Narrows the professionals offered as new members (large territories have thousands).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Who { get; set; }

    public int CandidateTotal { get; private set; }

    public bool CanEdit => DirectoryAccess.CanEdit(User);

    public async Task OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostMemberAsync(int id, CancellationToken ct) =>
        await EditAsync(id, async (actor, scope) =>
        {
            if (ProfessionalId is null)
            {
                throw DomainException.Invalid("Choisissez un professionnel.", "professionalId");
            }

            await changeMembership.ExecuteAsync(id, ProfessionalId.Value, Role, College, SiteIds, actor, scope, ct);
            return "Membre enregistré.";
        }, ct);

    public async Task<IActionResult> OnPostRemoveMemberAsync(int id, int professionalId, CancellationToken ct) =>
        await EditAsync(id, async (actor, scope) =>
        {
            await changeMembership.ExecuteAsync(id, professionalId, null, null, null, actor, scope, ct);
            return "Membre retiré.";
        }, ct);

    public async Task<IActionResult> OnPostArchiveAsync(int id, bool restore, CancellationToken ct) =>
        await EditAsync(id, async (actor, scope) =>
        {
            await archive.ExecuteAsync(DirectoryEntryKind.Structure, id, restore, actor, scope, ct);
            return restore ? "Structure rétablie." : "Structure archivée : elle n'apparaît plus dans les recherches. Son historique est conservé.";
        }, ct);

    public async Task<IActionResult> OnPostArchiveSiteAsync(int id, int siteId, bool restore, CancellationToken ct) =>
        await EditAsync(id, async (actor, scope) =>
        {
            await archive.ExecuteAsync(DirectoryEntryKind.Site, siteId, restore, actor, scope, ct);
            return restore ? "Site rétabli." : "Site archivé.";
        }, ct);

    private async Task<IActionResult> EditAsync(int id, Func<Actor, UserScope, Task<string>> change, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        try
        {
            Message = await change(Actor.From(User), (await access.ReaderAsync(User, ct)).Scope);
            return Redirect($"/annuaire/structures/{id}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field == "role" ? nameof(Role) : e.Field == "college" ? nameof(College) : nameof(ProfessionalId), e.Message);
            await LoadAsync(id, ct);
            return Page();
        }
    }

    private async Task LoadAsync(int id, CancellationToken ct)
    {
        var reader = await access.ReaderAsync(User, ct);
        Details = await show.ExecuteAsync(id, reader, ct);
        History = (await audit.PageAsync(new AuditFilter(Target: $"structure:{id}"), 1, 20, ct)).Items;
        if (CanEdit)
        {
            var members = Details.Members.Select(m => m.ProfessionalId).ToHashSet();
            var page = await professionals.ExecuteAsync(new DirectoryFilter(Text: Who, TerritoryId: Details.Structure.TerritoryId), reader.Scope, 1, Paging.MaxPageSize, ct);
            CandidateTotal = page.TotalCount;
            Candidates = page.Items.Where(p => !members.Contains(p.Id)).ToList();
        }
    }
}
