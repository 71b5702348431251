using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Accounts.Pages.Admin;

public sealed class UserEditModel(ShowUser show, ChangeUserAccess changeAccess, NameTerritories territoryNames, AuditLog audit) : PageModel
{
    public UserView Account { get; private set; } = null!;

    [BindProperty]
    public string? Role { get; set; }

    [BindProperty]
    public List<int> TerritoryIds { get; set; } = [];

    [BindProperty]
    public bool Disabled { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    public async Task OnGetAsync(string id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Role = Account.Role;
        TerritoryIds = Account.Territories.Select(t => int.Parse(t.Code, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Disabled = Account.IsDisabled;
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        try
        {
            var user = await changeAccess.ExecuteAsync(id, new UserAccess(Role, TerritoryIds, Disabled), Actor.From(User), ct);
            TempData["Message"] = $"Compte {user.Email} mis à jour.";
            return Redirect("/admin/utilisateurs");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field == "territories" ? nameof(TerritoryIds) : nameof(Role), e.Message);
            await LoadAsync(id, ct);
            return Page();
        }
    }

    private async Task LoadAsync(string id, CancellationToken ct)
    {
        Account = await show.ExecuteAsync(id, ct);
        Territories = await territoryNames.ExecuteAsync(null, ct);
        History = (await audit.PageAsync(new AuditFilter(Target: $"user:{Account.Email}"), 1, 15, ct)).Items;
    }
}
