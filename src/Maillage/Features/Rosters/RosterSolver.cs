using System.Diagnostics;
using Maillage.Infrastructure;

namespace Maillage.Features.Rosters;

public sealed record ReplacementCandidate(string Volunteer, string Name, string Profession, int Load, bool PreferredCentre, int PartnersOnShift);

/// <summary>
/// Proposes a roster: the most required headcount covered under the hard rules, then the load spread as
/// evenly as possible (least sum of squared shift counts), then preferred centres, then preferred partners.
/// The first three are one min-cost max-flow, exact when shift times do not chain (see
/// <see cref="RosterProblem.Blocks"/>); partners are a local search that never changes coverage or loads.
/// </summary>
public static class RosterSolver
{
    public static RosterSolution Solve(RosterInstance instance)
    {
        var clock = Stopwatch.StartNew();
        var problem = RosterProblem.From(instance);
        var schedule = new Schedule(problem);
        var warnings = PlaceLocked(problem, schedule);
        Flow(problem, schedule);
        if (!problem.BlocksAreCliques)
        {
            FillGreedily(problem, schedule);
        }

        ImprovePartners(problem, schedule);
        var uncovered = Uncovered(problem, schedule);
        clock.Stop();
        return new RosterSolution(
            schedule.All().OrderBy(a => problem.StartUtc[a.Shift]).ThenBy(a => a.Shift).ThenBy(a => a.Role).ThenBy(a => problem.Volunteers[a.Volunteer].Name, StringComparer.Ordinal)
                .Select(a => new SolvedAssignment(problem.Shifts[a.Shift].Id, problem.Roles[a.Role].Id, problem.Volunteers[a.Volunteer].Id, a.Locked)).ToList(),
            uncovered,
            warnings,
            Stats(problem, schedule, clock.Elapsed.TotalMilliseconds));
    }

    /// <summary>Every hard rule broken by a set of assignments, one line each (empty when the roster is valid).</summary>
    public static IReadOnlyList<string> Check(RosterInstance instance, IEnumerable<RosterAssignment> assignments)
    {
        var problem = RosterProblem.From(instance with { Locked = [] });
        var schedule = new Schedule(problem);
        var problems = new List<string>();
        foreach (var a in Resolve(problem, assignments))
        {
            if (!problem.Needs[a.Shift].Any(n => n.Role == a.Role))
            {
                problems.Add($"Le créneau {problem.Label(a.Shift)} ne demande pas le rôle « {problem.Roles[a.Role].Label} »");
            }

            var blocker = problem.CanTake(a.Volunteer, a.Shift, a.Role, schedule.Holds(a.Volunteer));
            if (blocker != Blocker.None)
            {
                problems.Add(problem.Describe(blocker, a.Volunteer, a.Shift, a.Role));
            }

            schedule.Add(a.Shift, a.Role, a.Volunteer, locked: false);
        }

        foreach (var (shift, role, headcount) in problem.Needs.SelectMany((needs, s) => needs.Select(n => (s, n.Role, n.Headcount))))
        {
            if (schedule.Count(shift, role) > headcount)
            {
                problems.Add($"Le rôle « {problem.Roles[role].Label} » du créneau {problem.Label(shift)} a {schedule.Count(shift, role)} personnes pour {headcount} demandée(s)");
            }
        }

        return problems;
    }

