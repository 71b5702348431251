using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Rosters;

public sealed record RoleCover(string Role, int Needed, int Qualified);

public sealed record OccurrenceView(int ShiftId, string ShiftName, DateOnly Date, string Hours, bool Mine, IReadOnlyList<string> Volunteers, IReadOnlyList<RoleCover> Cover);

public sealed record WeekAvailability(int CentreId, string CentreName, int EpisodeId, DateOnly WeekStart, int? ProfessionalId, IReadOnlyList<OccurrenceView> Occurrences);

/// <summary>
/// The week's shift occurrences of a centre: who said they are available, and for each role how many of
/// them may hold it (profession allowed, not at risk on an exposed role) against how many are needed.
/// </summary>
public sealed class ShowWeekAvailability(MaillageDb db, RosterCentre centres, LoadProfessionalFacts professionals)
{
    public async Task<WeekAvailability> ExecuteAsync(int centreId, DateOnly anyDay, int? professionalId, UserScope scope, bool seesNames, CancellationToken ct = default)
    {
        var centre = await centres.ExecuteAsync(centreId, scope, forChange: false, ct);
        var monday = RosterRules.WeekStart(anyDay);
        var sunday = monday.AddDays(6);
        var roles = await db.Set<CentreRole>().AsNoTracking().Where(r => r.CentreId == centreId).ToListAsync(ct);
        var shifts = await db.Set<ShiftTemplate>().AsNoTracking().Include(s => s.Requirements).Where(s => s.CentreId == centreId).ToListAsync(ct);
        var shiftIds = shifts.Select(s => s.Id).ToList();
        var availabilities = await db.Set<Availability>().AsNoTracking()
            .Where(a => shiftIds.Contains(a.ShiftTemplateId) && a.Date >= monday && a.Date <= sunday).ToListAsync(ct);
        var facts = await professionals.ExecuteAsync(availabilities.Select(a => a.ProfessionalId).ToList(), scope, ct);
        var rules = roles.ToDictionary(r => r.Id, r => new RoleRule(r.Label, r.Professions.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(), r.Exposed));

        var occurrences = new List<OccurrenceView>();
        foreach (var shift in shifts)
        {
            foreach (var (date, hours) in RosterRules.Occurrences(shift.Pattern, monday, sunday))
            {
                var available = availabilities.Where(a => a.ShiftTemplateId == shift.Id && a.Date == date && facts.ContainsKey(a.ProfessionalId))
                    .Select(a => facts[a.ProfessionalId]).ToList();
                var cover = shift.Requirements.Where(r => rules.ContainsKey(r.RoleId)).Select(r => new RoleCover(
                    rules[r.RoleId].Label, r.Headcount, available.Count(p => RosterRules.WhyNot(rules[r.RoleId], p.Profession, p.AtRisk) is null))).ToList();
                occurrences.Add(new OccurrenceView(shift.Id, shift.Name, date, hours.ToString(), available.Any(p => p.Id == professionalId),
                    seesNames ? available.Select(p => p.Name).Order().ToList() : [], cover));
            }
        }

        return new WeekAvailability(centreId, centre.Name, centre.EpisodeId, monday, professionalId,
            occurrences.OrderBy(o => o.Date).ThenBy(o => o.Hours, StringComparer.Ordinal).ToList());
    }
}

