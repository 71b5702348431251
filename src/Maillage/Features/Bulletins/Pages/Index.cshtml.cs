using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Bulletins.Pages;

public enum InformationSide
{
    /// <summary>A professional with a directory entry: the inbox.</summary>
    Inbox,

    /// <summary>A coordinator or an administrator: the publishing hub.</summary>
    Desk,

    /// <summary>An authority user: the library, not the bulletins.</summary>
    Authority,

    /// <summary>A professional account that no directory entry matches.</summary>
    NoEntry,

    Other,
}

public sealed record DeskCounts(int Drafts, int Scheduled, int PublishedThisWeek, IReadOnlyList<ProfessionCoverage> Forgotten, int FailedMails, string Week);

/// <summary>
/// The information space: the inbox of a professional, or, for those who publish, what is waiting on their
/// desk this week. Each role lands on the same address, which the e-mails and the navigation use.
/// </summary>
public sealed class IndexModel(
    Inbox inbox, FindOwnEntry ownEntry, BulletinDesk desk, WeekCoverage coverage, MailDispatcher dispatcher,
    ScopeOfUser scopeOfUser, NameTerritories territories, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "nonlus")] public bool OnlyUnread { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")] public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [TempData] public string? Message { get; set; }

    public InformationSide Side { get; private set; }

    public string? NoEntryReason { get; private set; }

    public InboxCounts Counts { get; private set; } = new(0, 0);

    public Page<InboxItem>? Items { get; private set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public DeskCounts? Desk { get; private set; }

    public string Link(int page) => Query(OnlyUnread, Text, page);

    public static string Query(bool onlyUnread, string? text, int? page = null)
    {
        var parts = new List<string>();
        if (onlyUnread)
        {
            parts.Add("nonlus=true");
        }

        if (!string.IsNullOrWhiteSpace(text))
        {
            parts.Add($"q={Uri.EscapeDataString(text.Trim())}");
        }

        if (page is > 1)
        {
            parts.Add($"page={page}");
        }

        return parts.Count == 0 ? InboxPages.Home : $"{InboxPages.Home}?{string.Join('&', parts)}";
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (BulletinAccess.MayPublish(User))
        {
            Side = InformationSide.Desk;
            await LoadDeskAsync(ct);
        }
        else if (await ownEntry.ExecuteAsync(User, ct) is { } me)
        {
            Side = InformationSide.Inbox;
            Counts = await inbox.CountsAsync(me, ct);
            Items = await inbox.ListAsync(me, OnlyUnread, Text, PageNumber, 20, ct);
        }
        else if (User.IsInRole(Roles.Authority))
        {
            Side = InformationSide.Authority;
        }
        else if (User.IsInRole(Roles.Professional))
        {
            Side = InformationSide.NoEntry;
            try
            {
                await inbox.ReaderAsync(User, ct);
            }
            catch (DomainException e)
            {
                NoEntryReason = e.Message;
            }
        }
        else
        {
            Side = InformationSide.Other;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var me = await inbox.ReaderAsync(User, ct);
        var marked = await inbox.MarkAllReadAsync(me, ct);
        Message = marked switch
        {
            0 => "Tous vos bulletins étaient déjà lus.",
            1 => "1 bulletin marqué comme lu.",
            _ => $"{French.Number(marked)} bulletins marqués comme lus.",
        };
        return Redirect(Query(OnlyUnread, Text));
    }

    private async Task LoadDeskAsync(CancellationToken ct)
    {
        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is not { } territory)
        {
            return;
        }

        async Task<int> CountAsync(BulletinStatus status) => (await desk.ListAsync(new BulletinFilter(territory, status), 1, 1, User, ct)).TotalCount;
        var week = await coverage.ExecuteAsync(territory, French.Today(time), User, ct);
        var failed = (await dispatcher.ListAsync(territory, DeliveryStatus.Failed, 1, 1, User, ct)).TotalCount;
        Desk = new DeskCounts(await CountAsync(BulletinStatus.Draft), await CountAsync(BulletinStatus.Scheduled), week.Bulletins.Count(b => !b.Withdrawn), week.Forgotten, failed, week.Week);
    }
}
