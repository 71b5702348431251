using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Features.Bulletins.Pages;

/// <summary>
/// The "Information" entry of the navigation with the professional's unread count. It runs on every page,
/// so it costs one lookup of the directory entry and one count, and nothing for other roles.
/// </summary>
public sealed class InboxBadgeViewComponent(FindOwnEntry ownEntry, Inbox inbox) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var unread = 0;
        if (HttpContext.User.IsInRole(Roles.Professional) && await ownEntry.ExecuteAsync(HttpContext.User, HttpContext.RequestAborted) is { } me)
        {
            unread = await inbox.UnreadAsync(me, HttpContext.RequestAborted);
        }

        return View("/Features/Bulletins/Pages/_InboxBadge.cshtml", unread);
    }
}
