using Maillage.Data;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Regulation;

/// <summary>What regulation recorded at some sites on each day (Paris calendar): consultations booked, and calls sent to the 15.</summary>
public sealed record SiteDayActivity(int SiteId, DateOnly Day, int Consultations, int CallsTo15);

/// <summary>
/// Daily counts per site for activity reporting: dedicated slots booked and not cancelled (by the slot's
/// day), and calls taken at the site whose final orientation was the 15 (by the call's day).
/// </summary>
public sealed class CountSiteActivity(MaillageDb db)
{
    public async Task<IReadOnlyList<SiteDayActivity>> ExecuteAsync(IReadOnlyCollection<int> siteIds, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (siteIds.Count == 0 || to < from)
        {
            return [];
        }

        var ids = siteIds.Distinct().ToList();
        // A day in Paris is within one UTC day of the same date: read a day more on each side, then keep the Paris days asked.
        var start = from.AddDays(-1).ToDateTime(TimeOnly.MinValue);
        var end = to.AddDays(2).ToDateTime(TimeOnly.MinValue);
        var bookings = await db.Set<SlotBooking>().AsNoTracking().Where(b => b.CancelledAtUtc == null)
            .Join(db.Set<Slot>().Where(s => ids.Contains(s.SiteId) && s.StartUtc >= start && s.StartUtc < end), b => b.SlotId, s => s.Id, (b, s) => new { s.SiteId, s.StartUtc })
            .ToListAsync(ct);
        var calls = await db.Set<RegulationCall>().AsNoTracking()
            .Where(c => c.TakenAtSiteId != null && ids.Contains(c.TakenAtSiteId.Value) && c.FinalOrientation == Orientations.Emergency && c.StartedAtUtc >= start && c.StartedAtUtc < end)
            .Select(c => new { SiteId = c.TakenAtSiteId!.Value, c.StartedAtUtc })
            .ToListAsync(ct);
        var result = new Dictionary<(int, DateOnly), (int Consultations, int Calls)>();
        foreach (var b in bookings)
        {
            var day = French.DateOf(b.StartUtc);
            if (day >= from && day <= to)
            {
                var c = result.GetValueOrDefault((b.SiteId, day));
                result[(b.SiteId, day)] = (c.Consultations + 1, c.Calls);
            }
        }

        foreach (var call in calls)
        {
            var day = French.DateOf(call.StartedAtUtc);
            if (day >= from && day <= to)
            {
                var c = result.GetValueOrDefault((call.SiteId, day));
                result[(call.SiteId, day)] = (c.Consultations, c.Calls + 1);
            }
        }

        return result.Select(kv => new SiteDayActivity(kv.Key.Item1, kv.Key.Item2, kv.Value.Consultations, kv.Value.Calls)).ToList();
    }
}
