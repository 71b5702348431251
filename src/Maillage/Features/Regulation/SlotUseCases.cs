using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Regulation;

public sealed record SlotView(int Id, int SiteId, string Place, Circuit Circuit, DateTime StartUtc, DateTime EndUtc, bool Booked, int? BookingId, bool Withdrawn);

/// <summary>
/// A site offers consultation slots to regulation: a day, a time range and a length cut into slots, on
/// one circuit (suspect patients apart from the others).
/// </summary>
public sealed class OfferSlots(MaillageDb db, LabelSites sites, AuditLog audit, TimeProvider time)
{
    public const int MaxSlotsAtOnce = 200;

    public async Task<int> ExecuteAsync(int siteId, Circuit circuit, DateOnly date, TimeOnly from, TimeOnly to, int minutes, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var site = (await sites.ExecuteAsync([siteId], ct)).GetValueOrDefault(siteId);
        if (site is null || !scope.Covers(site.TerritoryId))
        {
            throw DomainException.NotFound($"Aucun site {siteId}.", "siteId");
        }

        if (minutes is < 5 or > 240)
        {
            throw DomainException.Invalid("Un créneau dure de 5 à 240 minutes.", "minutes");
        }

        if (to <= from)
        {
            throw DomainException.Invalid("L'heure de fin doit suivre l'heure de début.", "to");
        }

        var starts = new List<DateTime>();
        for (var start = from; start.AddMinutes(minutes) <= to && start >= from; start = start.AddMinutes(minutes))
        {
            starts.Add(French.ToUtc(date.ToDateTime(start)));
        }

        if (starts.Count == 0)
        {
            throw DomainException.Invalid($"La plage {from:HH\\:mm}–{to:HH\\:mm} est plus courte qu'un créneau de {minutes} minutes.", "to");
        }

        if (starts.Count > MaxSlotsAtOnce)
        {
            throw DomainException.Invalid($"Au plus {MaxSlotsAtOnce} créneaux à la fois.", "minutes");
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (starts[^1] < now)
        {
            throw DomainException.Invalid("Ces créneaux sont déjà passés.", "date");
        }

        var end = starts[^1].AddMinutes(minutes);
        var overlapping = await db.Set<Slot>().AnyAsync(s => s.SiteId == siteId && s.Circuit == circuit && s.WithdrawnAtUtc == null && s.StartUtc < end && s.EndUtc > starts[0], ct);
        if (overlapping)
        {
            throw DomainException.Conflict("Ce site propose déjà des créneaux sur ce circuit pendant cette plage.", "from");
        }

        db.AddRange(starts.Where(s => s >= now).Select(s => new Slot
        {
            TerritoryId = site.TerritoryId, SiteId = siteId, Circuit = circuit, StartUtc = s, EndUtc = s.AddMinutes(minutes), CreatedAtUtc = now, CreatedBy = actor.Name,
        }));
        var count = starts.Count(s => s >= now);
        await audit.RecordAsync(actor, "regulation.slots.offer", $"site:{siteId}",
            $"{count} créneau(x) de {minutes} min, circuit {Label(circuit)}, le {date:dd/MM/yyyy} de {from:HH\\:mm} à {to:HH\\:mm}", ct);
        return count;
    }

    public static string Label(Circuit circuit) => circuit == Circuit.Suspect ? "patients suspects" : "non suspect";
}

/// <summary>The slots of a territory over a period, booked or free, withdrawn ones included for the record.</summary>
public sealed class ListSlots(MaillageDb db, LabelSites sites)
{
    public async Task<IReadOnlyList<SlotView>> ExecuteAsync(int territoryId, DateTime fromUtc, DateTime toUtc, int? siteId, UserScope scope, CancellationToken ct = default)
    {
        ProtocolVersions.Ensure(scope, territoryId);
        if (toUtc <= fromUtc || (toUtc - fromUtc).TotalDays > 31)
        {
            throw DomainException.Invalid("Une période de slots couvre de 1 minute à 31 jours.", "to");
        }

        var slots = await db.Set<Slot>().AsNoTracking()
            .Where(s => s.TerritoryId == territoryId && s.StartUtc >= fromUtc && s.StartUtc < toUtc && (siteId == null || s.SiteId == siteId))
            .OrderBy(s => s.StartUtc).ThenBy(s => s.SiteId).Take(2000).ToListAsync(ct);
        var ids = slots.Select(s => s.Id).ToList();
        var live = await db.Set<SlotBooking>().AsNoTracking().Where(b => ids.Contains(b.SlotId) && b.CancelledAtUtc == null).ToDictionaryAsync(b => b.SlotId, b => b.Id, ct);
        var names = await sites.ExecuteAsync(slots.Select(s => s.SiteId).ToList(), ct);
        return slots.Select(s => new SlotView(s.Id, s.SiteId, names.TryGetValue(s.SiteId, out var n) ? $"{n.StructureName} — {n.SiteName}" : $"site {s.SiteId}",
            s.Circuit, s.StartUtc, s.EndUtc, live.ContainsKey(s.Id), live.TryGetValue(s.Id, out var b) ? b : null, s.WithdrawnAtUtc is not null)).ToList();
    }
}

/// <summary>
/// Gives a free slot to a call. The database accepts one live booking per slot, so when two secretaries
/// take the same slot at the same moment exactly one succeeds and the other is told to choose again.
/// </summary>
public sealed class BookSlot(MaillageDb db, AuditLog audit, TimeProvider time)
{
    public async Task<int> ExecuteAsync(int slotId, int callId, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var (bookingId, slot) = await AddAsync(slotId, callId, actor, scope, ct);
        await audit.RecordAsync(actor, "regulation.slot.book", $"call:{callId}", $"créneau {slotId} ({French.DateTime(slot.StartUtc)})", ct);
        return bookingId;
    }

