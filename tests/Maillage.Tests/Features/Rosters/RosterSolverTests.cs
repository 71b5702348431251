using Maillage.Features.Rosters;
using Maillage.Infrastructure;

namespace Maillage.Tests.Features.Rosters;

public sealed class RosterSolverTests
{
    private static readonly RosterRole Doctor = new("medecin", "Médecin", ["medecin-generaliste"], Exposed: true);
    private static readonly RosterRole Reception = new("accueil", "Accueil et tri", ["masseur-kinesitherapeute", "infirmier"], Exposed: true);
    private static readonly RosterRole Secretary = new("secretariat", "Secrétariat", ["secretaire-medical"], Exposed: false);

    private static RosterShift Shift(string id, string start, string end, params (string Role, int Count)[] needs) =>
        new(id, id.Split('-')[0], DateTime.Parse(start), DateTime.Parse(end), needs.ToDictionary(n => n.Role, n => n.Count));

    private static RosterShift Morning(string id, string day, params (string Role, int Count)[] needs) => Shift(id, $"{day}T08:30", $"{day}T12:30", needs);

    private static RosterVolunteer Person(string id, string profession, params string[] available) => new(id, id, profession, false, available);

    private static RosterInstance Instance(IReadOnlyList<RosterShift> shifts, IReadOnlyList<RosterVolunteer> volunteers, RosterLimits? limits = null, IReadOnlyList<RosterAssignment>? locked = null) =>
        new(limits, [Doctor, Reception, Secretary], shifts, volunteers, locked);

    private static string[] Holders(RosterSolution solution, string shift) =>
        solution.Assignments.Where(a => a.Shift == shift).Select(a => a.Volunteer).Order().ToArray();

    [Fact]
    public void A_physiotherapist_is_never_put_on_the_doctor_role()
    {
        var solution = RosterSolver.Solve(Instance([Morning("a-1", "2020-03-23", ("medecin", 1))], [Person("kine", "masseur-kinesitherapeute", "a-1")]));

        Assert.Empty(solution.Assignments);
        var gap = Assert.Single(solution.Uncovered);
        Assert.Equal(UncoveredReason.NobodyQualified, gap.Reason);
        Assert.Contains("profession autorisée", gap.Explanation);
    }

    [Fact]
    public void At_risk_professionals_hold_only_roles_that_are_not_exposed()
    {
        var shift = Morning("a-1", "2020-03-23", ("medecin", 1), ("secretariat", 1));
        var solution = RosterSolver.Solve(Instance([shift], [
            new RosterVolunteer("dr", "Dr à risque", "medecin-generaliste", AtRisk: true, ["a-1"]),
            new RosterVolunteer("sec", "Secrétaire à risque", "secretaire-medical", AtRisk: true, ["a-1"]),
        ]));

        Assert.Equal(["sec"], Holders(solution, "a-1"));
        Assert.Equal(UncoveredReason.AtRiskOnly, Assert.Single(solution.Uncovered).Reason);
    }

    [Fact]
    public void Nobody_is_put_on_a_shift_they_did_not_say_they_could_do()
    {
        var solution = RosterSolver.Solve(Instance(
            [Morning("a-1", "2020-03-23", ("medecin", 1)), Morning("a-2", "2020-03-24", ("medecin", 1))],
            [Person("dr", "medecin-generaliste", "a-1")]));

        Assert.Equal(["dr"], Holders(solution, "a-1"));
        Assert.Equal(UncoveredReason.NobodyAvailable, Assert.Single(solution.Uncovered).Reason);
    }

