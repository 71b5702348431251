using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Notifications;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Rosters;

public sealed record RosterPerson(int AssignmentId, int ProfessionalId, string Name, string Profession, bool Locked);

public sealed record RosterCandidate(int ProfessionalId, string Name, string Profession, int Load);

public sealed record RosterSlot(int RoleId, string Role, int Needed, IReadOnlyList<RosterPerson> People, int Missing, string? Gap, IReadOnlyList<RosterCandidate> Candidates);

public sealed record RosterOccurrence(int ShiftId, string ShiftName, DateOnly Date, DateTime Start, DateTime End, string Hours, IReadOnlyList<RosterSlot> Slots);

public sealed record AbsenceView(int Id, DateOnly Date, string ShiftName, string Hours, string Role, string Name, string Reason, DateTime DeclaredAtUtc, string DeclaredBy, string? ReplacedBy);

public sealed record RosterWeekView(
    int CentreId, string CentreName, string Address, int EpisodeId, DateOnly WeekStart, bool Editable,
    int Version, int? PublishedVersion, DateTime? PublishedAtUtc, string? PublishedBy, RosterLimits Limits,
    int Required, int Covered, IReadOnlyList<RosterOccurrence> Occurrences, IReadOnlyList<AbsenceView> Absences)
{
    public bool Published => PublishedVersion is not null;

    public bool ChangedSincePublication => PublishedVersion is { } published && published != Version;
}

/// <param name="PreferencesMet">Shifts at a volunteer's preferred centre plus shifts shared with a preferred partner, across the crisis's centres that week.</param>
public sealed record SolveSummary(int Required, int Covered, int Added, int Removed, int Kept, int PreferencesMet, IReadOnlyList<string> Warnings);

/// <summary>The week's roster of a centre: who holds what, what is still open and why, who could fill it.</summary>
public sealed class ShowRosterWeek(MaillageDb db, LoadRosterWeek load, LoadProfessionalFacts professionals)
{
    public async Task<RosterWeekView> ExecuteAsync(int centreId, DateOnly anyDay, UserScope scope, CancellationToken ct = default)
    {
        var week = await load.ExecuteAsync(centreId, anyDay, scope, forChange: false, ct);
        var instance = week.Instance(lockOwnUnlocked: true);
        var current = week.Current.ToList();
        var gaps = RosterSolver.Gaps(instance, current).ToDictionary(g => (g.Shift, g.Role));
        var roles = week.Roles.ToDictionary(r => r.Id);
        var occurrences = week.OwnOccurrences.Select(o => new RosterOccurrence(o.Template.Id, o.Template.Name, o.Date, o.Start, o.End, o.Hours,
            o.Template.Requirements.Where(r => roles.ContainsKey(r.RoleId)).OrderBy(r => r.RoleId).Select(r =>
            {
                var people = week.Assignments.Where(a => a.ShiftTemplateId == o.Template.Id && a.Date == o.Date && a.RoleId == r.RoleId && week.People.ContainsKey(a.ProfessionalId))
                    .Select(a => new RosterPerson(a.Id, a.ProfessionalId, week.People[a.ProfessionalId].Name, Professions.Label(week.People[a.ProfessionalId].Profession), a.Locked))
                    .OrderBy(p => p.Name, StringComparer.CurrentCulture).ToList();
                var gap = gaps.GetValueOrDefault((o.Id, r.RoleId.ToString()));
                var candidates = gap is null ? [] : RosterSolver.Replacements(instance, current, o.Id, r.RoleId.ToString()).Take(8)
                    .Select(c => new RosterCandidate(int.Parse(c.Volunteer), c.Name, Professions.Label(c.Profession), c.Load)).ToList();
                return new RosterSlot(r.RoleId, roles[r.RoleId].Label, r.Headcount, people, gap?.Missing ?? 0, gap?.Explanation, candidates);
            }).ToList())).ToList();

        var ownIds = week.OwnOccurrences.Select(o => o.Template.Id).Distinct().ToList();
        var sunday = week.Monday.AddDays(6);
        var absences = await db.Set<Absence>().AsNoTracking().Where(a => ownIds.Contains(a.ShiftTemplateId) && a.Date >= week.Monday && a.Date <= sunday).OrderBy(a => a.Date).ThenBy(a => a.Id).ToListAsync(ct);
        var names = (await professionals.ExecuteAsync(
            absences.Select(a => a.ProfessionalId).Concat(absences.Select(a => a.ReplacementProfessionalId ?? a.ProfessionalId)).ToList(), scope, ct))
            .ToDictionary(p => p.Key, p => p.Value.Name);
        var absenceViews = absences.Select(a =>
        {
            var o = week.Find(a.ShiftTemplateId, a.Date);
            return new AbsenceView(a.Id, a.Date, o?.Template.Name ?? "?", o?.Hours ?? "", roles.TryGetValue(a.RoleId, out var role) ? role.Label : "?",
                names.GetValueOrDefault(a.ProfessionalId, "?"), a.Reason, a.DeclaredAtUtc, a.DeclaredBy,
                a.ReplacementProfessionalId is { } r ? names.GetValueOrDefault(r, "?") : null);
        }).ToList();

        var required = occurrences.Sum(o => o.Slots.Sum(s => s.Needed));
        var covered = occurrences.Sum(o => o.Slots.Sum(s => Math.Min(s.Needed, s.People.Count)));
        var c = week.Centre;
        return new RosterWeekView(c.Id, c.Name, c.Address, c.EpisodeId, week.Monday, !c.EpisodeClosed && c.Stage != Crisis.CentreStage.Closed,
            week.Week?.Version ?? 0, week.Week?.PublishedVersion, week.Week?.PublishedAtUtc, week.Week?.PublishedBy, week.Limits,
            required, covered, occurrences, absenceViews);
    }
}

