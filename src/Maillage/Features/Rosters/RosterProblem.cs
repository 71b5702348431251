using Maillage.Infrastructure;

namespace Maillage.Features.Rosters;

/// <summary>Why one person cannot take one role on one shift, in the order the checks run.</summary>
public enum Blocker
{
    None,
    NotAvailable,
    NotQualified,
    AtRisk,
    SameShift,
    TooClose,
    WeeklyCap,
}

/// <summary>
/// A validated, indexed <see cref="RosterInstance"/> and the hard rules on it. Shifts, roles and
/// volunteers are addressed by position; ids only matter at the edges.
/// </summary>
public sealed class RosterProblem
{
    private readonly HashSet<int>[] available;

    private RosterProblem(RosterInstance instance)
    {
        Instance = instance;
        Limits = instance.Limits;
        if (Limits.MinRestMinutes is < 0 or > 24 * 60)
        {
            throw DomainException.Invalid("rules.minRestMinutes doit être compris entre 0 et 1440.", "rules");
        }

        if (Limits.MaxShiftsPerWeek is < 1 or > 21)
        {
            throw DomainException.Invalid("rules.maxShiftsPerWeek doit être compris entre 1 et 21.", "rules");
        }

        Roles = instance.Roles ?? throw DomainException.Invalid("La liste roles manque.", "roles");
        Shifts = instance.Shifts ?? throw DomainException.Invalid("La liste shifts manque.", "shifts");
        Volunteers = instance.Volunteers ?? throw DomainException.Invalid("La liste volunteers manque.", "volunteers");
        RoleIndex = Index(Roles.Select(r => r.Id), "rôle");
        ShiftIndex = Index(Shifts.Select(s => s.Id), "créneau");
        VolunteerIndex = Index(Volunteers.Select(v => v.Id), "volontaire");
        RoleProfessions = Roles.Select(r => (IReadOnlySet<string>)(r.Professions ?? []).ToHashSet()).ToArray();

        StartUtc = new DateTime[Shifts.Count];
        EndUtc = new DateTime[Shifts.Count];
        Week = new int[Shifts.Count];
        Needs = new (int Role, int Headcount)[Shifts.Count][];
        var weeks = new SortedDictionary<DateOnly, int>();
        for (var s = 0; s < Shifts.Count; s++)
        {
            var shift = Shifts[s];
            if (shift.End <= shift.Start)
            {
                throw DomainException.Invalid($"Le créneau « {shift.Id} » finit avant de commencer.", "shifts");
            }

            StartUtc[s] = ToUtc(shift.Start);
            EndUtc[s] = ToUtc(shift.End);
            weeks.TryAdd(RosterRules.WeekStart(DateOnly.FromDateTime(shift.Start)), 0);
            Needs[s] = (shift.Needs ?? new Dictionary<string, int>()).Select(n => (
                RoleIndex.TryGetValue(n.Key, out var role) ? role : throw DomainException.Invalid($"Le créneau « {shift.Id} » demande un rôle inconnu « {n.Key} ».", "shifts"),
                n.Value is >= 0 and <= 50 ? n.Value : throw DomainException.Invalid($"Le créneau « {shift.Id} » : l'effectif du rôle « {n.Key} » doit être entre 0 et 50.", "shifts")))
                .Where(n => n.Item2 > 0).ToArray();
        }

        var weekNumbers = weeks.Keys.Select((monday, i) => (monday, i)).ToDictionary(x => x.monday, x => x.i);
        for (var s = 0; s < Shifts.Count; s++)
        {
            Week[s] = weekNumbers[RosterRules.WeekStart(DateOnly.FromDateTime(Shifts[s].Start))];
        }

        WeekCount = weeks.Count;
        foreach (var v in Volunteers.Where(v => string.IsNullOrWhiteSpace(v.Name) || string.IsNullOrWhiteSpace(v.Profession)))
        {
            throw DomainException.Invalid($"Le volontaire « {v.Id} » doit avoir un nom (name) et une profession (profession).", "volunteers");
        }

        available = Volunteers.Select(v => (v.Available ?? []).Select(id => ShiftIndex.TryGetValue(id, out var s) ? s
            : throw DomainException.Invalid($"Le volontaire « {v.Id} » est disponible sur un créneau inconnu « {id} ».", "volunteers")).ToHashSet()).ToArray();
        Partners = Volunteers.Select(v => (v.PreferredPartners ?? []).Where(VolunteerIndex.ContainsKey).Select(p => VolunteerIndex[p]).Where(p => p != VolunteerIndex[v.Id]).Distinct().ToArray()).ToArray();
        var named = Partners.SelectMany((partners, q) => partners.Select(p => (Partner: p, By: q))).ToLookup(x => x.Partner, x => x.By);
        PartnerOf = Enumerable.Range(0, Volunteers.Count).Select(v => named[v].ToArray()).ToArray();
        Locked = (instance.Locked ?? []).Select(a => (
            ShiftIndex.TryGetValue(a.Shift, out var s) ? s : throw DomainException.Invalid($"Affectation verrouillée sur un créneau inconnu « {a.Shift} ».", "locked"),
            RoleIndex.TryGetValue(a.Role, out var r) ? r : throw DomainException.Invalid($"Affectation verrouillée sur un rôle inconnu « {a.Role} ».", "locked"),
            VolunteerIndex.TryGetValue(a.Volunteer, out var v) ? v : throw DomainException.Invalid($"Affectation verrouillée d'un volontaire inconnu « {a.Volunteer} ».", "locked"))).ToArray();
        Blocks = BuildBlocks(out var cliques);
        BlocksAreCliques = cliques;
    }

