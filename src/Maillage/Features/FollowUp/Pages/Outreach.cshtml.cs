using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.FollowUp.Pages;

/// <summary>"Aller-vers": the patients a professional is to call, and for coordinators the territory's campaigns.</summary>
public sealed class OutreachModel(ScopeOfUser scopeOfUser, NameTerritories territories, Outreach outreach) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty] public string? Name { get; set; }

    [BindProperty] public List<VulnerabilityCriteria> Criteria { get; set; } = [];

    [BindProperty] public int NoVisitMonths { get; set; } = 12;

    [BindProperty] public int ReminderDays { get; set; } = 2;

    [TempData] public string? Message { get; set; }

    /// <summary>The call whose form failed, to show its error beside it.</summary>
    public int? FailedTarget { get; private set; }

    public string? CallError { get; private set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<CampaignRow> Campaigns { get; private set; } = [];

    public IReadOnlyList<MyOutreachTarget> Mine { get; private set; } = [];

    public bool IsCoordinator => EpisodeAccess.IsCoordinator(User);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!IsCoordinator && !User.IsInRole(Roles.Professional))
        {
            return Forbid();
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!IsCoordinator)
        {
            return Forbid();
        }

        try
        {
            (_, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
            var id = await outreach.CreateAsync(new CampaignRequest(TerritoryId ?? 0, Name, Criteria, NoVisitMonths, ReminderDays), User, ct);
            Message = "Campagne créée : chargez maintenant la liste des patients.";
            return Redirect($"/suivi/aller-vers/{id}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(FormFields.Property(e.Field), e.Message);
            await LoadAsync(ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostCallAsync(int targetId, OutreachOutcome? outcome, string? notes, int? version, CancellationToken ct)
    {
        try
        {
            var episode = await outreach.RecordCallAsync(targetId, outcome ?? OutreachOutcome.Pending, notes, version, User, ct);
            Message = outcome switch
            {
                OutreachOutcome.NotReached => "Appel noté : le patient sera à rappeler.",
                OutreachOutcome.NeedsCare => $"Appel noté : un suivi est ouvert (n° {episode}) et confié au médecin traitant ou à un médecin volontaire.",
                _ => "Appel noté.",
            };
            return Redirect($"/suivi/aller-vers?territoire={TerritoryId}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            (FailedTarget, CallError) = (targetId, e.Message);
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (IsCoordinator && TerritoryId is { } territory)
        {
            Campaigns = await outreach.ListAsync(territory, User, ct);
        }

        Mine = await outreach.MineAsync(User, ct);
    }
}
