using Maillage.Data;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.FollowUp;

/// <summary>One territory's follow-up on one day (Paris calendar).</summary>
/// <param name="UnderFollowUp">Episodes open at the end of the day.</param>
/// <param name="HandoffsAcceptedInTime">Of the handoffs asked that day, those accepted before their deadline.</param>
public sealed record FollowUpDay(int TerritoryId, DateOnly Day, int NewEpisodes, int UnderFollowUp, int HandoffsAsked, int HandoffsAcceptedInTime);

/// <summary>Contacts one professional recorded on one day by one channel.</summary>
public sealed record ContactDay(int TerritoryId, int ProfessionalId, DateOnly Day, ContactChannel Channel, int Contacts);

public sealed record FollowUpActivity(IReadOnlyList<FollowUpDay> Days, IReadOnlyList<ContactDay> Contacts);

/// <summary>
/// Daily follow-up figures for activity reporting, counted from the episodes, handoffs and contacts as
/// recorded: no patient identity leaves this class.
/// </summary>
public sealed class CountFollowUpActivity(MaillageDb db, TimeProvider time)
{
    /// <param name="authors">When given, only the contacts recorded by these professionals are counted (the caller
    /// counts contacts by the centre where their author was on shift, so it knows whom it asks about): a narrow read
    /// by author instead of every contact of the period.</param>
    public async Task<FollowUpActivity> ExecuteAsync(IReadOnlyCollection<int> territoryIds, DateOnly from, DateOnly to, CancellationToken ct = default, IReadOnlyCollection<int>? authors = null)
    {
        if (territoryIds.Count == 0 || to < from)
        {
            return new([], []);
        }

        var ids = territoryIds.Distinct().ToList();
        var start = French.ToUtc(from.ToDateTime(TimeOnly.MinValue));
        var end = French.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var episodes = await db.Set<FollowUpEpisode>().AsNoTracking()
            .Where(e => ids.Contains(e.TerritoryId) && e.OpenedAtUtc < end && (e.ClosedAtUtc == null || e.ClosedAtUtc >= start))
            .Select(e => new { e.TerritoryId, e.OpenedAtUtc, e.ClosedAtUtc })
            .ToListAsync(ct);
        var handoffs = await db.Set<Handoff>().AsNoTracking().Where(h => h.RequestedAtUtc >= start && h.RequestedAtUtc < end)
            .Join(db.Set<FollowUpEpisode>().Where(e => ids.Contains(e.TerritoryId)), h => h.EpisodeId, e => e.Id,
                (h, e) => new { e.TerritoryId, h.RequestedAtUtc, InTime = h.Status == HandoffStatus.Accepted && h.AnsweredAtUtc <= h.DeadlineUtc })
            .ToListAsync(ct);
        var authorIds = authors?.Distinct().ToList();
        var contactRows = db.Set<EpisodeContact>().AsNoTracking()
            .Where(c => c.AtUtc >= start && c.AtUtc < end && c.ByProfessionalId != null && (c.Channel == ContactChannel.Teleconsultation || c.Channel == ContactChannel.HomeVisit));
        if (authorIds is not null)
        {
            contactRows = contactRows.Where(c => authorIds.Contains(c.ByProfessionalId!.Value));
        }

        var contacts = await contactRows
            .Join(db.Set<FollowUpEpisode>().Where(e => ids.Contains(e.TerritoryId)), c => c.EpisodeId, e => e.Id,
                (c, e) => new { e.TerritoryId, ProfessionalId = c.ByProfessionalId!.Value, c.AtUtc, c.Channel })
            .ToListAsync(ct);

        var days = new List<FollowUpDay>();
        var today = French.Today(time);
        foreach (var territory in ids)
        {
            var mine = episodes.Where(e => e.TerritoryId == territory).ToList();
            var asked = handoffs.Where(h => h.TerritoryId == territory).GroupBy(h => French.DateOf(h.RequestedAtUtc))
                .ToDictionary(g => g.Key, g => (Asked: g.Count(), InTime: g.Count(h => h.InTime)));
            var opened = mine.GroupBy(e => French.DateOf(e.OpenedAtUtc)).ToDictionary(g => g.Key, g => g.Count());
            for (var day = from; day <= to && day <= today; day = day.AddDays(1))
            {
                var endOfDay = French.ToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue));
                var open = mine.Count(e => e.OpenedAtUtc < endOfDay && (e.ClosedAtUtc == null || e.ClosedAtUtc >= endOfDay));
                var h = asked.GetValueOrDefault(day);
                days.Add(new FollowUpDay(territory, day, opened.GetValueOrDefault(day), open, h.Asked, h.InTime));
            }
        }

        var byProfessional = contacts
            .GroupBy(c => (c.TerritoryId, c.ProfessionalId, Day: French.DateOf(c.AtUtc), c.Channel))
            .Select(g => new ContactDay(g.Key.TerritoryId, g.Key.ProfessionalId, g.Key.Day, g.Key.Channel, g.Count()))
            .ToList();
        return new FollowUpActivity(days, byProfessional);
    }

    /// <summary>Open episodes of a territory whose next contact is overdue now, and all open ones: the follow-up load at this moment.</summary>
    public async Task<(int Open, int Overdue)> LoadNowAsync(int territoryId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var open = db.Set<FollowUpEpisode>().AsNoTracking().Where(e => e.TerritoryId == territoryId && e.Status == EpisodeStatus.Open);
        return (await open.CountAsync(ct), await open.CountAsync(e => e.NextContactDueUtc != null && e.NextContactDueUtc < now, ct));
    }
}
