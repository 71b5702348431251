using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Rosters.Pages;

/// <summary>A centre's roster for a week: propose, adjust by hand, lock, publish, handle absences, print.</summary>
public sealed class RosterWeekModel(
    DirectoryAccess access, ShowRosterWeek show, SolveRosterWeek solve, PublishRosterWeek publish, AssignVolunteer assign,
    RemoveAssignment remove, SetAssignmentLock setLock, DeclareAbsence declareAbsence, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "semaine")] public DateOnly? Week { get; set; }

    [TempData] public string? Message { get; set; }

    public RosterWeekView Data { get; private set; } = null!;

    public bool IsCoordinator => DirectoryAccess.CanEdit(User);

    public async Task OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct);

    public Task<IActionResult> OnPostSolveAsync(int id, CancellationToken ct) => RunAsync(id, async scope =>
    {
        var result = await solve.ExecuteAsync(id, Day, Actor.From(User), scope, ct);
        return $"Planning proposé : {result.Covered} place(s) pourvue(s) sur {result.Required} ; {result.Added} ajout(s), {result.Removed} retrait(s), {result.Kept} gardée(s)."
            + (result.PreferencesMet > 0 ? $" Préférences suivies : {result.PreferencesMet} (centre préféré ou binôme)." : "")
            + (result.Warnings.Count > 0 ? " " + string.Join(" ", result.Warnings) : "");
    }, ct);

    public Task<IActionResult> OnPostPublishAsync(int id, CancellationToken ct) => RunAsync(id, async scope =>
        $"Planning publié : {await publish.ExecuteAsync(id, Day, Actor.From(User), scope, ct)} personne(s) prévenue(s).", ct);

    public Task<IActionResult> OnPostAssignAsync(int id, int shiftId, DateOnly date, int roleId, int professionalId, CancellationToken ct) => RunAsync(id, async scope =>
    {
        await assign.ExecuteAsync(id, shiftId, date, roleId, professionalId, Actor.From(User), scope, absenceId: null, ct);
        return "Personne ajoutée au planning (verrouillée).";
    }, ct);

    public Task<IActionResult> OnPostRemoveAsync(int id, int assignmentId, CancellationToken ct) => RunAsync(id, async scope =>
    {
        await remove.ExecuteAsync(assignmentId, Actor.From(User), scope, ct);
        return "Personne retirée du planning.";
    }, ct);

    public Task<IActionResult> OnPostLockAsync(int id, int assignmentId, bool locked, CancellationToken ct) => RunAsync(id, async scope =>
    {
        await setLock.ExecuteAsync(assignmentId, locked, Actor.From(User), scope, ct);
        return locked ? "Affectation verrouillée : un nouveau calcul la gardera." : "Affectation déverrouillée : un nouveau calcul pourra la changer.";
    }, ct);

    public Task<IActionResult> OnPostAbsenceAsync(int id, int assignmentId, string? reason, CancellationToken ct) => RunAsync(id, async scope =>
    {
        await declareAbsence.ExecuteAsync(assignmentId, reason, null, Actor.From(User), scope, ct);
        return "Absence enregistrée : la place est libre, les remplaçants possibles sont proposés ci-dessous.";
    }, ct);

    private DateOnly Day => Week ?? RostersFeature.Today(time);

    /// <summary>Every change here is the coordinator's; volunteers declare their absences from their own page.</summary>
    private async Task<IActionResult> RunAsync(int id, Func<UserScope, Task<string>> action, CancellationToken ct)
    {
        if (!IsCoordinator)
        {
            return Forbid();
        }

        var scope = (await access.ReaderAsync(User, ct)).Scope;
        try
        {
            Message = await action(scope);
            return Redirect($"/plannings/centres/{id}/semaine?semaine={RosterRules.WeekStart(Day):yyyy-MM-dd}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError("", e.Message);
            await LoadAsync(id, ct);
            return Page();
        }
    }

    private async Task LoadAsync(int id, CancellationToken ct) =>
        Data = await show.ExecuteAsync(id, Day, (await access.ReaderAsync(User, ct)).Scope, ct);
}