    public RosterInstance Instance { get; }

    public RosterLimits Limits { get; }

    public IReadOnlyList<RosterRole> Roles { get; }

    public IReadOnlyList<RosterShift> Shifts { get; }

    public IReadOnlyList<RosterVolunteer> Volunteers { get; }

    public IReadOnlyDictionary<string, int> RoleIndex { get; }

    public IReadOnlyDictionary<string, int> ShiftIndex { get; }

    public IReadOnlyDictionary<string, int> VolunteerIndex { get; }

    public IReadOnlySet<string>[] RoleProfessions { get; }

    public DateTime[] StartUtc { get; }

    public DateTime[] EndUtc { get; }

    public int[] Week { get; }

    public int WeekCount { get; }

    public (int Role, int Headcount)[][] Needs { get; }

    public int[][] Partners { get; }

    /// <summary>For each volunteer, those who named them as a preferred partner.</summary>
    public int[][] PartnerOf { get; }

    public (int Shift, int Role, int Volunteer)[] Locked { get; }

    /// <summary>
    /// Shifts grouped so that two shifts of different groups never conflict. When every group is a clique
    /// (all its shifts pairwise conflict, as with fixed morning and afternoon hours), "one shift per
    /// group" is exactly the rest rule and the flow model is exact.
    /// </summary>
    public int[] Blocks { get; }

    public bool BlocksAreCliques { get; }

    public static RosterProblem From(RosterInstance instance) => new(instance);

    public bool IsAvailable(int volunteer, int shift) => available[volunteer].Contains(shift);

    public IEnumerable<int> AvailableShifts(int volunteer) => available[volunteer];

    /// <summary>Two different shifts one person cannot both hold: they overlap, or the rest between them is too short.</summary>
    public bool Conflict(int a, int b)
    {
        var rest = TimeSpan.FromMinutes(Limits.MinRestMinutes);
        return a != b && StartUtc[a] < EndUtc[b] + rest && StartUtc[b] < EndUtc[a] + rest;
    }

    /// <summary>The qualification rules alone: profession allowed, and no at-risk person on an exposed role.</summary>
    public Blocker Qualification(int volunteer, int role)
    {
        var person = Volunteers[volunteer];
        if (!RoleProfessions[role].Contains(person.Profession))
        {
            return Blocker.NotQualified;
        }

        return person.AtRisk && Roles[role].Exposed ? Blocker.AtRisk : Blocker.None;
    }

