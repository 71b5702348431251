using System.Text.Json;
using Maillage.Infrastructure;

namespace Maillage.Features.Rosters;

public static class RosterCli
{
    public static IEnumerable<CliVerb> Verbs() =>
    [
        new("roster solve", "roster solve --in INSTANCE.json [--out RESULT.json] [--json]", ["in=", "out="], 0, SolveAsync, UsesDatabase: false),
    ];

    /// <summary>Solves a roster described in a file, without any database: planners try scenarios offline.</summary>
    private static async Task<int> SolveAsync(CliContext cli)
    {
        var path = cli.Args.Required("in");
        if (!File.Exists(path))
        {
            throw DomainException.Invalid($"file not found: {path}");
        }

        RosterInstance instance;
        try
        {
            await using var stream = File.OpenRead(path);
            instance = await JsonSerializer.DeserializeAsync<RosterInstance>(stream, CliContext.JsonOptions)
                ?? throw DomainException.Invalid($"{path}: the file is empty");
        }
        catch (JsonException e)
        {
            throw DomainException.Invalid($"{path}: invalid JSON ({e.Message.Split(". ")[0]})");
        }

        var solution = RosterSolver.Solve(instance);
        var output = cli.Args.Value("out");
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, JsonSerializer.Serialize(solution, CliContext.JsonOptions));
        }

        var s = solution.Stats;
        if (cli.Json)
        {
            cli.WriteJson<object>(output is null ? solution : new { stats = s, uncovered = solution.Uncovered.Count, warnings = solution.Warnings.Count, output });
        }
        else if (output is null)
        {
            cli.WriteJson(solution);
        }
        else
        {
            cli.Out.WriteLine($"coverage {s.Covered}/{s.Required} ({s.CoveragePercent.ToString(System.Globalization.CultureInfo.InvariantCulture)} %), " +
                $"{solution.Uncovered.Count} uncovered place(s), {s.VolunteersUsed} volunteers used, max {s.MaxLoad} shifts each, fairness {s.Fairness}, " +
                $"{solution.Warnings.Count} warning(s), {s.ElapsedMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} ms -> {output}");
        }

        return 0;
    }
}
