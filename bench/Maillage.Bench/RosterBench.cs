using System.Diagnostics;
using System.Globalization;
using System.Text;
using Maillage.Features.Rosters;

/// <summary>
/// The roster solver against the CBC MILP solver on the same model, and its solve times at territory
/// scale. CBC (Debian package coinor-cbc) reads the model as an LP file; it is solved twice, as the
/// solver does: best coverage first, then the least fairness cost at that coverage.
/// </summary>
internal static class RosterBench
{
    public static async Task RunAsync(string work, int runs, int instances)
    {
        await CompareWithCbcAsync(work, instances);
        Scale(runs);
    }

    private static async Task CompareWithCbcAsync(string work, int count)
    {
        Console.WriteLine();
        Console.WriteLine($"### Roster solver vs CBC ({count} generated instances)");
        Console.WriteLine();
        Console.WriteLine("| # | weeks×centres | volunteers | places | ours covered | CBC covered | ours fairness | CBC fairness | ours (ms) | CBC (s) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        var equalCoverage = 0;
        var worstCoverageGap = 0.0;
        var worstFairnessGap = 0.0;
        var ourTimes = new List<double>();
        var cbcTimes = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var random = new Random(1000 + i);
            var weeks = 1 + random.Next(2);
            var centres = 2 + random.Next(3);
            var volunteers = 25 * centres + random.Next(30);
            var instance = RosterGenerator.Generate(random, weeks, centres, volunteers);
            var ours = RosterSolver.Solve(instance);
            var check = RosterSolver.Check(instance, ours.Assignments.Select(a => new RosterAssignment(a.Shift, a.Role, a.Volunteer)));
            if (check.Count > 0)
            {
                throw new InvalidOperationException($"instance {i}: the solver broke a rule: {check[0]}");
            }

            var clock = Stopwatch.StartNew();
            var (cbcCovered, cbcFairness) = await CbcAsync(instance, Path.Combine(work, $"roster-{i}"));
            clock.Stop();
            ourTimes.Add(ours.Stats.ElapsedMilliseconds);
            cbcTimes.Add(clock.Elapsed.TotalSeconds);
            equalCoverage += ours.Stats.Covered >= cbcCovered ? 1 : 0;
            worstCoverageGap = Math.Max(worstCoverageGap, 100.0 * (cbcCovered - ours.Stats.Covered) / Math.Max(1, cbcCovered));
            if (ours.Stats.Covered == cbcCovered)
            {
                worstFairnessGap = Math.Max(worstFairnessGap, 100.0 * (ours.Stats.Fairness - cbcFairness) / Math.Max(1, cbcFairness));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {i + 1} | {weeks}×{centres} | {volunteers} | {ours.Stats.Required} | {ours.Stats.Covered} | {cbcCovered} | {ours.Stats.Fairness} | {cbcFairness} | {ours.Stats.ElapsedMilliseconds:0.0} | {clock.Elapsed.TotalSeconds:0.00} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"coverage equal to CBC's optimum: {equalCoverage}/{count}; worst coverage gap {worstCoverageGap:0.00} %; worst fairness gap at equal coverage {worstFairnessGap:0.00} %"));
        BenchReport.Row("ours, per instance (ms)", ourTimes);
        BenchReport.Row("CBC, both solves, per instance (s)", cbcTimes);
    }

    private static void Scale(int runs)
    {
        Console.WriteLine();
        Console.WriteLine("### Roster solver at scale: 4 weeks × 5 centres × 2 shifts/day × 4 roles × 200 volunteers");
        Scale(runs, "usual availability (about 3 half-days a week each)", RosterGenerator.Generate(new Random(2020), weeks: 4, centres: 5, volunteers: 200, everyDay: true));
        Scale(runs, "dense availability (about 7 half-days a week each)", RosterGenerator.Generate(new Random(2021), weeks: 4, centres: 5, volunteers: 200, everyDay: true, halfDayShare: 0.5));
    }

