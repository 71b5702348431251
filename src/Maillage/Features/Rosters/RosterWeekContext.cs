using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Crisis;
using Maillage.Features.Directory;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Rosters;

/// <summary>One occurrence of a shift template: its date and hours, at its centre.</summary>
public sealed record ShiftOccurrence(ShiftTemplate Template, DateOnly Date, DateTime Start, DateTime End, int CentreId, string CentreName)
{
    public string Id => RosterWeekContext.OccurrenceId(Template.Id, Date);

    public string Hours => $"{Start:HH:mm}–{End:HH:mm}";
}

/// <summary>
/// Everything the rules need to judge one centre's week: the occurrences, roles and assignments of every
/// centre of the same crisis that week (one person cannot be in two centres at once, and the weekly cap
/// counts them all), the availability declared, and the people concerned.
/// </summary>
public sealed record RosterWeekContext
{
    public required CentreDetails Centre { get; init; }

    public required DateOnly Monday { get; init; }

    public required RosterLimits Limits { get; init; }

    public required IReadOnlyList<ShiftOccurrence> Occurrences { get; init; }

    public required IReadOnlyList<CentreRole> Roles { get; init; }

    public required IReadOnlyList<ShiftAssignment> Assignments { get; init; }

    public required IReadOnlyList<Availability> Availabilities { get; init; }

    public required IReadOnlyDictionary<int, ProfessionalFacts> People { get; init; }

    public required RosterWeek? Week { get; init; }

    /// <summary>Soft wishes of the people concerned, by professional id; absent when they expressed none.</summary>
    public IReadOnlyDictionary<int, RosterPreference> Preferences { get; init; } = new Dictionary<int, RosterPreference>();

    public IEnumerable<ShiftOccurrence> OwnOccurrences => Occurrences.Where(o => o.CentreId == Centre.Id);

    public IEnumerable<ShiftAssignment> OwnAssignments
    {
        get
        {
            var own = OwnOccurrences.Select(o => o.Template.Id).ToHashSet();
            return Assignments.Where(a => own.Contains(a.ShiftTemplateId));
        }
    }

    public static string OccurrenceId(int shiftTemplateId, DateOnly date) => $"{shiftTemplateId}|{date:yyyy-MM-dd}";

    /// <summary>The current assignments the rules can judge (people out of the reader's scope are left out).</summary>
    public IEnumerable<RosterAssignment> Current => Assignments.Where(a => People.ContainsKey(a.ProfessionalId)).Select(ToSolver);

    public static RosterAssignment ToSolver(ShiftAssignment a) => new(OccurrenceId(a.ShiftTemplateId, a.Date), a.RoleId.ToString(), a.ProfessionalId.ToString());

    public ShiftOccurrence? Find(int shiftTemplateId, DateOnly date) => Occurrences.FirstOrDefault(o => o.Template.Id == shiftTemplateId && o.Date == date);

    /// <summary>
    /// The week as a solver instance. This centre's places are its headcounts; other centres only carry
    /// what they already have, locked, so solving here never changes them.
    /// </summary>
    public RosterInstance Instance(bool lockOwnUnlocked)
    {
        var known = Assignments.Where(a => People.ContainsKey(a.ProfessionalId)).ToList();
        var counts = known.GroupBy(a => (a.ShiftTemplateId, a.Date, a.RoleId)).ToDictionary(g => g.Key, g => g.Count());
        var shifts = Occurrences.Select(o =>
        {
            var needs = counts.Where(c => c.Key.ShiftTemplateId == o.Template.Id && c.Key.Date == o.Date).ToDictionary(c => c.Key.RoleId.ToString(), c => c.Value);
            if (o.CentreId == Centre.Id)
            {
                foreach (var r in o.Template.Requirements)
                {
                    needs[r.RoleId.ToString()] = Math.Max(r.Headcount, needs.GetValueOrDefault(r.RoleId.ToString()));
                }
            }

            return new RosterShift(o.Id, o.CentreName, o.Start, o.End, needs);
        }).ToList();
        var valid = Occurrences.Select(o => o.Id).ToHashSet();
        var centreNames = Occurrences.Select(o => (o.CentreId, o.CentreName)).Distinct().ToDictionary(c => c.CentreId, c => c.CentreName);
        var volunteers = People.Values.Select(p =>
        {
            var wish = Preferences.GetValueOrDefault(p.Id);
            return new RosterVolunteer(p.Id.ToString(), p.Name, p.Profession, p.AtRisk,
                Availabilities.Where(a => a.ProfessionalId == p.Id).Select(a => OccurrenceId(a.ShiftTemplateId, a.Date))
                    .Concat(known.Where(a => a.ProfessionalId == p.Id).Select(a => OccurrenceId(a.ShiftTemplateId, a.Date)))
                    .Where(valid.Contains).Distinct().ToList(),
                wish?.PreferredCentreId is { } c ? centreNames.GetValueOrDefault(c) : null,
                wish?.Partners.Select(x => x.PartnerId.ToString()).ToList());
        }).ToList();
        var own = OwnAssignments.ToHashSet();
        var locked = known.Where(a => !own.Contains(a) || a.Locked || lockOwnUnlocked).Select(ToSolver).ToList();
        var roles = Roles.Select(r => new RosterRole(r.Id.ToString(), r.Label, r.Professions.Split(' ', StringSplitOptions.RemoveEmptyEntries), r.Exposed)).ToList();
        return new RosterInstance(Limits, roles, shifts, volunteers, locked);
    }
}