    [Fact]
    public void One_person_holds_one_shift_at_a_time_and_one_role_per_shift()
    {
        var solution = RosterSolver.Solve(Instance(
            [Morning("a-1", "2020-03-23", ("medecin", 1)), Morning("b-1", "2020-03-23", ("medecin", 1)), Morning("c-1", "2020-03-23", ("accueil", 1), ("secretariat", 0))],
            [Person("dr", "medecin-generaliste", "a-1", "b-1"), Person("ide", "infirmier", "c-1")]));

        Assert.Equal(2, solution.Stats.Covered);
        var gap = Assert.Single(solution.Uncovered);
        Assert.Equal(UncoveredReason.AllTaken, gap.Reason);
        Assert.Contains("chevauche", gap.Explanation);
    }

    [Theory]
    [InlineData(60, 1)]
    [InlineData(30, 2)]
    public void The_minimum_rest_between_two_shifts_is_respected(int restMinutes, int covered)
    {
        var solution = RosterSolver.Solve(Instance(
            [Shift("a-1", "2020-03-23T08:00", "2020-03-23T12:00", ("medecin", 1)), Shift("a-2", "2020-03-23T12:45", "2020-03-23T17:00", ("medecin", 1))],
            [Person("dr", "medecin-generaliste", "a-1", "a-2")],
            new RosterLimits(MinRestMinutes: restMinutes)));

        Assert.Equal(covered, solution.Stats.Covered);
    }

    [Fact]
    public void The_weekly_cap_counts_shifts_from_monday_to_sunday()
    {
        var days = new[] { "2020-03-27", "2020-03-28", "2020-03-29", "2020-03-30", "2020-03-31" };
        var shifts = days.Select((d, i) => Morning($"a-{i}", d, ("medecin", 1))).ToList();
        var solution = RosterSolver.Solve(Instance(shifts, [Person("dr", "medecin-generaliste", shifts.Select(s => s.Id).ToArray())], new RosterLimits(MaxShiftsPerWeek: 2)));

        // Friday to Sunday is one week (2 of 3), Monday and Tuesday the next (2 of 2).
        Assert.Equal(4, solution.Stats.Covered);
        var gap = Assert.Single(solution.Uncovered);
        Assert.Contains("plafond de 2 créneaux", gap.Explanation);
        Assert.StartsWith("a-", gap.Shift);
        Assert.True(gap.Shift is "a-0" or "a-1" or "a-2");
    }

    [Fact]
    public void Coverage_finds_the_assignment_a_greedy_choice_misses()
    {
        // Taking the flexible doctor for the first shift would leave the second one empty.
        var solution = RosterSolver.Solve(Instance(
            [Morning("a-1", "2020-03-23", ("medecin", 1)), Morning("b-1", "2020-03-23", ("medecin", 1)), Morning("a-2", "2020-03-24", ("accueil", 2))],
            [Person("flexible", "medecin-generaliste", "a-1", "b-1"), Person("only-a", "medecin-generaliste", "a-1"),
             Person("ide", "infirmier", "a-2"), Person("kine", "masseur-kinesitherapeute", "a-2")]));

        Assert.Equal(4, solution.Stats.Covered);
        Assert.Equal(["only-a"], Holders(solution, "a-1"));
        Assert.Equal(["flexible"], Holders(solution, "b-1"));
    }

    [Fact]
    public void Load_is_spread_evenly_when_coverage_allows()
    {
        var shifts = Enumerable.Range(0, 4).Select(i => Morning($"a-{i}", $"2020-03-{23 + i}", ("medecin", 1))).ToList();
        var ids = shifts.Select(s => s.Id).ToArray();
        var solution = RosterSolver.Solve(Instance(shifts, [Person("dr1", "medecin-generaliste", ids), Person("dr2", "medecin-generaliste", ids)]));

        Assert.Equal(4, solution.Stats.Covered);
        Assert.Equal(2, solution.Stats.MaxLoad);
        Assert.Equal(8, solution.Stats.Fairness);
    }