    private static void Scale(int runs, string title, RosterInstance instance)
    {
        var solve = new List<double>();
        var resolveLocked = new List<double>();
        var resolveFull = new List<double>();
        RosterSolution? first = null;
        for (var run = 0; run < runs + 1; run++)
        {
            var solution = RosterSolver.Solve(instance);
            first ??= solution;
            if (run > 0)
            {
                solve.Add(solution.Stats.ElapsedMilliseconds);
            }
        }

        // One absence: the volunteer is no longer available on that shift. Either everything else stays as
        // published (locked) and only the gap is re-solved, or the whole roster is re-solved.
        var random = new Random(7);
        for (var run = 0; run < runs; run++)
        {
            var absent = first!.Assignments[random.Next(first.Assignments.Count)];
            var volunteers = instance.Volunteers.Select(v => v.Id == absent.Volunteer ? v with { Available = v.Available.Where(s => s != absent.Shift).ToList() } : v).ToList();
            var kept = first.Assignments.Where(a => a != absent).Select(a => new RosterAssignment(a.Shift, a.Role, a.Volunteer)).ToList();
            var clock = Stopwatch.StartNew();
            RosterSolver.Solve(instance with { Volunteers = volunteers, Locked = kept });
            resolveLocked.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            RosterSolver.Solve(instance with { Volunteers = volunteers });
            resolveFull.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{title}: {instance.Shifts.Count} shifts, {first!.Stats.Required} places, {instance.Volunteers.Count} volunteers, {instance.Volunteers.Sum(v => v.Available.Count)} availabilities; coverage {first.Stats.CoveragePercent} %, fairness {first.Stats.Fairness}, max load {first.Stats.MaxLoad}"));
        Console.WriteLine();
        Console.WriteLine("| measure | runs | min | median | p95 | max |");
        Console.WriteLine("|---|---|---|---|---|---|");
        BenchReport.Row("solve (ms)", solve);
        BenchReport.Row("re-solve after one absence, other assignments locked (ms)", resolveLocked);
        BenchReport.Row("re-solve after one absence, nothing locked (ms)", resolveFull);
    }

    /// <summary>Coverage, then fairness at that coverage, each an optimal CBC solve of the LP file.</summary>
    private static async Task<(int Covered, long Fairness)> CbcAsync(RosterInstance instance, string stem)
    {
        var coverage = await SolveLpAsync(RosterLp.Write(instance, minimumCoverage: null), stem + "-coverage");
        var covered = (int)Math.Round(coverage);
        var fairness = await SolveLpAsync(RosterLp.Write(instance, minimumCoverage: covered), stem + "-fairness");
        return (covered, (long)Math.Round(fairness));
    }

    private static async Task<double> SolveLpAsync(string model, string stem)
    {
        var lp = stem + ".lp";
        var solution = stem + ".sol";
        await File.WriteAllTextAsync(lp, model);
        var start = new ProcessStartInfo("cbc", [lp, "solve", "solu", solution]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start cbc (apt-get install coinor-cbc)");
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var header = (await File.ReadAllLinesAsync(solution))[0];
        if (!header.StartsWith("Optimal", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"cbc did not prove optimality: {header}");
        }

        // "Optimal - objective value 123.00000000"
        return Math.Abs(double.Parse(header[(header.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// The roster model as a MILP in CPLEX LP format, written from the rules themselves (pairwise conflicts,
/// one role per shift, weekly cap), not from the solver's flow network, so CBC checks the solver.
/// </summary>
internal static class RosterLp
{
    public static string Write(RosterInstance instance, int? minimumCoverage)
    {
        var problem = RosterProblem.From(instance);
        var x = new Dictionary<(int V, int S, int R), string>();
        for (var v = 0; v < problem.Volunteers.Count; v++)
        {
            foreach (var s in problem.AvailableShifts(v))
            {
                foreach (var (r, _) in problem.Needs[s])
                {
                    if (problem.Qualification(v, r) == Blocker.None)
                    {
                        x[(v, s, r)] = $"x_{v}_{s}_{r}";
                    }
                }
            }
        }

        var text = new StringBuilder();
        var byVolunteer = x.Keys.GroupBy(k => k.V).ToDictionary(g => g.Key, g => g.ToList());
        var caps = byVolunteer.ToDictionary(g => g.Key, g => g.Value.Select(k => k.S).Distinct().GroupBy(s => problem.Week[s]).Sum(w => Math.Min(w.Count(), problem.Limits.MaxShiftsPerWeek)));
        if (minimumCoverage is null)
        {
            text.AppendLine("Maximize").Append(" coverage: ").AppendLine(Sum(x.Values));
        }
        else
        {
            text.AppendLine("Minimize").Append(" fairness: ").AppendLine(Sum(caps.SelectMany(c => Enumerable.Range(1, c.Value).Select(k => $"{2 * k - 1} y_{c.Key}_{k}"))));
        }

        text.AppendLine("Subject To");
        var row = 0;
        foreach (var slot in x.Keys.GroupBy(k => (k.S, k.R)))
        {
            var headcount = problem.Needs[slot.Key.S].First(n => n.Role == slot.Key.R).Headcount;
            text.AppendLine(CultureInfo.InvariantCulture, $" c{row++}: {Sum(slot.Select(k => x[k]))} <= {headcount}");
        }

        foreach (var (v, keys) in byVolunteer)
        {
            var shifts = keys.GroupBy(k => k.S).ToDictionary(g => g.Key, g => g.Select(k => x[k]).ToList());
            foreach (var (s, vars) in shifts.Where(s => s.Value.Count > 1))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $" c{row++}: {Sum(vars)} <= 1");
            }

            var ordered = shifts.Keys.Order().ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                for (var j = i + 1; j < ordered.Count; j++)
                {
                    if (problem.Conflict(ordered[i], ordered[j]))
                    {
                        text.AppendLine(CultureInfo.InvariantCulture, $" c{row++}: {Sum(shifts[ordered[i]].Concat(shifts[ordered[j]]))} <= 1");
                    }
                }
            }

            foreach (var week in shifts.Keys.GroupBy(s => problem.Week[s]).Where(w => w.Count() > problem.Limits.MaxShiftsPerWeek))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $" c{row++}: {Sum(week.SelectMany(s => shifts[s]))} <= {problem.Limits.MaxShiftsPerWeek}");
            }

            if (minimumCoverage is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $" c{row++}: {Sum(keys.Select(k => x[k]))} {string.Concat(Enumerable.Range(1, caps[v]).Select(k => $" - y_{v}_{k}"))} = 0");
            }
        }

        if (minimumCoverage is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $" c{row++}: {Sum(x.Values)} >= {minimumCoverage}");
        }

        text.AppendLine("Bounds");
        foreach (var (v, cap) in caps)
        {
            for (var k = 1; k <= cap; k++)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $" 0 <= y_{v}_{k} <= 1");
            }
        }

