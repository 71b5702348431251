using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Accounts.Pages;

public sealed class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, AuditLog audit) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Saisissez votre adresse e-mail.")]
    [Display(Name = "Adresse e-mail")]
    public string Email { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Saisissez votre mot de passe.")]
    [Display(Name = "Mot de passe")]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = Email.Trim();
        var user = await users.FindByEmailAsync(email);
        var lockedBefore = user is not null && await users.IsLockedOutAsync(user);
        var result = user is null || lockedBefore
            ? (lockedBefore ? Microsoft.AspNetCore.Identity.SignInResult.LockedOut : Microsoft.AspNetCore.Identity.SignInResult.Failed)
            : await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        var target = $"user:{email}";
        if (result.RequiresTwoFactor)
        {
            return Redirect("/connexion/code" + (Url.IsLocalUrl(ReturnUrl) ? $"?ReturnUrl={Uri.EscapeDataString(ReturnUrl)}" : ""));
        }

        if (result.Succeeded)
        {
            await audit.RecordAsync(new Actor(user!.Id, email), "login.success", target, null, ct);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        if (result.IsLockedOut)
        {
            await audit.RecordAsync(Actor.Anonymous, lockedBefore ? "login.refused-locked" : "login.lockout", target,
                lockedBefore ? "tentative sur un compte verrouillé" : "compte verrouillé après trop d'échecs", ct);
        }
        else
        {
            await audit.RecordAsync(Actor.Anonymous, "login.failure", target, user is null ? "compte inconnu" : "mot de passe incorrect", ct);
        }

        // One message whatever happened, so that the page does not tell which accounts exist or are locked;
        // the audit log keeps the distinction.
        ModelState.AddModelError(string.Empty, "Adresse e-mail ou mot de passe incorrect, ou compte verrouillé (15 minutes après 5 échecs) ou désactivé.");

        Password = "";
        return Page();
    }
}
