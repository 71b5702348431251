using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.FollowUp.Pages;

/// <summary>
/// "Aucun patient perdu". Coordinators: the territory's board — counts that must stay at zero, alerts,
/// every open episode. Professionals: their patients and the requests waiting for their answer.
/// </summary>
public sealed class IndexModel(ScopeOfUser scopeOfUser, NameTerritories territories, FollowUpBoard board, ListMyEpisodes mine, AcknowledgeAlert acknowledge) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public BoardView? Board { get; private set; }

    public BoardCounts? Counts { get; private set; }

    public IReadOnlyList<EpisodeRow> Mine { get; private set; } = [];

    public bool IsCoordinator => EpisodeAccess.IsCoordinator(User);

    public bool MayOpen => EpisodeAccess.MayOpen(User);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = await scopeOfUser.ExecuteAsync(User, ct);
        Territories = await territories.ExecuteAsync(null, ct, scope);
        TerritoryId = TerritoryId is { } t && Territories.ContainsKey(t) ? t : Territories.Keys.Order().Cast<int?>().FirstOrDefault();
        if (TerritoryId is { } territory && IsCoordinator)
        {
            Board = await board.ExecuteAsync(territory, Actor.From(User), scope, ct);
        }
        else if (TerritoryId is { } counted && User.IsInRole(Roles.Authority))
        {
            Counts = await board.CountsAsync(counted, scope, ct);
        }

        Mine = await mine.ExecuteAsync(User, ct);
    }

    public async Task<IActionResult> OnPostAcknowledgeAsync(int alertId, CancellationToken ct)
    {
        if (!IsCoordinator)
        {
            return Forbid();
        }

        try
        {
            await acknowledge.ExecuteAsync(alertId, Actor.From(User), await scopeOfUser.ExecuteAsync(User, ct), ct);
            Message = "Alerte prise en compte.";
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            Message = e.Message;
        }

        return Redirect($"/suivi?territoire={TerritoryId}");
    }
}