        text.AppendLine("Binaries");
        foreach (var name in x.Values)
        {
            text.Append(' ').AppendLine(name);
        }

        return text.AppendLine("End").ToString();
    }

    private static string Sum(IEnumerable<string> terms) => string.Join(" + ", terms) is { Length: > 0 } s ? s : "0";
}

/// <summary>
/// Realistic roster instances: centres open every day with a morning and an afternoon shift (lighter at
/// the weekend), volunteers of the usual professions living near one or two centres, each free a few
/// half-days a week in a pattern that mostly repeats from week to week; one in ten at risk.
/// </summary>
internal static class RosterGenerator
{
    private static readonly (string Profession, double Share)[] Mix =
    [
        ("medecin-generaliste", 0.32), ("infirmier", 0.24), ("masseur-kinesitherapeute", 0.12), ("sage-femme", 0.04),
        ("pharmacien", 0.06), ("secretaire-medical", 0.12), ("orthophoniste", 0.04), ("assistant-medical", 0.06),
    ];

    /// <param name="everyDay">Both shifts and all four roles every day, weekends included (the sizing case of the goals).</param>
    /// <param name="halfDayShare">How many of the 14 half-days of a week a volunteer usually keeps free.</param>
    public static RosterInstance Generate(Random random, int weeks, int centres, int volunteers, bool everyDay = false, double halfDayShare = 0.22)
    {
        var roles = RosterRules.StandardRoles.Select((r, i) => new RosterRole($"r{i}", r.Label, r.Professions.ToList(), r.Exposed)).ToList();
        var monday = new DateTime(2020, 3, 23);
        var shifts = new List<RosterShift>();
        for (var c = 0; c < centres; c++)
        {
            for (var day = 0; day < weeks * 7; day++)
            {
                var date = monday.AddDays(day);
                var weekend = !everyDay && date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
                if (weekend && date.DayOfWeek == DayOfWeek.Sunday && c % 2 == 1)
                {
                    continue;
                }

                foreach (var (name, start, end) in new[] { ("matin", 8.5, 12.5), ("aprem", 13.5, 18.5) })
                {
                    if (weekend && name == "aprem")
                    {
                        continue;
                    }

                    var needs = new Dictionary<string, int> { ["r0"] = weekend ? 1 : 1 + random.Next(2), ["r1"] = 1, ["r2"] = 1 };
                    if (everyDay || (!weekend && name == "matin"))
                    {
                        needs["r3"] = 1;
                    }

                    shifts.Add(new RosterShift($"c{c}-{date:MMdd}-{name}", $"centre-{c}", date.AddHours(start), date.AddHours(end), needs));
                }
            }
        }

        var people = new List<RosterVolunteer>();
        for (var v = 0; v < volunteers; v++)
        {
            var profession = Pick(random);
            var home = random.Next(centres);
            var centresNear = random.Next(3) == 0 ? new[] { $"centre-{home}", $"centre-{(home + 1) % centres}" } : [$"centre-{home}"];
            var halfDays = Enumerable.Range(0, 14).Where(_ => random.NextDouble() < halfDayShare).ToHashSet();
            var available = shifts.Where(s => centresNear.Contains(s.Centre))
                .Where(s =>
                {
                    var halfDay = (((int)s.Start.DayOfWeek + 6) % 7 * 2) + (s.Start.Hour < 13 ? 0 : 1);
                    return halfDays.Contains(halfDay) ? random.NextDouble() < 0.85 : random.NextDouble() < 0.04;
                })
                .Select(s => s.Id).ToList();
            people.Add(new RosterVolunteer($"v{v}", $"Volontaire {v} (fictif)", profession, random.NextDouble() < 0.1, available,
                random.Next(4) == 0 ? centresNear[0] : null,
                random.Next(6) == 0 ? [$"v{random.Next(volunteers)}"] : null));
        }

        return new RosterInstance(new RosterLimits(60, 4), roles, shifts, people);
    }

    private static string Pick(Random random)
    {
        var roll = random.NextDouble();
        foreach (var (profession, share) in Mix)
        {
            if ((roll -= share) < 0)
            {
                return profession;
            }
        }

        return Mix[0].Profession;
    }
}
