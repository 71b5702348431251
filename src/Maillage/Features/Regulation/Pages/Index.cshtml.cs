using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Regulation.Pages;

/// <summary>The regulation desk: start a call, find a call record, and where the protocol and slots are managed.</summary>
public sealed class IndexModel(OpenRegulationDesk desk, ProtocolVersions versions, ListCallsForRecipient sentToMe, ListCalls list, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "jour")] public DateOnly? Day { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")] public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public ProtocolVersionRow? Protocol { get; private set; }

    public Page<CallRow>? Calls { get; private set; }

    /// <summary>For professionals: the calls of patients sent to them.</summary>
    public IReadOnlyList<CallRow> SentToMe { get; private set; } = [];

    public bool IsStaff => RegulationAccess.IsStaff(User);

    public bool CanAuthor => RegulationAccess.CanAuthor(User);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var opened = await desk.ExecuteAsync(User, TerritoryId, ct);
        var scope = opened.Scope;
        Territories = opened.Territories;
        TerritoryId = opened.TerritoryId;
        if (TerritoryId is not { } territory)
        {
            return;
        }

        Protocol = (await versions.CurrentAsync(territory, scope, ct)) is { } current ? ProtocolVersions.Row(current.Version) : null;
        if (IsStaff)
        {
            Day ??= string.IsNullOrWhiteSpace(Text) ? French.Today(time) : null;
            Calls = await list.ExecuteAsync(territory, Day, Text, PageNumber, Actor.From(User), scope, ct);
        }
        else
        {
            SentToMe = await sentToMe.ExecuteAsync(User, ct);
        }
    }
}
