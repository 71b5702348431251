using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Regulation.Pages;

/// <summary>The "fiche de régulation", printable. Who may read it is decided (and the read audited) by <see cref="ShowCall"/>.</summary>
public sealed class CallRecordModel(ShowCall show, CancelBooking cancel, BookSlot book, ListSlots slots, Accounts.ScopeOfUser scopeOfUser, TimeProvider time) : PageModel
{
    [TempData] public string? Message { get; set; }

    public CallView Call { get; private set; } = null!;

    public bool IsStaff => RegulationAccess.IsStaff(User);

    /// <summary>When the patient has no slot any more: the place's free slots of the coming week, to book again.</summary>
    public IReadOnlyList<SlotView> FreeSlots { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        try
        {
            await LoadAsync(id, ct);
            return Page();
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostBookAsync(int id, int slotId, CancellationToken ct)
    {
        if (!IsStaff)
        {
            return Forbid();
        }

        try
        {
            await book.ExecuteAsync(slotId, id, Accounts.Actor.From(User), await scopeOfUser.ExecuteAsync(User, ct), ct);
            Message = "Nouveau créneau réservé.";
            return Redirect($"/regulation/appels/{id}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError("", e.Message);
            await LoadAsync(id, ct);
            return Page();
        }
    }

    private async Task LoadAsync(int id, CancellationToken ct)
    {
        Call = await show.ExecuteAsync(id, User, ct);
        if (IsStaff && Call.PlaceSiteId is { } site && Call.Bookings.All(b => b.CancelledAtUtc is not null))
        {
            var circuit = Orientations.Find(Call.FinalOrientation)?.SlotCircuit;
            var now = time.GetUtcNow().UtcDateTime;
            FreeSlots = (await slots.ExecuteAsync(Call.TerritoryId, now, now.AddDays(7), site, await scopeOfUser.ExecuteAsync(User, ct), ct))
                .Where(s => !s.Booked && !s.Withdrawn && (circuit is null || s.Circuit == circuit)).Take(12).ToList();
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
            await LoadAsync(id, ct);
            return Page();
        }
    }
}
