using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Rosters.Pages;

public sealed class CentreSetupModel(DirectoryAccess access, ShowCentreSetup show, AddRole addRole, AddStandardRoles addStandard, AddShiftTemplate addShift) : PageModel
{
    public CentreSetup Setup { get; private set; } = null!;

    [TempData] public string? Message { get; set; }

    [BindProperty] public string? Label { get; set; }
    [BindProperty] public List<string> RoleProfessions { get; set; } = [];
    [BindProperty] public bool Exposed { get; set; } = true;
    [BindProperty] public string? ShiftName { get; set; }
    [BindProperty] public string? Pattern { get; set; }
    [BindProperty] public Dictionary<int, int> Headcounts { get; set; } = [];

    public bool CanEdit => DirectoryAccess.CanEdit(User) && Setup.Editable;

    public async Task OnGetAsync(int id, CancellationToken ct) => Setup = await show.ExecuteAsync(id, (await access.ReaderAsync(User, ct)).Scope, ct);

    public Task<IActionResult> OnPostStandardAsync(int id, CancellationToken ct) =>
        EditAsync(id, async (actor, scope) => $"{await addStandard.ExecuteAsync(id, actor, scope, ct)} rôle(s) standard ajouté(s).", ct);

    public Task<IActionResult> OnPostRoleAsync(int id, CancellationToken ct) =>
        EditAsync(id, async (actor, scope) =>
        {
            await addRole.ExecuteAsync(id, Label, RoleProfessions, Exposed, actor, scope, ct);
            return $"Rôle « {Label} » ajouté.";
        }, ct);

    public Task<IActionResult> OnPostShiftAsync(int id, CancellationToken ct) =>
        EditAsync(id, async (actor, scope) =>
        {
            await addShift.ExecuteAsync(id, ShiftName, Pattern, Headcounts, actor, scope, ct);
            return $"Créneau « {ShiftName} » ajouté.";
        }, ct);

    private async Task<IActionResult> EditAsync(int id, Func<Actor, UserScope, Task<string>> change, CancellationToken ct)
    {
        if (!DirectoryAccess.CanEdit(User))
        {
            return Forbid();
        }

        try
        {
            Message = await change(Actor.From(User), (await access.ReaderAsync(User, ct)).Scope);
            return Redirect($"/plannings/centres/{id}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field switch
            {
                "professions" => nameof(RoleProfessions),
                "name" => nameof(ShiftName),
                "centre" => "",
                _ => FormFields.Property(e.Field),
            }, e.Message);
            Setup = await show.ExecuteAsync(id, (await access.ReaderAsync(User, ct)).Scope, ct);
            return Page();
        }
    }
}
