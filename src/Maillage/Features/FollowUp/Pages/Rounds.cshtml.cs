using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.FollowUp.Pages;

/// <summary>The day's home round by sector, printable; tasks are ticked off from here.</summary>
public sealed class RoundsModel(
    ScopeOfUser scopeOfUser, NameTerritories territories, ListProfessionals professionals, ListRounds rounds, CompleteTask complete, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "jour")] public DateOnly? Day { get; set; }

    [BindProperty(SupportsGet = true, Name = "professionnel")] public int? ProfessionalId { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<ProfessionalRow> Nurses { get; private set; } = [];

    public RoundsView Rounds { get; private set; } = null!;

    public string? NoEntry { get; private set; }

    public bool IsCoordinator => EpisodeAccess.IsCoordinator(User);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!IsCoordinator && !User.IsInRole(Roles.Professional))
        {
            return Forbid();
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is not { } territory)
        {
            return Forbid();
        }

        Day = Day is { Year: >= 2000 and <= 2100 } asked ? asked : French.Today(time);
        if (IsCoordinator)
        {
            Nurses = (await professionals.ExecuteAsync(new DirectoryFilter(Profession: Professions.Nurse, TerritoryId: territory), await scopeOfUser.ExecuteAsync(User, ct), 1, Paging.MaxPageSize, ct)).Items;
        }

        try
        {
            Rounds = await rounds.ExecuteAsync(Day.Value, territory, ProfessionalId, User, ct);
        }
        catch (DomainException e) when (e.Field == "professionalId")
        {
            // An account not linked to a directory entry follows nobody: say so rather than a bare "not found".
            NoEntry = e.Message;
            Rounds = new RoundsView(Day.Value, territory, null, null, [], 0, false);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostDoneAsync(int taskId, CancellationToken ct)
    {
        try
        {
            await complete.ExecuteAsync(taskId, User, ct);
            Message = "Tâche cochée.";
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            Message = e.Message;
        }

        return Redirect($"/suivi/tournee?territoire={TerritoryId}&jour={Day:yyyy-MM-dd}{(ProfessionalId is { } p ? $"&professionnel={p}" : "")}#tache-{taskId}");
    }
}
