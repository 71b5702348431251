using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Accounts.Pages;

/// <summary>Optional second factor: a time-based code from an authenticator app (TOTP, RFC 6238).</summary>
public sealed class TwoFactorModel(UserManager<AppUser> users, AuditLog audit) : PageModel
{
    [BindProperty]
    [Display(Name = "Code à 6 chiffres de l'application")]
    public string? Code { get; set; }

    public bool Enabled { get; private set; }

    public string? SharedKey { get; private set; }

    public string? AuthenticatorUri { get; private set; }

    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : Challenge();

    public async Task<IActionResult> OnPostEnableAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), "Code incorrect : vérifiez l'heure du téléphone et saisissez le code affiché maintenant.");
            await LoadAsync();
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        await audit.RecordAsync(Actor.From(User), "2fa.enabled", $"user:{user.Email}", null, ct);
        Message = "Double authentification activée : un code vous sera demandé à chaque connexion.";
        return Redirect("/compte/double-authentification");
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.RecordAsync(Actor.From(User), "2fa.disabled", $"user:{user.Email}", null, ct);
        Message = "Double authentification désactivée.";
        return Redirect("/compte/double-authentification");
    }

    private async Task<bool> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return false;
        }

        Enabled = await users.GetTwoFactorEnabledAsync(user);
        if (!Enabled)
        {
            var key = await users.GetAuthenticatorKeyAsync(user);
            if (string.IsNullOrEmpty(key))
            {
                await users.ResetAuthenticatorKeyAsync(user);
                key = await users.GetAuthenticatorKeyAsync(user);
            }

            SharedKey = string.Join(' ', Enumerable.Range(0, (key!.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - (i * 4)))));
            AuthenticatorUri = $"otpauth://totp/Maillage:{Uri.EscapeDataString(user.Email!)}?secret={key}&issuer=Maillage&digits=6";
        }

        return true;
    }
}
