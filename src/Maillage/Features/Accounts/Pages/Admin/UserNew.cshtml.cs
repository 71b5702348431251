using System.ComponentModel.DataAnnotations;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Accounts.Pages.Admin;

public sealed class UserNewModel(AddUser addUser, NameTerritories territoryNames) : PageModel
{
    [BindProperty]
    [Display(Name = "Adresse e-mail")]
    public string? Email { get; set; }

    [BindProperty]
    [Display(Name = "Nom affiché")]
    public string? DisplayName { get; set; }

    [BindProperty]
    [Display(Name = "Rôle")]
    public string? Role { get; set; }

    [BindProperty]
    public List<int> TerritoryIds { get; set; } = [];

    [BindProperty]
    [Display(Name = "Mot de passe initial")]
    public string? Password { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public async Task OnGetAsync(CancellationToken ct) => Territories = await territoryNames.ExecuteAsync(null, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Territories = await territoryNames.ExecuteAsync(null, ct);
        try
        {
            var user = await addUser.ExecuteAsync(
                new NewUser(Email, DisplayName, Role, TerritoryIds.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(), Password),
                Actor.From(User), ct);
            TempData["Message"] = $"Compte {user.Email} créé. Transmettez-lui son mot de passe initial par un autre canal.";
            return Redirect("/admin/utilisateurs");
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(e.Field switch
            {
                "email" => nameof(Email),
                "role" => nameof(Role),
                "password" => nameof(Password),
                _ => nameof(TerritoryIds),
            }, e.Message);
            Password = null;
            return Page();
        }
    }
}