/// <summary>Bumps a centre-week's version on every change, so publication knows when it is out of date.</summary>
public sealed class RosterWeekChanges(MaillageDb db)
{
    /// <summary>Where a volunteer finds their shifts: the link of every roster message.</summary>
    public const string VolunteerPage = "/plannings";

    public async Task<RosterWeek> TouchAsync(int centreId, DateOnly monday, CancellationToken ct)
    {
        var week = db.Set<RosterWeek>().Local.FirstOrDefault(w => w.CentreId == centreId && w.WeekStart == monday)
            ?? await db.Set<RosterWeek>().FirstOrDefaultAsync(w => w.CentreId == centreId && w.WeekStart == monday, ct);
        if (week is null)
        {
            week = new RosterWeek { CentreId = centreId, WeekStart = monday };
            db.Add(week);
        }

        week.Version++;
        return week;
    }
}

/// <summary>
/// Proposes the week's roster of a centre: locked assignments stay, the others are replaced by the
/// solver's proposal. Other centres of the crisis are only constraints.
/// </summary>
public sealed class SolveRosterWeek(MaillageDb db, LoadRosterWeek load, RosterWeekChanges changes, Notify notify, AuditLog audit, TimeProvider time)
{
    public async Task<SolveSummary> ExecuteAsync(int centreId, DateOnly anyDay, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var week = await load.ExecuteAsync(centreId, anyDay, scope, forChange: true, ct);
        if (!week.OwnOccurrences.Any())
        {
            throw DomainException.Invalid("Ce centre n'a aucun créneau cette semaine : définissez d'abord ses créneaux.", "week");
        }

        var solution = RosterSolver.Solve(week.Instance(lockOwnUnlocked: false));
        var own = week.OwnAssignments.Where(a => week.People.ContainsKey(a.ProfessionalId)).ToList();
        var proposed = solution.Assignments.Where(a => !a.Locked).Select(a => (Shift: a.Shift, Role: int.Parse(a.Role), Professional: int.Parse(a.Volunteer))).ToHashSet();
        var removed = own.Where(a => !a.Locked && !proposed.Contains((RosterWeekContext.OccurrenceId(a.ShiftTemplateId, a.Date), a.RoleId, a.ProfessionalId))).ToList();
        var kept = own.Except(removed).Select(a => (RosterWeekContext.OccurrenceId(a.ShiftTemplateId, a.Date), a.RoleId, a.ProfessionalId)).ToHashSet();
        var added = proposed.Where(p => !kept.Contains(p)).ToList();
        var now = time.GetUtcNow().UtcDateTime;
        db.RemoveRange(removed);
        var byId = week.OwnOccurrences.ToDictionary(o => o.Id);
        foreach (var (shift, role, professional) in added)
        {
            var o = byId[shift];
            db.Add(new ShiftAssignment { ShiftTemplateId = o.Template.Id, Date = o.Date, RoleId = role, ProfessionalId = professional, AssignedAtUtc = now, AssignedBy = actor.Name });
        }

        var state = await changes.TouchAsync(centreId, week.Monday, ct);
        if (state.PublishedVersion is not null)
        {
            foreach (var person in removed.Select(r => r.ProfessionalId).Concat(added.Select(a => a.Professional)).Distinct())
            {
                notify.Queue(person, $"Votre planning au {week.Centre.Name} a changé pour la semaine du {week.Monday:dd/MM/yyyy}.", RosterWeekChanges.VolunteerPage);
            }
        }

        var stats = solution.Stats;
        var ownRequired = week.OwnOccurrences.Sum(o => o.Template.Requirements.Sum(r => r.Headcount));
        var ownCovered = kept.Count + added.Count;
        await audit.RecordAsync(actor, "roster.solve", $"crisis:{week.Centre.EpisodeId}",
            $"centre « {week.Centre.Name} », semaine du {week.Monday:dd/MM/yyyy} : {ownCovered}/{ownRequired} places pourvues, {added.Count} ajoutée(s), {removed.Count} retirée(s), calcul {stats.ElapsedMilliseconds} ms", ct);
        return new SolveSummary(ownRequired, Math.Min(ownCovered, ownRequired), added.Count, removed.Count, kept.Count, stats.PreferencesMet, solution.Warnings);
    }
}

