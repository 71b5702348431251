using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Accounts.Pages;

public sealed class ChangePasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AuditLog audit) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Saisissez votre mot de passe actuel.")]
    [Display(Name = "Mot de passe actuel")]
    public string Current { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Saisissez le nouveau mot de passe.")]
    [Display(Name = "Nouveau mot de passe")]
    public string New { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Confirmez le nouveau mot de passe.")]
    [Compare(nameof(New), ErrorMessage = "La confirmation ne correspond pas au nouveau mot de passe.")]
    [Display(Name = "Confirmation du nouveau mot de passe")]
    public string Confirm { get; set; } = "";

    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var result = await users.ChangePasswordAsync(user, Current, New);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? nameof(Current) : nameof(New), error.Description);
            }

            return Page();
        }

        await audit.RecordAsync(Actor.From(User), "password.changed", $"user:{user.Email}", null, ct);
        await signIn.RefreshSignInAsync(user);
        Done = true;
        return Page();
    }
}