    /// <summary>
    /// Who could replace someone on a shift, best first: those who may take it under every hard rule,
    /// the least loaded first, then those who prefer the centre or work with a preferred partner there.
    /// </summary>
    public static IReadOnlyList<ReplacementCandidate> Replacements(RosterInstance instance, IEnumerable<RosterAssignment> current, string shiftId, string roleId)
    {
        var (problem, schedule) = Current(instance, current);
        var (shift, role) = Place(problem, shiftId, roleId);
        var onShift = schedule.Holders(shift).ToHashSet();
        return Enumerable.Range(0, problem.Volunteers.Count)
            .Where(v => problem.CanTake(v, shift, role, schedule.Holds(v)) == Blocker.None)
            .Select(v => new ReplacementCandidate(
                problem.Volunteers[v].Id, problem.Volunteers[v].Name, problem.Volunteers[v].Profession, schedule.Load(v),
                problem.Volunteers[v].PreferredCentre == problem.Shifts[shift].Centre,
                problem.Partners[v].Count(onShift.Contains)))
            .OrderBy(c => c.Load).ThenByDescending(c => (c.PreferredCentre ? 1 : 0) + c.PartnersOnShift).ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Why one more assignment would break a hard rule, or <see cref="Blocker.None"/> with an empty text.</summary>
    public static (Blocker Blocker, string Explanation) WhyNot(RosterInstance instance, IEnumerable<RosterAssignment> current, string shiftId, string roleId, string volunteerId)
    {
        var (problem, schedule) = Current(instance, current);
        var (shift, role) = Place(problem, shiftId, roleId);
        var volunteer = problem.VolunteerIndex.TryGetValue(volunteerId, out var v) ? v : throw DomainException.NotFound($"Volontaire inconnu « {volunteerId} ».", "volunteer");
        var blocker = problem.CanTake(volunteer, shift, role, schedule.Holds(volunteer));
        return (blocker, problem.Describe(blocker, volunteer, shift, role));
    }

    /// <summary>The places a roster leaves open, each with the reason nobody fills it.</summary>
    public static IReadOnlyList<UncoveredSlot> Gaps(RosterInstance instance, IEnumerable<RosterAssignment> current)
    {
        var (problem, schedule) = Current(instance, current);
        return Uncovered(problem, schedule);
    }

    private static (RosterProblem, Schedule) Current(RosterInstance instance, IEnumerable<RosterAssignment> current)
    {
        var problem = RosterProblem.From(instance with { Locked = [] });
        var schedule = new Schedule(problem);
        foreach (var a in Resolve(problem, current))
        {
            schedule.Add(a.Shift, a.Role, a.Volunteer, locked: false);
        }

        return (problem, schedule);
    }

    private static (int Shift, int Role) Place(RosterProblem problem, string shiftId, string roleId) => (
        problem.ShiftIndex.TryGetValue(shiftId, out var s) ? s : throw DomainException.NotFound($"Créneau inconnu « {shiftId} ».", "shift"),
        problem.RoleIndex.TryGetValue(roleId, out var r) ? r : throw DomainException.NotFound($"Rôle inconnu « {roleId} ».", "role"));

    private static IEnumerable<(int Shift, int Role, int Volunteer)> Resolve(RosterProblem problem, IEnumerable<RosterAssignment> assignments) =>
        assignments.Select(a => (
            problem.ShiftIndex.TryGetValue(a.Shift, out var s) ? s : throw DomainException.Invalid($"Affectation sur un créneau inconnu « {a.Shift} ».", "assignments"),
            problem.RoleIndex.TryGetValue(a.Role, out var r) ? r : throw DomainException.Invalid($"Affectation sur un rôle inconnu « {a.Role} ».", "assignments"),
            problem.VolunteerIndex.TryGetValue(a.Volunteer, out var v) ? v : throw DomainException.Invalid($"Affectation d'un volontaire inconnu « {a.Volunteer} ».", "assignments")));

    /// <summary>Locked assignments stay whatever happens: a person decided them. Broken rules become warnings.</summary>
    private static List<string> PlaceLocked(RosterProblem problem, Schedule schedule)
    {
        var warnings = new List<string>();
        foreach (var (shift, role, volunteer) in problem.Locked)
        {
            if (!problem.Needs[shift].Any(n => n.Role == role))
            {
                throw DomainException.Invalid($"Affectation verrouillée sur le rôle « {problem.Roles[role].Id} », que le créneau « {problem.Shifts[shift].Id} » ne demande pas.", "locked");
            }

            if (schedule.Holds(volunteer).Any(h => h.Shift == shift))
            {
                throw DomainException.Invalid($"« {problem.Volunteers[volunteer].Id} » a deux affectations verrouillées sur le créneau « {problem.Shifts[shift].Id} ».", "locked");
            }

            var blocker = problem.CanTake(volunteer, shift, role, schedule.Holds(volunteer));
            if (blocker != Blocker.None)
            {
                warnings.Add($"Affectation verrouillée gardée malgré la règle : {problem.Describe(blocker, volunteer, shift, role)}.");
            }

            if (schedule.Count(shift, role) >= problem.Needs[shift].First(n => n.Role == role).Headcount)
            {
                warnings.Add($"Affectation verrouillée au-delà de l'effectif demandé : rôle « {problem.Roles[role].Label} », créneau {problem.Label(shift)}.");
            }

            schedule.Add(shift, role, volunteer, locked: true);
        }

        return warnings;
    }

    /// <summary>
    /// source → volunteer (the k-th shift costs 2k−1 fairness units, so total cost is the sum of squared
    /// loads) → volunteer-week (weekly cap) → volunteer-block (one shift per block of conflicting shifts)
    /// → shift-role (1 extra unit when not at the volunteer's preferred centre) → sink (headcount).
    /// </summary>
    private static void Flow(RosterProblem problem, Schedule schedule)
    {
        var remaining = new Dictionary<(int Shift, int Role), int>();
        for (var s = 0; s < problem.Shifts.Count; s++)
        {
            foreach (var (role, headcount) in problem.Needs[s])
            {
                var left = headcount - schedule.Count(s, role);
                if (left > 0)
                {
                    remaining[(s, role)] = left;
                }
            }
        }

        // A fairness unit outweighs every possible preference penalty together.
        long fairnessUnit = remaining.Values.Sum() + 1L;
        var nodes = 2;
        var slotNode = remaining.Keys.ToDictionary(k => k, _ => nodes++);
        var arcs = new List<(int From, int To, int Cap, long Cost)>();
        var choices = new List<(int Arc, int Shift, int Role, int Volunteer)>();
        var pendingChoices = new List<(int ArcListIndex, int Shift, int Role, int Volunteer)>();
        for (var v = 0; v < problem.Volunteers.Count; v++)
        {
            var holds = schedule.Holds(v).ToList();
            var weekLeft = new int[problem.WeekCount];
            Array.Fill(weekLeft, problem.Limits.MaxShiftsPerWeek);
            foreach (var h in holds)
            {
                weekLeft[problem.Week[h.Shift]]--;
            }

            var volunteerNode = -1;
            var weekNodes = new Dictionary<int, int>();
            var blockNodes = new Dictionary<int, int>();
            var blocksPerWeek = new Dictionary<int, HashSet<int>>();
            foreach (var s in problem.AvailableShifts(v).Order())
            {
                var week = problem.Week[s];
                if (weekLeft[week] <= 0 || holds.Any(h => h.Shift == s || problem.Conflict(h.Shift, s)))
                {
                    continue;
                }

                foreach (var (role, _) in problem.Needs[s])
                {
                    if (!slotNode.TryGetValue((s, role), out var slot) || problem.Qualification(v, role) != Blocker.None)
                    {
                        continue;
                    }

                    if (volunteerNode < 0)
                    {
                        volunteerNode = nodes++;
                    }

                    if (!weekNodes.TryGetValue(week, out var weekNode))
                    {
                        weekNode = weekNodes[week] = nodes++;
                        arcs.Add((volunteerNode, weekNode, weekLeft[week], 0));
                        blocksPerWeek[week] = [];
                    }

                    if (!blockNodes.TryGetValue(problem.Blocks[s], out var blockNode))
                    {
                        blockNode = blockNodes[problem.Blocks[s]] = nodes++;
                        arcs.Add((weekNode, blockNode, 1, 0));
                        blocksPerWeek[week].Add(problem.Blocks[s]);
                    }

                    var preferred = problem.Volunteers[v].PreferredCentre;
                    pendingChoices.Add((arcs.Count, s, role, v));
                    arcs.Add((blockNode, slot, 1, preferred is not null && preferred != problem.Shifts[s].Centre ? 1 : 0));
                }
            }

            if (volunteerNode < 0)
            {
                continue;
            }

            var most = blocksPerWeek.Sum(w => Math.Min(weekLeft[w.Key], w.Value.Count));
            var load = holds.Count;
            for (var k = load + 1; k <= load + most; k++)
            {
                arcs.Add((0, volunteerNode, 1, (2L * k - 1) * fairnessUnit));
            }
        }

        foreach (var (slot, left) in remaining)
        {
            arcs.Add((slotNode[slot], 1, left, 0));
        }

        var network = new MinCostFlow(nodes);
        var arcIds = arcs.Select(a => network.AddArc(a.From, a.To, a.Cap, a.Cost)).ToArray();
        network.Run(0, 1);
        foreach (var (index, shift, role, volunteer) in pendingChoices)
        {
            if (network.Flow(arcIds[index]) > 0)
            {
                schedule.Add(shift, role, volunteer, locked: false);
            }
        }
    }

    /// <summary>
    /// Only when shift times chain (the flow was then stricter than the rules): drop nothing, add whoever
    /// may still take an open place, least loaded first.
    /// </summary>
    private static void FillGreedily(RosterProblem problem, Schedule schedule)
    {
        var order = Enumerable.Range(0, problem.Shifts.Count).OrderBy(s => problem.StartUtc[s]);
        foreach (var s in order)
        {
            foreach (var (role, headcount) in problem.Needs[s])
            {
                while (schedule.Count(s, role) < headcount)
                {
                    var candidate = Enumerable.Range(0, problem.Volunteers.Count)
                        .Where(v => problem.CanTake(v, s, role, schedule.Holds(v)) == Blocker.None)
                        .OrderBy(schedule.Load).DefaultIfEmpty(-1).First();
                    if (candidate < 0)
                    {
                        break;
                    }

                    schedule.Add(s, role, candidate, locked: false);
                }
            }
        }
    }

    /// <summary>
    /// Swaps two people's shifts, or hands a place to someone with one shift fewer, when it puts more
    /// preferred partners together. Both keep every covered place and the multiset of loads, so coverage
    /// and fairness never get worse.
    /// </summary>
    private static void ImprovePartners(RosterProblem problem, Schedule schedule)
    {
        var related = Enumerable.Range(0, problem.Volunteers.Count).Where(v => problem.Partners[v].Length > 0).ToList();
        for (var pass = 0; pass < 4; pass++)
        {
            var improved = false;
            foreach (var a in related)
            {
                foreach (var partner in problem.Partners[a])
                {
                    foreach (var (target, _) in schedule.Holds(partner).ToList())
                    {
                        if (schedule.Holds(a).Any(h => h.Shift == target))
                        {
                            continue;
                        }

                        improved |= TrySwapInto(problem, schedule, a, target);
                    }

                    // The other way round: the partner joins one of a's shifts.
                    foreach (var (own, _) in schedule.Holds(a).ToList())
                    {
                        if (!schedule.Holds(partner).Any(h => h.Shift == own))
                        {
                            improved |= TrySwapInto(problem, schedule, partner, own);
                        }
                    }

                    // Or both take over a shift neither holds, from people with one shift more.
                    for (var shift = 0; shift < problem.Shifts.Count; shift++)
                    {
                        improved |= TryJoinTogether(problem, schedule, a, partner, shift);
                    }
                }
            }

            if (!improved)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Gives <paramref name="from"/>'s place to <paramref name="to"/>, who holds one shift fewer: the two loads
    /// trade places, so the sum of squares — fairness — is unchanged, and the place stays covered.
    /// </summary>
    private static bool TryHandOver(RosterProblem problem, Schedule schedule, int from, int to, int shift, int role)
    {
        var affected = problem.PartnerOf[from].Concat(problem.PartnerOf[to]).Append(from).Append(to).Distinct().ToList();
        var before = affected.Sum(schedule.PreferenceScore);
        return TryReplace(problem, schedule, from, to, shift, role, () => affected.Sum(schedule.PreferenceScore) > before);
    }

    /// <summary>
    /// Puts <paramref name="a"/> and <paramref name="partner"/> together on a shift neither holds, each
    /// taking the place of someone who has one shift more than them: loads trade places, fairness and
    /// coverage stay as they were.
    /// </summary>
    private static bool TryJoinTogether(RosterProblem problem, Schedule schedule, int a, int partner, int shift)
    {
        if (!problem.IsAvailable(a, shift) || !problem.IsAvailable(partner, shift) ||
            schedule.Holds(a).Any(h => h.Shift == shift) || schedule.Holds(partner).Any(h => h.Shift == shift))
        {
            return false;
        }

        var affected = problem.Needs[shift].SelectMany(n => schedule.Holders(shift, n.Role, unlockedOnly: true)).Append(a).Append(partner)
            .SelectMany(v => problem.PartnerOf[v].Append(v)).Distinct().ToList();
        var before = affected.Sum(schedule.PreferenceScore);
        IEnumerable<(int From, int Role)> Replaceable(int v, int other) => problem.Needs[shift]
            .Where(n => problem.Qualification(v, n.Role) == Blocker.None)
            .SelectMany(n => schedule.Holders(shift, n.Role, unlockedOnly: true).Where(c => c != other && schedule.Holds(c).Count() == schedule.Holds(v).Count() + 1).Select(c => (c, n.Role)))
            .ToList();
        return Replaceable(a, partner).Any(x => TryReplace(problem, schedule, x.From, a, shift, x.Role, () =>
            Replaceable(partner, a).Any(y => TryReplace(problem, schedule, y.From, partner, shift, y.Role, () => affected.Sum(schedule.PreferenceScore) > before))));
    }

    /// <summary>Replaces <paramref name="from"/> by <paramref name="to"/> on a place if the rules allow it and <paramref name="keep"/> agrees; otherwise leaves it as it was.</summary>
    private static bool TryReplace(RosterProblem problem, Schedule schedule, int from, int to, int shift, int role, Func<bool> keep)
    {
        schedule.Remove(shift, role, from);
        if (problem.CanTake(to, shift, role, schedule.Holds(to)) == Blocker.None)
        {
            schedule.Add(shift, role, to, locked: false);
            if (keep())
            {
                return true;
            }

            schedule.Remove(shift, role, to);
        }

        schedule.Add(shift, role, from, locked: false);
        return false;
    }

    private static bool TrySwapInto(RosterProblem problem, Schedule schedule, int a, int target)
    {
        if (!problem.IsAvailable(a, target))
        {
            return false;
        }

        foreach (var (targetRole, _) in problem.Needs[target])
        {
            if (problem.Qualification(a, targetRole) != Blocker.None)
            {
                continue;
            }

            foreach (var c in schedule.Holders(target, targetRole, unlockedOnly: true).ToList())
            {
                if (schedule.Holds(c).Count() == schedule.Holds(a).Count() + 1 && TryHandOver(problem, schedule, c, a, target, targetRole))
                {
                    return true;
                }

                foreach (var (own, ownRole) in schedule.Holds(a, unlockedOnly: true).ToList())
                {
                    if (schedule.Holds(c).Any(h => h.Shift == own))
                    {
                        continue;
                    }

                    var affected = problem.PartnerOf[a].Concat(problem.PartnerOf[c]).Append(a).Append(c).Distinct().ToList();
                    var before = affected.Sum(schedule.PreferenceScore);
                    schedule.Remove(own, ownRole, a);
                    schedule.Remove(target, targetRole, c);
                    if (problem.CanTake(a, target, targetRole, schedule.Holds(a)) == Blocker.None &&
                        problem.CanTake(c, own, ownRole, schedule.Holds(c)) == Blocker.None)
                    {
                        schedule.Add(target, targetRole, a, locked: false);
                        schedule.Add(own, ownRole, c, locked: false);
                        if (affected.Sum(schedule.PreferenceScore) > before)
                        {
                            return true;
                        }

                        schedule.Remove(target, targetRole, a);
                        schedule.Remove(own, ownRole, c);
                    }

                    schedule.Add(own, ownRole, a, locked: false);
                    schedule.Add(target, targetRole, c, locked: false);
                }
            }
        }

        return false;
    }

    private static List<UncoveredSlot> Uncovered(RosterProblem problem, Schedule schedule)
    {
        var result = new List<UncoveredSlot>();
        var order = Enumerable.Range(0, problem.Shifts.Count).OrderBy(s => problem.StartUtc[s]).ThenBy(s => s);
        foreach (var s in order)
        {
            foreach (var (role, headcount) in problem.Needs[s])
            {
                var missing = headcount - schedule.Count(s, role);
                if (missing > 0)
                {
                    var (reason, text) = Explain(problem, schedule, s, role);
                    result.Add(new UncoveredSlot(problem.Shifts[s].Id, problem.Roles[role].Id, missing, reason, text));
                }
            }
        }

        return result;
    }

    private static (UncoveredReason, string) Explain(RosterProblem problem, Schedule schedule, int shift, int role)
    {
        var available = Enumerable.Range(0, problem.Volunteers.Count).Where(v => problem.IsAvailable(v, shift) && !schedule.Holders(shift, role).Contains(v)).ToList();
        if (available.Count == 0)
        {
            return (UncoveredReason.NobodyAvailable, schedule.Holders(shift, role).Any()
                ? "Personne d'autre ne s'est dit disponible sur ce créneau."
                : "Personne ne s'est dit disponible sur ce créneau.");
        }

        var qualified = available.Where(v => problem.Qualification(v, role) != Blocker.NotQualified).ToList();
        if (qualified.Count == 0)
        {
            return (UncoveredReason.NobodyQualified, $"Aucune personne disponible ({available.Count}) n'a une profession autorisée pour le rôle « {problem.Roles[role].Label} ».");
        }

        var eligible = qualified.Where(v => problem.Qualification(v, role) == Blocker.None).ToList();
        if (eligible.Count == 0)
        {
            return (UncoveredReason.AtRiskOnly, $"Les seules personnes disponibles qualifiées ({qualified.Count}) sont à risque, et le rôle « {problem.Roles[role].Label} » est exposé.");
        }

        var why = eligible.GroupBy(v => problem.CanTake(v, shift, role, schedule.Holds(v))).OrderByDescending(g => g.Count())
            .Select(g => g.Key switch
            {
                Blocker.SameShift => $"{g.Count()} sur un autre rôle de ce créneau",
                Blocker.TooClose => $"{g.Count()} sur un créneau qui chevauche ou laisse moins de {problem.Limits.MinRestMinutes} min de repos",
                Blocker.WeeklyCap => $"{g.Count()} au plafond de {problem.Limits.MaxShiftsPerWeek} créneaux dans la semaine",
                _ => $"{g.Count()} sans place compatible",
            });
        var who = eligible.Count == 1 ? "La seule personne qualifiée disponible est déjà prise" : $"Les {eligible.Count} personnes qualifiées disponibles sont déjà prises";
        return (UncoveredReason.AllTaken, $"{who} : {string.Join(", ", why)}.");
    }

    private static RosterStats Stats(RosterProblem problem, Schedule schedule, double elapsed)
    {
        var required = problem.Needs.Sum(n => n.Sum(x => x.Headcount));
        var covered = problem.Needs.Select((needs, s) => needs.Sum(n => Math.Min(n.Headcount, schedule.Count(s, n.Role)))).Sum();
        var loads = Enumerable.Range(0, problem.Volunteers.Count).Select(schedule.Load).ToList();
        return new RosterStats(
            required, covered, required == 0 ? 100 : Math.Round(100.0 * covered / required, 2),
            loads.Sum(l => (long)l * l), loads.DefaultIfEmpty(0).Max(), loads.Count(l => l > 0),
            Enumerable.Range(0, problem.Volunteers.Count).Sum(schedule.PreferenceScore), Math.Round(elapsed, 1));
    }

    /// <summary>Who holds what, both ways round.</summary>
    private sealed class Schedule(RosterProblem problem)
    {
        private readonly List<(int Shift, int Role, bool Locked)>[] byVolunteer = Enumerable.Range(0, problem.Volunteers.Count).Select(_ => new List<(int, int, bool)>()).ToArray();
        private readonly Dictionary<(int Shift, int Role), List<(int Volunteer, bool Locked)>> bySlot = [];

        public void Add(int shift, int role, int volunteer, bool locked)
        {
            byVolunteer[volunteer].Add((shift, role, locked));
            (bySlot.TryGetValue((shift, role), out var list) ? list : bySlot[(shift, role)] = []).Add((volunteer, locked));
        }

        public void Remove(int shift, int role, int volunteer)
        {
            byVolunteer[volunteer].RemoveAll(h => h.Shift == shift && h.Role == role);
            bySlot[(shift, role)].RemoveAll(h => h.Volunteer == volunteer);
        }

        public IEnumerable<(int Shift, int Role)> Holds(int volunteer, bool unlockedOnly = false) =>
            byVolunteer[volunteer].Where(h => !unlockedOnly || !h.Locked).Select(h => (h.Shift, h.Role));

        public IEnumerable<int> Holders(int shift, int role, bool unlockedOnly = false) =>
            bySlot.TryGetValue((shift, role), out var list) ? list.Where(h => !unlockedOnly || !h.Locked).Select(h => h.Volunteer) : [];

        public IEnumerable<int> Holders(int shift) => problem.Needs[shift].SelectMany(n => Holders(shift, n.Role));

        public int Count(int shift, int role) => bySlot.TryGetValue((shift, role), out var list) ? list.Count : 0;

        public int Load(int volunteer) => byVolunteer[volunteer].Count;

        public IEnumerable<(int Shift, int Role, int Volunteer, bool Locked)> All() =>
            byVolunteer.SelectMany((holds, v) => holds.Select(h => (h.Shift, h.Role, v, h.Locked)));

        /// <summary>Shifts at the preferred centre, plus shifts shared with each preferred partner.</summary>
        public int PreferenceScore(int volunteer)
        {
            var preferred = problem.Volunteers[volunteer].PreferredCentre;
            var score = preferred is null ? 0 : byVolunteer[volunteer].Count(h => problem.Shifts[h.Shift].Centre == preferred);
            foreach (var partner in problem.Partners[volunteer])
            {
                score += byVolunteer[volunteer].Count(h => byVolunteer[partner].Any(p => p.Shift == h.Shift));
            }

            return score;
        }
    }
}