    /// <summary>Books without auditing, for a caller that audits the whole operation itself.</summary>
    internal async Task<(int BookingId, Slot Slot)> AddAsync(int slotId, int callId, Actor actor, UserScope scope, CancellationToken ct)
    {
        var slot = await db.Set<Slot>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == slotId, ct);
        if (slot is null || !scope.Covers(slot.TerritoryId))
        {
            throw DomainException.NotFound($"Aucun créneau {slotId}.", "slotId");
        }

        var call = await db.Set<RegulationCall>().AsNoTracking().Where(c => c.Id == callId).Select(c => new { c.TerritoryId }).FirstOrDefaultAsync(ct);
        if (call is null || !scope.Covers(call.TerritoryId))
        {
            throw DomainException.NotFound($"Aucune fiche d'appel {callId}.", "callId");
        }

        if (slot.TerritoryId != call.TerritoryId)
        {
            throw DomainException.Invalid("Ce créneau est celui d'un autre territoire que l'appel.", "slotId");
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (slot.WithdrawnAtUtc is not null)
        {
            throw DomainException.Conflict("Ce créneau a été retiré par le site : choisissez-en un autre.", "slotId");
        }

        if (slot.StartUtc < now)
        {
            throw DomainException.Conflict("Ce créneau est déjà passé : choisissez-en un autre.", "slotId");
        }

        if (await db.Set<SlotBooking>().AnyAsync(b => b.CallId == callId && b.CancelledAtUtc == null, ct))
        {
            throw DomainException.Conflict("Ce patient a déjà un créneau réservé : annulez-le d'abord pour en changer.", "callId");
        }

        var booking = new SlotBooking { SlotId = slotId, CallId = callId, BookedAtUtc = now, BookedBy = actor.Name };
        db.Add(booking);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.Entry(booking).State = EntityState.Detached;
            throw DomainException.Conflict("Ce créneau vient d'être pris par quelqu'un d'autre : choisissez-en un autre.", "slotId");
        }

        return (booking.Id, slot);
    }
}

/// <summary>Frees a booked slot; the booking stays, marked cancelled with its reason, and the slot can be taken again.</summary>
public sealed class CancelBooking(MaillageDb db, AuditLog audit, TimeProvider time)
{
    public async Task ExecuteAsync(int bookingId, string? reason, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var booking = await db.Set<SlotBooking>().FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        var territory = booking is null ? null : await db.Set<Slot>().Where(s => s.Id == booking.SlotId).Select(s => (int?)s.TerritoryId).FirstOrDefaultAsync(ct);
        if (booking is null || territory is not { } t || !scope.Covers(t))
        {
            throw DomainException.NotFound($"Aucune réservation {bookingId}.", "bookingId");
        }

        if (booking.CancelledAtUtc is not null)
        {
            throw DomainException.Conflict("Cette réservation est déjà annulée.", "bookingId");
        }

        var why = DirectoryRules.Required(reason, "La raison de l'annulation", "reason", 500);
        booking.CancelledAtUtc = time.GetUtcNow().UtcDateTime;
        booking.CancelledBy = actor.Name;
        booking.CancelReason = why;
        await audit.RecordAsync(actor, "regulation.slot.cancel", $"call:{booking.CallId}", $"créneau {booking.SlotId} libéré : {why}", ct);
    }
}

/// <summary>A site takes back a free slot (the doctor is called away); a booked one must be cancelled first.</summary>
public sealed class WithdrawSlot(MaillageDb db, AuditLog audit, TimeProvider time)
{
    public async Task ExecuteAsync(int slotId, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var slot = await db.Set<Slot>().FirstOrDefaultAsync(s => s.Id == slotId, ct);
        if (slot is null || !scope.Covers(slot.TerritoryId))
        {
            throw DomainException.NotFound($"Aucun créneau {slotId}.", "slotId");
        }

        if (slot.WithdrawnAtUtc is not null)
        {
            throw DomainException.Conflict("Ce créneau est déjà retiré.", "slotId");
        }

        if (await db.Set<SlotBooking>().AnyAsync(b => b.SlotId == slotId && b.CancelledAtUtc == null, ct))
        {
            throw DomainException.Conflict("Ce créneau est réservé : annulez la réservation (le patient doit être prévenu) avant de le retirer.", "slotId");
        }

        slot.WithdrawnAtUtc = time.GetUtcNow().UtcDateTime;
        slot.WithdrawnBy = actor.Name;
        await audit.RecordAsync(actor, "regulation.slot.withdraw", $"site:{slot.SiteId}", $"créneau {slotId} ({French.DateTime(slot.StartUtc)}) retiré", ct);
    }
}
