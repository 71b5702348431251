using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Accounts.Pages;

/// <summary>The second step of signing in, for accounts with an authenticator app.</summary>
public sealed class LoginCodeModel(SignInManager<AppUser> signIn, AuditLog audit) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Saisissez le code de votre application.")]
    [Display(Name = "Code à 6 chiffres")]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Redirect("/connexion") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Redirect("/connexion");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var code = Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        var target = $"user:{user.Email}";
        if (result.Succeeded)
        {
            await audit.RecordAsync(new Actor(user.Id, user.Email!), "login.success", target, "avec double authentification", ct);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        await audit.RecordAsync(Actor.Anonymous, result.IsLockedOut ? "login.lockout" : "login.failure", target, "code de double authentification incorrect", ct);
        ModelState.AddModelError(nameof(Code), "Code incorrect, ou compte verrouillé après plusieurs échecs.");
        Code = "";
        return Page();
    }
}
