using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Bulletins.Pages;

/// <summary>
/// The unsubscribe link of the e-mails, for someone not signed in. Opening it changes nothing: mail
/// scanners follow links, so only the button (a POST) stops the e-mails.
/// </summary>
[AllowAnonymous]
public sealed class UnsubscribeModel(MailPreferences preferences) : PageModel
{
    public bool Known { get; private set; }

    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        Known = await preferences.KnownTokenAsync(token, ct);
        return Answer();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        Known = Done = await preferences.UnsubscribeAsync(token, ct);
        return Answer();
    }

    private PageResult Answer()
    {
        if (!Known)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }
}
