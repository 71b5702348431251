using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Accounts.Pages;

public sealed class LogoutModel(SignInManager<AppUser> signIn, AuditLog audit) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Shell/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await audit.RecordAsync(Actor.From(User), "logout", $"user:{User.Identity?.Name}", null, ct);
        await signIn.SignOutAsync();
        return Redirect("/connexion");
    }
}
