using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Crisis.Pages;

public sealed class ProtocolModel(DirectoryAccess access, ShowProtocol show, ReviseProtocol revise) : PageModel
{
    public ProtocolDetails Protocol { get; private set; } = null!;

    /// <summary>The version shown: the current one unless another is asked for.</summary>
    public ProtocolVersionView Shown { get; private set; } = null!;

    public IReadOnlyList<DiffLine>? Changes { get; private set; }

    [BindProperty(SupportsGet = true)] public int? Version { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? ChangeNote { get; set; }
    [BindProperty] public int BasedOnVersion { get; set; }

    [TempData] public string? Message { get; set; }

    public bool CanEdit => DirectoryAccess.CanEdit(User) && !Protocol.EpisodeClosed;

    public async Task OnGetAsync(int id, CancellationToken ct)
    {
        await LoadAsync(id, ct);

        // Showing an old version pre-fills its text: saving it restores it as a new version.
        Body = Shown.Body;
        ChangeNote = Shown.Number == Protocol.Current.Number ? null : $"Retour à la version {Shown.Number}";
        BasedOnVersion = Protocol.Current.Number;
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!DirectoryAccess.CanEdit(User))
        {
            return Forbid();
        }

        try
        {
            var number = await revise.ExecuteAsync(id, Body, ChangeNote, BasedOnVersion, Actor.From(User), (await access.ReaderAsync(User, ct)).Scope, ct);
            Message = $"Version {number} enregistrée : c'est désormais la version en vigueur.";
            return Redirect($"/crise/protocoles/{id}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field == "version" ? "" : FormFields.Property(e.Field), e.Message);
            await LoadAsync(id, ct);
            return Page();
        }
    }

    private async Task LoadAsync(int id, CancellationToken ct)
    {
        Protocol = await show.ExecuteAsync(id, (await access.ReaderAsync(User, ct)).Scope, ct);
        Shown = Protocol.Versions.FirstOrDefault(v => v.Number == Version) ?? Protocol.Current;
        var previous = Protocol.Versions.LastOrDefault(v => v.Number < Shown.Number);
        Changes = previous is null ? null : TextDiff.Lines(previous.Body, Shown.Body);
    }
}