    [Fact]
    public void Locked_assignments_are_kept_and_the_rest_is_solved_around_them()
    {
        var shifts = Enumerable.Range(0, 4).Select(i => Morning($"a-{i}", $"2020-03-{23 + i}", ("medecin", 1))).ToList();
        var ids = shifts.Select(s => s.Id).ToArray();
        var volunteers = new[] { Person("dr1", "medecin-generaliste", ids), Person("dr2", "medecin-generaliste", ids) };
        var locked = new RosterAssignment[] { new("a-0", "medecin", "dr1"), new("a-1", "medecin", "dr1"), new("a-2", "medecin", "dr1") };

        var solution = RosterSolver.Solve(Instance(shifts, volunteers, locked: locked));

        Assert.All(locked, l => Assert.Contains(solution.Assignments, a => a.Shift == l.Shift && a.Volunteer == l.Volunteer && a.Locked));
        Assert.Equal(["dr2"], Holders(solution, "a-3"));
        Assert.Empty(solution.Warnings);
    }

    [Fact]
    public void A_locked_assignment_that_breaks_a_rule_is_kept_with_a_warning()
    {
        var solution = RosterSolver.Solve(Instance(
            [Morning("a-1", "2020-03-23", ("medecin", 1))],
            [new RosterVolunteer("dr", "Dr à risque", "medecin-generaliste", AtRisk: true, ["a-1"])],
            locked: [new RosterAssignment("a-1", "medecin", "dr")]));

        Assert.Single(solution.Assignments);
        Assert.Contains("à risque", Assert.Single(solution.Warnings));
    }

    [Fact]
    public void Preferred_centre_and_partners_break_ties_without_costing_coverage()
    {
        var solution = RosterSolver.Solve(Instance(
            [Morning("gignac-1", "2020-03-23", ("medecin", 1), ("accueil", 1)), Morning("clermont-1", "2020-03-23", ("medecin", 1), ("accueil", 1))],
            [
                Person("dr-any", "medecin-generaliste", "gignac-1", "clermont-1"),
                new RosterVolunteer("dr-gignac", "dr-gignac", "medecin-generaliste", false, ["gignac-1", "clermont-1"], PreferredCentre: "gignac"),
                new RosterVolunteer("kine", "kine", "masseur-kinesitherapeute", false, ["gignac-1", "clermont-1"], PreferredPartners: ["dr-gignac"]),
                Person("ide", "infirmier", "gignac-1", "clermont-1"),
            ]));

        Assert.Equal(4, solution.Stats.Covered);
        Assert.Equal(["dr-gignac", "kine"], Holders(solution, "gignac-1"));
        Assert.Equal(2, solution.Stats.PreferencesMet);
    }

    [Fact]
    public void Partners_get_the_extra_shift_of_an_uneven_split_together()
    {
        // Five mornings for two doctors and two physiotherapists: someone in each pair does three. Fairness
        // does not care who; the physiotherapist who asked to work with the first doctor should get all
        // three of that doctor's mornings, which takes moving both extra shifts at once.
        var days = Enumerable.Range(0, 5).Select(d => Morning($"m{d}", $"2020-03-{23 + d}", ("medecin", 1), ("accueil", 1))).ToList();
        var all = days.Select(d => d.Id).ToArray();
        var solution = RosterSolver.Solve(Instance(days,
            [
                new RosterVolunteer("kine-a", "kine-a", "masseur-kinesitherapeute", false, all, PreferredPartners: ["dr-a"]),
                Person("kine-b", "masseur-kinesitherapeute", all),
                Person("dr-a", "medecin-generaliste", all),
                Person("dr-b", "medecin-generaliste", all),
            ]));

        Assert.Equal(10, solution.Stats.Covered);
        Assert.Equal(26, solution.Stats.Fairness); // 3² + 2² + 3² + 2²
        Assert.Equal(3, all.Count(d => Holders(solution, d).Contains("kine-a") && Holders(solution, d).Contains("dr-a")));
    }

