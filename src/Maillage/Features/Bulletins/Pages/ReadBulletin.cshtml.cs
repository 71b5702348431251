using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Bulletins.Pages;

/// <summary>
/// One bulletin as its recipient reads it, with the messages it passes on and the read acknowledgement.
/// This address is the one in the e-mails, so those who publish land on it too and are sent to the follow-up.
/// </summary>
public sealed class ReadBulletinModel(Inbox inbox) : PageModel
{
    public InboxBulletin Item { get; private set; } = null!;

    public BulletinView Bulletin => Item.Bulletin;

    public bool Withdrawn => Bulletin.Status == BulletinStatus.Withdrawn;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (BulletinAccess.MayPublish(User))
        {
            return Redirect(DeskPages.Follow(id));
        }

        // Someone else's bulletin, or an account without a directory entry: not found, as for any bulletin not addressed to them.
        Item = await inbox.OpenAsync(await inbox.ReaderAsync(User, ct), id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostReadAsync(int id, CancellationToken ct)
    {
        await inbox.MarkReadAsync(await inbox.ReaderAsync(User, ct), id, ct);
        return Redirect(InboxPages.Read(id));
    }
}