/// <summary>
/// Sets a volunteer's availability for a week of a centre: the occurrences given are available, the
/// others of that week are not. Volunteers set their own; coordinators may set anyone's of their territory.
/// </summary>
public sealed class SetWeekAvailability(MaillageDb db, RosterCentre centres, LoadProfessionalFacts professionals, AuditLog audit, TimeProvider time)
{
    public async Task<int> ExecuteAsync(int centreId, int professionalId, DateOnly anyDay, IReadOnlyCollection<(int ShiftId, DateOnly Date)> available, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var centre = await centres.ExecuteAsync(centreId, scope, forChange: true, ct);
        if (!(await professionals.ExecuteAsync([professionalId], scope, ct)).ContainsKey(professionalId))
        {
            throw DomainException.NotFound("Professionnel introuvable.", "professionalId");
        }

        var monday = RosterRules.WeekStart(anyDay);
        var sunday = monday.AddDays(6);
        var shifts = await db.Set<ShiftTemplate>().AsNoTracking().Where(s => s.CentreId == centreId).ToListAsync(ct);
        var valid = shifts.SelectMany(s => RosterRules.Occurrences(s.Pattern, monday, sunday).Select(o => (s.Id, o.Date))).ToHashSet();
        var wanted = available.ToHashSet();
        if (wanted.Any(w => !valid.Contains(w)))
        {
            throw DomainException.Invalid("Un des créneaux choisis n'existe pas cette semaine dans ce centre.", "available");
        }

        var shiftIds = shifts.Select(s => s.Id).ToList();
        var existing = await db.Set<Availability>()
            .Where(a => a.ProfessionalId == professionalId && shiftIds.Contains(a.ShiftTemplateId) && a.Date >= monday && a.Date <= sunday).ToListAsync(ct);
        db.RemoveRange(existing.Where(e => !wanted.Contains((e.ShiftTemplateId, e.Date))));
        var now = time.GetUtcNow().UtcDateTime;
        db.AddRange(wanted.Where(w => !existing.Any(e => e.ShiftTemplateId == w.ShiftId && e.Date == w.Date)).Select(w => new Availability
        {
            ShiftTemplateId = w.ShiftId, Date = w.Date, ProfessionalId = professionalId, DeclaredAtUtc = now, DeclaredBy = actor.Name,
        }));
        await audit.RecordAsync(actor, "roster.availability", $"crisis:{centre.EpisodeId}",
            $"centre « {centre.Name} », semaine du {monday:dd/MM/yyyy} : professionnel n° {professionalId} disponible sur {wanted.Count} créneau(x)", ct);
        return wanted.Count;
    }
}

/// <summary>
/// Declares (or withdraws) availability for chosen shifts over a date range — "every morning from the 23rd
/// to the 5th" — instead of ticking week by week. At most 92 days at once.
/// </summary>
public sealed class SetAvailabilityRange(MaillageDb db, RosterCentre centres, LoadProfessionalFacts professionals, AuditLog audit, TimeProvider time)
{
    public async Task<int> ExecuteAsync(int centreId, int professionalId, DateOnly from, DateOnly to, IReadOnlyCollection<int> shiftIds, bool available, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var centre = await centres.ExecuteAsync(centreId, scope, forChange: true, ct);
        if (!(await professionals.ExecuteAsync([professionalId], scope, ct)).ContainsKey(professionalId))
        {
            throw DomainException.NotFound("Professionnel introuvable.", "professionalId");
        }

        if (to < from)
        {
            throw DomainException.Invalid("La date de fin précède la date de début.", "to");
        }

        if (to.DayNumber - from.DayNumber > 91)
        {
            throw DomainException.Invalid("Une période couvre au plus 92 jours.", "to");
        }

        var shifts = await db.Set<ShiftTemplate>().AsNoTracking().Where(s => s.CentreId == centreId && shiftIds.Contains(s.Id)).ToListAsync(ct);
        if (shifts.Count == 0 || shifts.Count != shiftIds.Distinct().Count())
        {
            throw DomainException.Invalid("Choisissez un ou plusieurs créneaux de ce centre.", "shiftIds");
        }

        var occurrences = shifts.SelectMany(s => RosterRules.Occurrences(s.Pattern, from, to).Select(o => (s.Id, o.Date))).ToHashSet();
        var ids = shifts.Select(s => s.Id).ToList();
        var existing = await db.Set<Availability>().Where(a => a.ProfessionalId == professionalId && ids.Contains(a.ShiftTemplateId) && a.Date >= from && a.Date <= to).ToListAsync(ct);
        var changed = 0;
        if (available)
        {
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var (shift, date) in occurrences.Where(o => !existing.Any(e => e.ShiftTemplateId == o.Id && e.Date == o.Date)))
            {
                db.Add(new Availability { ShiftTemplateId = shift, Date = date, ProfessionalId = professionalId, DeclaredAtUtc = now, DeclaredBy = actor.Name });
                changed++;
            }
        }
        else
        {
            db.RemoveRange(existing);
            changed = existing.Count;
        }

        await audit.RecordAsync(actor, "roster.availability", $"crisis:{centre.EpisodeId}",
            $"centre « {centre.Name} », du {from:dd/MM/yyyy} au {to:dd/MM/yyyy} : professionnel n° {professionalId} {(available ? "disponible" : "indisponible")} sur {changed} créneau(x)", ct);
        return changed;
    }
}