    [Fact]
    public void Replacements_are_those_who_may_take_the_shift_least_loaded_first()
    {
        var shifts = Enumerable.Range(0, 3).Select(i => Morning($"a-{i}", $"2020-03-{23 + i}", ("medecin", 1))).ToList();
        var instance = Instance(shifts, [
            Person("busy", "medecin-generaliste", "a-0", "a-1", "a-2"),
            Person("free", "medecin-generaliste", "a-0", "a-2"),
            Person("elsewhere", "medecin-generaliste", "a-1"),
            new RosterVolunteer("at-risk", "at-risk", "medecin-generaliste", true, ["a-0"]),
        ]);
        var current = new RosterAssignment[] { new("a-0", "medecin", "free"), new("a-1", "medecin", "busy"), new("a-2", "medecin", "busy") };

        var ranked = RosterSolver.Replacements(instance, current.Where(a => a.Shift != "a-0"), "a-0", "medecin");

        Assert.Equal(["free", "busy"], ranked.Select(r => r.Volunteer));
    }

    [Fact]
    public void Check_lists_every_broken_rule()
    {
        var instance = Instance(
            [Morning("a-1", "2020-03-23", ("medecin", 1)), Morning("b-1", "2020-03-23", ("accueil", 1))],
            [Person("dr", "medecin-generaliste", "a-1", "b-1"), Person("kine", "masseur-kinesitherapeute", "b-1")]);

        Assert.Empty(RosterSolver.Check(instance, [new("a-1", "medecin", "dr"), new("b-1", "accueil", "kine")]));
        var broken = RosterSolver.Check(instance, [new("a-1", "medecin", "kine"), new("b-1", "medecin", "dr"), new("a-1", "medecin", "dr")]);
        Assert.Equal(4, broken.Count);
    }

    [Theory]
    [InlineData("""{ "roles": [], "shifts": [ { "id": "x", "centre": "c", "start": "2020-03-23T08:00", "end": "2020-03-23T12:00", "needs": { "medecin": 1 } } ], "volunteers": [] }""", "rôle inconnu")]
    [InlineData("""{ "roles": [], "shifts": [ { "id": "x", "centre": "c", "start": "2020-03-23T12:00", "end": "2020-03-23T08:00", "needs": {} } ], "volunteers": [] }""", "finit avant")]
    [InlineData("""{ "roles": [], "shifts": [], "volunteers": [ { "id": "v", "name": "v", "profession": "infirmier", "available": ["nope"] } ] }""", "créneau inconnu")]
    [InlineData("""{ "roles": [], "shifts": [], "volunteers": [ { "id": "v", "name": "v", "profession": "infirmier", "available": [] }, { "id": "v", "name": "w", "profession": "infirmier", "available": [] } ] }""", "en double")]
    [InlineData("""{ "rules": { "maxShiftsPerWeek": 0 }, "roles": [], "shifts": [], "volunteers": [] }""", "maxShiftsPerWeek")]
    public void Inconsistent_instances_are_refused_with_a_clear_message(string json, string message)
    {
        var instance = System.Text.Json.JsonSerializer.Deserialize<RosterInstance>(json, CliContext.JsonOptions)!;
        Assert.Contains(message, Assert.Throws<DomainException>(() => RosterSolver.Solve(instance)).Message);
    }

