using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Regulation.Pages;

/// <summary>The "fiche de régulation", printable. Who may read it is decided (and the read audited) by <see cref="ShowCall"/>.</summary>
public sealed class CallRecordModel(ShowCall show, CancelBooking cancel, Accounts.ScopeOfUser scopeOfUser) : PageModel
{
    [TempData] public string? Message { get; set; }

    public CallView Call { get; private set; } = null!;

    public bool IsStaff => RegulationAccess.IsStaff(User);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        try
        {
            Call = await show.ExecuteAsync(id, User, ct);
            return Page();
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostCancelAsync(int id, int bookingId, string? reason, CancellationToken ct)
    {
        if (!IsStaff)
        {
            return Forbid();
        }

        try
        {
            await cancel.ExecuteAsync(bookingId, reason, Accounts.Actor.From(User), await scopeOfUser.ExecuteAsync(User, ct), ct);
            Message = "Réservation annulée : le créneau est de nouveau libre.";
            return Redirect($"/regulation/appels/{id}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError("reason", e.Message);
            Call = await show.ExecuteAsync(id, User, ct);
            return Page();
        }
    }
}