public sealed class LoadRosterWeek(MaillageDb db, RosterCentre centres, ListCentreRefs centreRefs, LoadProfessionalFacts professionals)
{
    public static readonly RosterLimits DefaultLimits = new(MinRestMinutes: 60, MaxShiftsPerWeek: 5);

    public async Task<ProfessionalFacts?> PersonAsync(int professionalId, UserScope scope, CancellationToken ct) =>
        (await professionals.ExecuteAsync([professionalId], scope, ct)).GetValueOrDefault(professionalId);

    public async Task<RosterWeekContext> ExecuteAsync(int centreId, DateOnly anyDay, UserScope scope, bool forChange, CancellationToken ct = default)
    {
        var centre = await centres.ExecuteAsync(centreId, scope, forChange, ct);
        var monday = RosterRules.WeekStart(anyDay);
        var sunday = monday.AddDays(6);
        var centreNames = (await centreRefs.ExecuteAsync(scope, centre.EpisodeId, ct)).ToDictionary(c => c.Id, c => c.Name);
        var centreIds = centreNames.Keys.ToList();
        var templates = await db.Set<ShiftTemplate>().AsNoTracking().Include(s => s.Requirements).Where(s => centreIds.Contains(s.CentreId)).ToListAsync(ct);
        var occurrences = templates.SelectMany(t => RosterRules.Occurrences(t.Pattern, monday, sunday).Select(o =>
        {
            var (start, end) = RosterRules.Times(o.Date, o.Hours);
            return new ShiftOccurrence(t, o.Date, start, end, t.CentreId, centreNames[t.CentreId]);
        })).OrderBy(o => o.Start).ThenBy(o => o.CentreId == centre.Id ? 0 : 1).ThenBy(o => o.Template.Id).ToList();
        var templateIds = templates.Select(t => t.Id).ToList();
        var assignments = await db.Set<ShiftAssignment>().Where(a => templateIds.Contains(a.ShiftTemplateId) && a.Date >= monday && a.Date <= sunday).ToListAsync(ct);
        var availabilities = await db.Set<Availability>().AsNoTracking().Where(a => templateIds.Contains(a.ShiftTemplateId) && a.Date >= monday && a.Date <= sunday).ToListAsync(ct);
        var people = await professionals.ExecuteAsync(availabilities.Select(a => a.ProfessionalId).Concat(assignments.Select(a => a.ProfessionalId)).ToList(), scope, ct);
        var peopleIds = people.Keys.ToList();
        var settings = await db.Set<RosterSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.EpisodeId == centre.EpisodeId, ct);
        return new RosterWeekContext
        {
            Centre = centre,
            Monday = monday,
            Limits = settings is null ? DefaultLimits : new RosterLimits(settings.MinRestMinutes, settings.MaxShiftsPerWeek),
            Occurrences = occurrences,
            Roles = await db.Set<CentreRole>().AsNoTracking().Where(r => centreIds.Contains(r.CentreId)).OrderBy(r => r.Id).ToListAsync(ct),
            Assignments = assignments,
            Availabilities = availabilities,
            People = people,
            Week = await db.Set<RosterWeek>().FirstOrDefaultAsync(w => w.CentreId == centreId && w.WeekStart == monday, ct),
            Preferences = await db.Set<RosterPreference>().AsNoTracking().Include(p => p.Partners)
                .Where(p => p.EpisodeId == centre.EpisodeId && peopleIds.Contains(p.ProfessionalId)).ToDictionaryAsync(p => p.ProfessionalId, ct),
        };
    }
}