    /// <summary>On small random instances, the solver reaches the best coverage, then the best fairness, found by trying every roster.</summary>
    [Fact]
    public void Small_random_instances_reach_the_optimum_found_by_exhaustive_search()
    {
        var random = new Random(20200317);
        for (var round = 0; round < 25; round++)
        {
            var shifts = new List<RosterShift>();
            for (var i = 0; i < 3; i++)
            {
                var day = $"2020-03-{23 + random.Next(2)}";
                var roles = random.Next(2) == 0 ? new[] { ("medecin", 1), ("accueil", 1) } : new[] { ("accueil", 1 + random.Next(2)) };
                shifts.Add(random.Next(2) == 0 ? Morning($"s{i}-{round}", day, roles) : Shift($"s{i}-{round}", $"{day}T13:30", $"{day}T18:30", roles));
            }

            var professions = new[] { "medecin-generaliste", "infirmier", "masseur-kinesitherapeute" };
            var volunteers = Enumerable.Range(0, 3).Select(v => new RosterVolunteer($"v{v}", $"v{v}", professions[random.Next(3)], random.Next(5) == 0,
                shifts.Where(_ => random.Next(3) > 0).Select(s => s.Id).ToArray())).ToList();
            var instance = Instance(shifts, volunteers, new RosterLimits(MaxShiftsPerWeek: 2));

            var best = Exhaustive(instance);
            var solution = RosterSolver.Solve(instance);

            Assert.Empty(RosterSolver.Check(instance, solution.Assignments.Select(a => new RosterAssignment(a.Shift, a.Role, a.Volunteer))));
            Assert.Equal(best.Covered, solution.Stats.Covered);
            Assert.Equal(best.Fairness, solution.Stats.Fairness);
        }
    }

    private static (int Covered, long Fairness) Exhaustive(RosterInstance instance)
    {
        var places = instance.Shifts.SelectMany(s => s.Needs.SelectMany(n => Enumerable.Repeat((s.Id, n.Key), n.Value))).ToList();
        var best = (Covered: -1, Fairness: long.MaxValue);
        var chosen = new List<RosterAssignment>();

        void Visit(int index)
        {
            if (index == places.Count)
            {
                if (RosterSolver.Check(instance, chosen).Count > 0)
                {
                    return;
                }

                var fairness = chosen.GroupBy(c => c.Volunteer).Sum(g => (long)g.Count() * g.Count());
                if (chosen.Count > best.Covered || (chosen.Count == best.Covered && fairness < best.Fairness))
                {
                    best = (chosen.Count, fairness);
                }

                return;
            }

            Visit(index + 1);
            foreach (var volunteer in instance.Volunteers)
            {
                chosen.Add(new RosterAssignment(places[index].Item1, places[index].Item2, volunteer.Id));
                Visit(index + 1);
                chosen.RemoveAt(chosen.Count - 1);
            }
        }

        Visit(0);
        return best;
    }
}

public sealed class RosterCliTests
{
    private static string Sample([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../../../docs/samples/planning-exemple.json"));

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Maillage.MaillageApp.RunCliAsync(args, TextReader.Null, output, error, new Dictionary<string, string?> { ["MAILLAGE_DB"] = Path.Combine(Path.GetTempPath(), "unused.db") });
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task The_documented_example_solves_offline_into_a_result_file()
    {
        var result = Path.Combine(Path.GetTempPath(), $"roster-{Guid.NewGuid():N}.json");
        var (code, output, _) = await RunAsync("roster", "solve", "--in", Sample(), "--out", result);

        Assert.Equal(0, code);
        Assert.Contains("coverage 12/13", output);
        var solution = System.Text.Json.JsonSerializer.Deserialize<RosterSolution>(await File.ReadAllTextAsync(result), CliContext.JsonOptions)!;
        Assert.Contains(solution.Assignments, a => a is { Shift: "gignac-lu-matin", Volunteer: "sec-f", Locked: true });
        Assert.DoesNotContain(solution.Assignments, a => a.Volunteer == "dr-b" && a.Role != "secretariat"); // at risk
        Assert.Equal(UncoveredReason.AllTaken, Assert.Single(solution.Uncovered).Reason);
        File.Delete(result);
    }

    [Fact]
    public async Task A_broken_file_exits_2_with_one_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"roster-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, "{ \"roles\": [ ");
        var (code, _, error) = await RunAsync("roster", "solve", "--in", path);
        File.Delete(path);

        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("invalid JSON", error);
        Assert.Equal(2, (await RunAsync("roster", "solve", "--in", "/nonexistent.json")).Code);
    }
}
