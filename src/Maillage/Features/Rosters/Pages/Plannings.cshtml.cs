using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Notifications;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Rosters.Pages;

/// <summary>
/// The plannings hub. Coordinators: centres and places still open in the next 48 h. Volunteers: their
/// published shifts (with "I can't come"), their messages, and where to declare availability.
/// </summary>
public sealed class PlanningsModel(
    DirectoryAccess access, FindOwnEntry ownEntry, Crisis.ListCentreRefs centres, ListUncoveredSoon uncovered, ListVolunteerShifts shifts,
    ListNotifications notifications, MarkNotificationsRead markRead, DeclareAbsence declareAbsence, TimeProvider time) : PageModel
{
    [TempData] public string? Message { get; set; }

    public bool IsCoordinator => DirectoryAccess.CanEdit(User);

    public int? ProfessionalId { get; private set; }

    public IReadOnlyList<Crisis.CentreRef> Centres { get; private set; } = [];

    public IReadOnlyList<UncoveredSoon> Uncovered { get; private set; } = [];

    public IReadOnlyList<VolunteerShift> MyShifts { get; private set; } = [];

    public IReadOnlyList<NotificationView> Notifications { get; private set; } = [];

    public int Unread { get; private set; }

    public DateOnly Today => RostersFeature.Today(time);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostReadAsync(CancellationToken ct)
    {
        if (await ownEntry.ExecuteAsync(User, ct) is { } me)
        {
            await markRead.ExecuteAsync(me, ct);
        }

        return Redirect("/plannings");
    }

    public async Task<IActionResult> OnPostAbsenceAsync(int assignmentId, string? reason, CancellationToken ct)
    {
        var me = await ownEntry.ExecuteAsync(User, ct);
        if (me is null)
        {
            return Forbid();
        }

        try
        {
            await declareAbsence.ExecuteAsync(assignmentId, reason, me, Actor.From(User), (await access.ReaderAsync(User, ct)).Scope, ct);
            Message = "Absence enregistrée : le coordinateur est prévenu et cherche un remplaçant.";
            return Redirect("/plannings");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError("reason", e.Message);
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var scope = (await access.ReaderAsync(User, ct)).Scope;
        Centres = (await centres.ExecuteAsync(scope, ct: ct)).Where(c => c.Stage != Crisis.CentreStage.Closed && !c.EpisodeClosed).ToList();
        if (IsCoordinator)
        {
            Uncovered = await uncovered.ExecuteAsync(scope, ct);
        }

        ProfessionalId = await ownEntry.ExecuteAsync(User, ct);
        if (ProfessionalId is { } me)
        {
            MyShifts = await shifts.ExecuteAsync(me, Today, includeDrafts: false, scope, ct);
            (Notifications, Unread) = await notifications.ExecuteAsync(me, 20, ct);
        }
    }
}
