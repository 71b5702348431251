using Maillage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Bulletins.Pages;

/// <summary>One message received: as it came (sanitised), its attachments, the bulletins that passed it on, its tags, and archiving.</summary>
[Authorize]
public sealed class DeskMessageModel(IncomingMessages messages) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }

    /// <summary>Shows the plain text even when the message has a formatted version.</summary>
    [BindProperty(SupportsGet = true, Name = "texte")] public bool PlainText { get; set; }

    [BindProperty] public string? Source { get; set; }

    [BindProperty] public List<string> Themes { get; set; } = [];

    [BindProperty] public List<string> Professions { get; set; } = [];

    [BindProperty] public int Version { get; set; }

    [TempData] public string? Message { get; set; }

    public MessageView Item { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!BulletinAccess.MayPublish(User))
        {
            return Forbid();
        }

        await LoadAsync(ct, keepInput: false);
        return Page();
    }

    public async Task<IActionResult> OnPostTagsAsync(CancellationToken ct)
    {
        if (!BulletinAccess.MayPublish(User))
        {
            return Forbid();
        }

        try
        {
            var source = EnumText.Parse<MessageSource>(Source, "source");
            await messages.TagAsync(Id, new MessageTags(Themes, Professions, source, Version), User, ct);
            Message = "Classement enregistré.";
            return Redirect(DeskPages.Message(Id));
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            DeskPages.Refuse(ModelState, e);
            await LoadAsync(ct, keepInput: true);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostArchiveAsync(bool restore, CancellationToken ct)
    {
        if (!BulletinAccess.MayPublish(User))
        {
            return Forbid();
        }

        await messages.ArchiveAsync(Id, restore, User, ct);
        Message = restore ? "Message restauré : il revient dans la liste." : "Message archivé : il quitte la liste (filtre « Archivés compris » pour le retrouver). Les bulletins qui l'ont transmis le gardent.";
        return Redirect(DeskPages.Message(Id));
    }

    private async Task LoadAsync(CancellationToken ct, bool keepInput)
    {
        Item = await messages.ShowAsync(Id, User, ct);
        if (!keepInput)
        {
            (Source, Themes, Professions, Version) = (EnumText.Kebab(Item.Source), [.. Item.Themes], [.. Item.Professions], Item.Version);
        }
    }
}