/// <summary>
/// A coordinator puts someone on a place by hand. The assignment is locked (a person decided it). Having
/// not declared availability is accepted — the coordinator has usually just phoned them — and recorded as
/// availability; every other hard rule refuses.
/// </summary>
public sealed class AssignVolunteer(MaillageDb db, LoadRosterWeek load, RosterWeekChanges changes, Notify notify, AuditLog audit, TimeProvider time)
{
    public async Task<int> ExecuteAsync(int centreId, int shiftId, DateOnly date, int roleId, int professionalId, Actor actor, UserScope scope, int? absenceId = null, CancellationToken ct = default)
    {
        var week = await load.ExecuteAsync(centreId, date, scope, forChange: true, ct);
        var occurrence = week.Find(shiftId, date) is { } o && o.CentreId == centreId ? o : throw DomainException.NotFound("Ce créneau n'existe pas ce jour-là dans ce centre.", "shift");
        var requirement = occurrence.Template.Requirements.FirstOrDefault(r => r.RoleId == roleId) ?? throw DomainException.Invalid("Ce créneau ne demande pas ce rôle.", "role");
        var person = week.People.GetValueOrDefault(professionalId)
            ?? (await load.PersonAsync(professionalId, scope, ct)) ?? throw DomainException.NotFound("Professionnel introuvable.", "professionalId");
        if (week.Assignments.Count(a => a.ShiftTemplateId == shiftId && a.Date == date && a.RoleId == roleId) >= requirement.Headcount)
        {
            throw DomainException.Conflict("Ce rôle est déjà au complet sur ce créneau : retirez d'abord quelqu'un.", "role");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var declared = week.Availabilities.Any(a => a.ProfessionalId == professionalId && a.ShiftTemplateId == shiftId && a.Date == date);
        var people = week.People.ToDictionary();
        people[professionalId] = person;
        var withPerson = week with
        {
            Availabilities = declared ? week.Availabilities : [.. week.Availabilities, new Availability { ShiftTemplateId = shiftId, Date = date, ProfessionalId = professionalId, DeclaredBy = actor.Name }],
            People = people,
        };
        var (blocker, why) = RosterSolver.WhyNot(withPerson.Instance(lockOwnUnlocked: true), withPerson.Current, occurrence.Id, roleId.ToString(), professionalId.ToString());
        if (blocker != Blocker.None)
        {
            throw DomainException.Conflict($"Impossible : {why}.", "professionalId");
        }

        if (!declared)
        {
            db.Add(new Availability { ShiftTemplateId = shiftId, Date = date, ProfessionalId = professionalId, DeclaredAtUtc = now, DeclaredBy = actor.Name });
        }

        var assignment = new ShiftAssignment { ShiftTemplateId = shiftId, Date = date, RoleId = roleId, ProfessionalId = professionalId, Locked = true, AssignedAtUtc = now, AssignedBy = actor.Name };
        db.Add(assignment);
        if (absenceId is { } id && await db.Set<Absence>().FirstOrDefaultAsync(a => a.Id == id && a.ShiftTemplateId == shiftId && a.Date == date, ct) is { } absence)
        {
            absence.ReplacementProfessionalId = professionalId;
            absence.ResolvedAtUtc = now;
        }

        var state = await changes.TouchAsync(centreId, week.Monday, ct);
        var role = week.Roles.First(r => r.Id == roleId).Label;
        if (state.PublishedVersion is not null)
        {
            notify.Queue(professionalId, $"Vous êtes attendu·e au {week.Centre.Name} le {date.ToString("dddd d MMMM", French.Culture)}, {occurrence.Hours}, rôle « {role} ».", RosterWeekChanges.VolunteerPage);
        }

        await audit.RecordAsync(actor, "roster.assign", $"crisis:{week.Centre.EpisodeId}",
            $"centre « {week.Centre.Name} », {date:dd/MM/yyyy} {occurrence.Hours} : {person.Name}, rôle « {role} »{(absenceId is null ? "" : " (remplacement)")}", ct);
        return assignment.Id;
    }
}

/// <summary>Finds an assignment with the centre and week it belongs to, checking the reader's scope.</summary>
public sealed class FindAssignment(MaillageDb db, LoadRosterWeek load)
{
    public async Task<(ShiftAssignment Assignment, RosterWeekContext Week)> ExecuteAsync(int assignmentId, UserScope scope, bool forChange, CancellationToken ct)
    {
        var found = await db.Set<ShiftAssignment>().Where(a => a.Id == assignmentId)
            .Join(db.Set<ShiftTemplate>(), a => a.ShiftTemplateId, s => s.Id, (a, s) => new { a.Date, s.CentreId }).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("Affectation introuvable.", "assignment");
        var week = await load.ExecuteAsync(found.CentreId, found.Date, scope, forChange, ct);
        return (week.Assignments.First(a => a.Id == assignmentId), week);
    }
}

public sealed class RemoveAssignment(MaillageDb db, FindAssignment find, RosterWeekChanges changes, Notify notify, AuditLog audit)
{
    public async Task ExecuteAsync(int assignmentId, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var (assignment, week) = await find.ExecuteAsync(assignmentId, scope, forChange: true, ct);
        var occurrence = week.Find(assignment.ShiftTemplateId, assignment.Date)!;
        db.Remove(assignment);
        var state = await changes.TouchAsync(week.Centre.Id, week.Monday, ct);
        if (state.PublishedVersion is not null)
        {
            notify.Queue(assignment.ProfessionalId, $"Vous n'êtes plus attendu·e au {week.Centre.Name} le {assignment.Date.ToString("dddd d MMMM", French.Culture)}, {occurrence.Hours}.", RosterWeekChanges.VolunteerPage);
        }

        await audit.RecordAsync(actor, "roster.unassign", $"crisis:{week.Centre.EpisodeId}",
            $"centre « {week.Centre.Name} », {assignment.Date:dd/MM/yyyy} {occurrence.Hours} : {week.People.GetValueOrDefault(assignment.ProfessionalId)?.Name ?? "?"} retiré·e", ct);
    }
}

public sealed class SetAssignmentLock(FindAssignment find, RosterWeekChanges changes, AuditLog audit)
{
    public async Task ExecuteAsync(int assignmentId, bool locked, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var (assignment, week) = await find.ExecuteAsync(assignmentId, scope, forChange: true, ct);
        if (assignment.Locked == locked)
        {
            return;
        }

        assignment.Locked = locked;
        await changes.TouchAsync(week.Centre.Id, week.Monday, ct);
        await audit.RecordAsync(actor, locked ? "roster.lock" : "roster.unlock", $"crisis:{week.Centre.EpisodeId}",
            $"centre « {week.Centre.Name} », {assignment.Date:dd/MM/yyyy} : {week.People.GetValueOrDefault(assignment.ProfessionalId)?.Name ?? "?"}", ct);
    }
}

/// <summary>Publishes the week: volunteers see their shifts and each one gets a message with theirs.</summary>
public sealed class PublishRosterWeek(LoadRosterWeek load, RosterWeekChanges changes, Notify notify, AuditLog audit, TimeProvider time)
{
    public async Task<int> ExecuteAsync(int centreId, DateOnly anyDay, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var week = await load.ExecuteAsync(centreId, anyDay, scope, forChange: true, ct);
        var own = week.OwnAssignments.ToList();
        if (own.Count == 0)
        {
            throw DomainException.Invalid("Rien à publier : le planning de cette semaine est vide.", "week");
        }

        var state = week.Week ?? await changes.TouchAsync(centreId, week.Monday, ct);
        if (state.PublishedVersion == state.Version)
        {
            throw DomainException.Conflict("Ce planning est déjà publié et n'a pas changé depuis.", "week");
        }

        state.PublishedVersion = state.Version;
        state.PublishedAtUtc = time.GetUtcNow().UtcDateTime;
        state.PublishedBy = actor.Name;
        var roles = week.Roles.ToDictionary(r => r.Id, r => r.Label);
        foreach (var person in own.GroupBy(a => a.ProfessionalId))
        {
            var lines = person.Select(a => (Occurrence: week.Find(a.ShiftTemplateId, a.Date)!, Role: roles[a.RoleId])).OrderBy(x => x.Occurrence.Start)
                .Select(x => $"{x.Occurrence.Date.ToString("ddd d MMM", French.Culture)} {x.Occurrence.Hours} ({x.Role})");
            notify.Queue(person.Key, $"Planning publié — {week.Centre.Name}, semaine du {week.Monday:dd/MM/yyyy} : {string.Join(" ; ", lines)}.", RosterWeekChanges.VolunteerPage);
        }

        await audit.RecordAsync(actor, "roster.publish", $"crisis:{week.Centre.EpisodeId}",
            $"centre « {week.Centre.Name} », semaine du {week.Monday:dd/MM/yyyy} : version {state.Version}, {own.Count} affectation(s), {own.Select(a => a.ProfessionalId).Distinct().Count()} personne(s) prévenue(s)", ct);
        return own.Select(a => a.ProfessionalId).Distinct().Count();
    }
}

/// <summary>
/// "I can't come": the place is freed at once, the person is no longer counted available there, and the
/// absence stays on record until someone replaces them.
/// </summary>
public sealed class DeclareAbsence(MaillageDb db, FindAssignment find, RosterWeekChanges changes, AuditLog audit, TimeProvider time)
{
    public async Task<int> ExecuteAsync(int assignmentId, string? reason, int? ownProfessionalId, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var (assignment, week) = await find.ExecuteAsync(assignmentId, scope, forChange: true, ct);
        if (ownProfessionalId is { } own && own != assignment.ProfessionalId)
        {
            throw DomainException.NotFound("Affectation introuvable.", "assignment");
        }

        var why = DirectoryRules.Required(reason, "Le motif", "reason", 500);
        var occurrence = week.Find(assignment.ShiftTemplateId, assignment.Date)!;
        var now = time.GetUtcNow().UtcDateTime;
        if (TimeZoneInfo.ConvertTimeToUtc(occurrence.End, French.Paris) <= now)
        {
            throw DomainException.Invalid("Ce créneau est passé.", "assignment");
        }

        db.Remove(assignment);
        db.RemoveRange(await db.Set<Availability>().Where(a => a.ProfessionalId == assignment.ProfessionalId && a.ShiftTemplateId == assignment.ShiftTemplateId && a.Date == assignment.Date).ToListAsync(ct));
        var absence = new Absence
        {
            ShiftTemplateId = assignment.ShiftTemplateId, Date = assignment.Date, RoleId = assignment.RoleId, ProfessionalId = assignment.ProfessionalId,
            Reason = why, DeclaredAtUtc = now, DeclaredBy = actor.Name,
        };
        db.Add(absence);
        await changes.TouchAsync(week.Centre.Id, week.Monday, ct);
        await audit.RecordAsync(actor, "roster.absence", $"crisis:{week.Centre.EpisodeId}",
            $"centre « {week.Centre.Name} », {assignment.Date:dd/MM/yyyy} {occurrence.Hours} : {week.People.GetValueOrDefault(assignment.ProfessionalId)?.Name ?? "?"} absent·e ({why})", ct);
        return absence.Id;
    }
}

public sealed class SetRosterRules(MaillageDb db, RosterCentre centres, AuditLog audit)
{
    public async Task ExecuteAsync(int centreId, int minRestMinutes, int maxShiftsPerWeek, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var centre = await centres.ExecuteAsync(centreId, scope, forChange: true, ct);
        if (minRestMinutes is < 0 or > 24 * 60)
        {
            throw DomainException.Invalid("Le repos minimal est compris entre 0 et 1 440 minutes.", "minRestMinutes");
        }

        if (maxShiftsPerWeek is < 1 or > 21)
        {
            throw DomainException.Invalid("Le plafond hebdomadaire est compris entre 1 et 21 créneaux.", "maxShiftsPerWeek");
        }

        var settings = await db.Set<RosterSettings>().FirstOrDefaultAsync(s => s.EpisodeId == centre.EpisodeId, ct);
        if (settings is null)
        {
            settings = new RosterSettings { EpisodeId = centre.EpisodeId };
            db.Add(settings);
        }

        settings.MinRestMinutes = minRestMinutes;
        settings.MaxShiftsPerWeek = maxShiftsPerWeek;
        await audit.RecordAsync(actor, "roster.rules", $"crisis:{centre.EpisodeId}", $"repos minimal {minRestMinutes} min, au plus {maxShiftsPerWeek} créneaux par semaine", ct);
    }
}
