using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Bulletins.Pages;

/// <summary>How often a professional wants bulletins by e-mail, and to which address they go.</summary>
public sealed class PreferencesModel(Inbox inbox, MailPreferences preferences) : PageModel
{
    /// <summary>Typed as text: an unknown value is an error on the form, not a binding failure.</summary>
    [BindProperty] public string? Mode { get; set; }

    [TempData] public string? Message { get; set; }

    public MailSettings Settings { get; private set; } = null!;

    public static string Value(MailMode mode) => mode.ToString().ToLowerInvariant();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Settings = await preferences.GetAsync(await inbox.ReaderAsync(User, ct), ct);
        Mode = Value(Settings.Mode);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var me = await inbox.ReaderAsync(User, ct);
        var chosen = InboxPages.Modes.Select(m => m.Mode).Cast<MailMode?>().FirstOrDefault(m => Value(m!.Value) == Mode?.Trim().ToLowerInvariant());
        if (chosen is not { } mode)
        {
            ModelState.AddModelError(nameof(Mode), "Choisissez la fréquence des e-mails : aucun, un résumé quotidien ou immédiatement.");
            Settings = await preferences.GetAsync(me, ct);
            return Page();
        }

        try
        {
            await preferences.SetAsync(me, mode, ct);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Invalid)
        {
            ModelState.AddModelError(nameof(Mode), e.Message);
            Settings = await preferences.GetAsync(me, ct);
            return Page();
        }

        Message = $"Préférence enregistrée : {InboxPages.ModeLabel(mode).ToLower(French.Culture)}.";
        return Redirect(InboxPages.Preferences);
    }
}
