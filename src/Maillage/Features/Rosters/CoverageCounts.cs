using Maillage.Data;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Rosters;

/// <summary>One centre's roster on one day: places its shifts need, places filled (never more than needed per role and shift).</summary>
public sealed record CoverageDay(int CentreId, DateOnly Day, int Required, int Filled);

/// <summary>Who was on shift where: a professional counted at a centre on a day.</summary>
public sealed record OnShift(int CentreId, DateOnly Day, int ProfessionalId);

public sealed record RosterActivity(IReadOnlyList<CoverageDay> Coverage, IReadOnlyList<OnShift> OnShift);

/// <summary>Daily roster coverage of some centres in the weeks they were rostered, and who worked there, for activity reporting.</summary>
public sealed class CountRosterActivity(MaillageDb db)
{
    public async Task<RosterActivity> ExecuteAsync(IReadOnlyCollection<int> centreIds, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (centreIds.Count == 0 || to < from)
        {
            return new([], []);
        }

        var ids = centreIds.Distinct().ToList();
        var templates = await db.Set<ShiftTemplate>().AsNoTracking().Include(s => s.Requirements).Where(s => ids.Contains(s.CentreId)).ToListAsync(ct);
        var templateIds = templates.Select(t => t.Id).ToList();
        var assignments = await db.Set<ShiftAssignment>().AsNoTracking().Where(a => templateIds.Contains(a.ShiftTemplateId) && a.Date >= from && a.Date <= to)
            .Select(a => new { a.ShiftTemplateId, a.Date, a.RoleId, a.ProfessionalId }).ToListAsync(ct);
        var filled = assignments.GroupBy(a => (a.ShiftTemplateId, a.Date, a.RoleId)).ToDictionary(g => g.Key, g => g.Count());
        // A shift pattern has no dates of its own: its places count only in the weeks the centre was rostered
        // (a roster week exists), so that a shift created today does not empty the centre's past weeks.
        var firstMonday = RosterRules.WeekStart(from);
        var rostered = (await db.Set<RosterWeek>().AsNoTracking().Where(w => ids.Contains(w.CentreId) && w.WeekStart >= firstMonday && w.WeekStart <= to)
            .Select(w => new { w.CentreId, w.WeekStart }).ToListAsync(ct)).Select(w => (w.CentreId, w.WeekStart)).ToHashSet();
        var coverage = new Dictionary<(int, DateOnly), (int Required, int Filled)>();
        foreach (var t in templates)
        {
            foreach (var (date, _) in RosterRules.Occurrences(t.Pattern, from, to))
            {
                if (!rostered.Contains((t.CentreId, RosterRules.WeekStart(date))))
                {
                    continue;
                }

                var c = coverage.GetValueOrDefault((t.CentreId, date));
                foreach (var r in t.Requirements)
                {
                    c = (c.Required + r.Headcount, c.Filled + Math.Min(r.Headcount, filled.GetValueOrDefault((t.Id, date, r.RoleId))));
                }

                coverage[(t.CentreId, date)] = c;
            }
        }

        var centreOf = templates.ToDictionary(t => t.Id, t => t.CentreId);
        var onShift = assignments.Select(a => new OnShift(centreOf[a.ShiftTemplateId], a.Date, a.ProfessionalId)).Distinct().ToList();
        return new RosterActivity(coverage.Select(kv => new CoverageDay(kv.Key.Item1, kv.Key.Item2, kv.Value.Required, kv.Value.Filled)).ToList(), onShift);
    }
}