    /// <summary>Every hard rule for one more assignment, given what the person already holds.</summary>
    public Blocker CanTake(int volunteer, int shift, int role, IEnumerable<(int Shift, int Role)> holds)
    {
        if (!IsAvailable(volunteer, shift))
        {
            return Blocker.NotAvailable;
        }

        var qualification = Qualification(volunteer, role);
        if (qualification != Blocker.None)
        {
            return qualification;
        }

        var sameWeek = 0;
        foreach (var (other, _) in holds)
        {
            if (other == shift)
            {
                return Blocker.SameShift;
            }

            if (Conflict(other, shift))
            {
                return Blocker.TooClose;
            }

            sameWeek += Week[other] == Week[shift] ? 1 : 0;
        }

        return sameWeek >= Limits.MaxShiftsPerWeek ? Blocker.WeeklyCap : Blocker.None;
    }

    public string Describe(Blocker blocker, int volunteer, int shift, int role) => blocker switch
    {
        Blocker.NotAvailable => $"{Volunteers[volunteer].Name} n'est pas disponible sur le créneau {Label(shift)}",
        Blocker.NotQualified => $"{Volunteers[volunteer].Name} ({Directory.Professions.Label(Volunteers[volunteer].Profession)}) ne peut pas tenir le rôle « {Roles[role].Label} »",
        Blocker.AtRisk => $"{Volunteers[volunteer].Name} est une personne à risque et le rôle « {Roles[role].Label} » est exposé",
        Blocker.SameShift => $"{Volunteers[volunteer].Name} a déjà un rôle sur le créneau {Label(shift)}",
        Blocker.TooClose => $"{Volunteers[volunteer].Name} a un autre créneau qui chevauche {Label(shift)} ou laisse moins de {Limits.MinRestMinutes} min de repos",
        Blocker.WeeklyCap => $"{Volunteers[volunteer].Name} a déjà {Limits.MaxShiftsPerWeek} créneaux cette semaine",
        _ => "",
    };

    public string Label(int shift) =>
        $"{Shifts[shift].Centre} {Shifts[shift].Start.ToString("ddd dd/MM HH:mm", French.Culture)}–{Shifts[shift].End:HH:mm}";

    private static DateTime ToUtc(DateTime local) =>
        local.Kind == DateTimeKind.Utc ? local : TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), French.Paris);

    private static Dictionary<string, int> Index(IEnumerable<string> ids, string what)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                throw DomainException.Invalid($"Un {what} n'a pas d'identifiant.", what);
            }

            if (!index.TryAdd(id, index.Count))
            {
                throw DomainException.Invalid($"Identifiant de {what} en double : « {id} ».", what);
            }
        }

        return index;
    }

    private int[] BuildBlocks(out bool cliques)
    {
        var blocks = new int[Shifts.Count];
        var order = Enumerable.Range(0, Shifts.Count).OrderBy(s => StartUtc[s]).ToArray();
        var rest = TimeSpan.FromMinutes(Limits.MinRestMinutes);
        var block = -1;
        var reach = DateTime.MinValue;
        var members = new List<List<int>>();
        foreach (var s in order)
        {
            if (StartUtc[s] >= reach)
            {
                block++;
                members.Add([]);
            }

            blocks[s] = block;
            members[block].Add(s);
            reach = new DateTime(Math.Max(reach.Ticks, (EndUtc[s] + rest).Ticks), DateTimeKind.Utc);
        }

        // Sorted by start, a group is a clique when its latest start is still within everyone's end + rest,
        // and it must not straddle two weeks (the weekly cap is counted per week).
        cliques = members.All(m => m.Max(s => StartUtc[s]) < m.Min(s => EndUtc[s]) + rest && m.Select(s => Week[s]).Distinct().Count() == 1);
        return blocks;
    }
}
