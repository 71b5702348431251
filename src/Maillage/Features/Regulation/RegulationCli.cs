using System.Globalization;
using System.Text.Json;
using Maillage.Infrastructure;

namespace Maillage.Features.Regulation;

/// <summary>Protocol authors' tools: no database needed, so a protocol can be written and tested anywhere.</summary>
public static class RegulationCli
{
    public static IEnumerable<CliVerb> Verbs() =>
    [
        new("protocol test", "protocol test FILE.json [--json]   (safety checks and test cases; exit 1 if not publishable)", [], 1, TestAsync, UsesDatabase: false),
        new("protocol evaluate", "protocol evaluate --protocol FILE.json --answers ANSWERS.json [--json]", ["protocol=", "answers="], 0, EvaluateAsync, UsesDatabase: false),
        new("protocol example", "protocol example [--out FILE.json]   (the default protocol, to start from)", ["out="], 0, ExampleAsync, UsesDatabase: false),
    ];

    private static async Task<string> ReadFileAsync(string path) =>
        File.Exists(path) ? await File.ReadAllTextAsync(path) : throw DomainException.Invalid($"file not found: {path}");

    private static async Task<int> TestAsync(CliContext cli)
    {
        var path = cli.Args.Positionals[0];
        var definition = ProtocolJson.Read<ProtocolDefinition>(await ReadFileAsync(path), path);
        var report = ProtocolSafety.Check(definition);
        if (cli.Json)
        {
            cli.WriteJson(report);
        }
        else
        {
            foreach (var problem in report.Problems)
            {
                cli.Out.WriteLine($"PROBLEM  {problem}");
            }

            foreach (var test in report.Tests)
            {
                cli.Out.WriteLine($"{(test.Passed ? "pass" : "FAIL")}     {test.Name} -> {test.Expected}{(test.Problem is null ? "" : $" ({test.Problem})")}");
            }

            cli.Out.WriteLine($"{(report.Publishable ? "publishable" : "NOT publishable")}: {report.Problems.Count} problem(s), {report.Passed}/{report.Tests.Count} test(s) passed, " +
                $"{report.Combinations.ToString(CultureInfo.InvariantCulture)} answer combinations checked in {report.ElapsedMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms");
        }

        return report.Publishable ? 0 : 1;
    }

    private static async Task<int> EvaluateAsync(CliContext cli)
    {
        var protocolPath = cli.Args.Required("protocol");
        var answersPath = cli.Args.Required("answers");
        var definition = ProtocolJson.Read<ProtocolDefinition>(await ReadFileAsync(protocolPath), protocolPath);
        var (protocol, problems) = TriageProtocol.Compile(definition);
        if (protocol is null)
        {
            throw DomainException.Invalid($"{protocolPath}: {problems[0]}{(problems.Count > 1 ? $" (+{problems.Count - 1} more; run 'protocol test')" : "")}");
        }

        var (answers, wrong) = protocol.ReadAnswers(ProtocolJson.Read<Dictionary<string, JsonElement>>(await ReadFileAsync(answersPath), answersPath));
        if (wrong.Count > 0)
        {
            throw DomainException.Invalid($"{answersPath}: {wrong[0]}");
        }

        var orientation = protocol.Evaluate(answers);
        if (cli.Json)
        {
            cli.WriteJson(orientation);
        }
        else if (orientation.Decided)
        {
            cli.Out.WriteLine($"{orientation.Code}: {orientation.Label} (rule {orientation.RuleId}) — {orientation.Reason}" +
                (orientation.Priority == true ? $" — PRIORITY: {string.Join(", ", orientation.PriorityReasons)}" : ""));
        }
        else
        {
            var next = protocol.Questions.FirstOrDefault(q => !answers.ContainsKey(q.Id!));
            cli.Out.WriteLine($"not decided yet{(next is null ? "" : $"; next question: {next.Id} ({next.Label})")}");
        }

        return 0;
    }

    private static async Task<int> ExampleAsync(CliContext cli)
    {
        var text = ProtocolJson.DefaultText();
        if (cli.Args.Value("out") is { } path)
        {
            await File.WriteAllTextAsync(path, text);
            cli.Out.WriteLine($"default protocol (an example to be validated by the team's doctors) -> {path}");
        }
        else
        {
            cli.Out.Write(text);
        }

        return 0;
    }
}
