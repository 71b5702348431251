using System.Diagnostics;
using Maillage.Features.Regulation;

/// <summary>
/// The triage protocol in process: evaluating one call (the goal is under 1 ms) and proving a protocol
/// safe before publication. Answers are random but valid: every question answered, or the first steps only.
/// </summary>
internal static class RegulationBench
{
    public static void Run(int runs)
    {
        Console.WriteLine();
        Console.WriteLine("### Regulation protocol (default protocol, in process)");
        Console.WriteLine();
        Console.WriteLine("| measure | runs | min | median | p95 | max |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var definition = ProtocolJson.Default();
        var protocol = TriageProtocol.Compile(definition).Protocol!;
        var random = new Random(42);
        var calls = Enumerable.Range(0, 20_000).Select(_ => RandomAnswers(protocol, random)).ToList();
        foreach (var call in calls.Take(1000))
        {
            protocol.Evaluate(call); // warm-up: JIT and tiering
        }

        var times = new List<double>(calls.Count);
        var clock = new Stopwatch();
        foreach (var call in calls)
        {
            clock.Restart();
            protocol.Evaluate(call);
            clock.Stop();
            times.Add(clock.Elapsed.TotalMicroseconds / 1000);
        }

        BenchReport.Row($"evaluate one call, {calls.Count} random calls (ms)", times);
        var checks = new List<double>();
        ProtocolSafety.Check(definition);
        for (var run = 0; run < runs; run++)
        {
            checks.Add(ProtocolSafety.Check(definition).ElapsedMilliseconds);
        }

        BenchReport.Row($"safety check and test cases before publishing, {ProtocolSafety.Check(definition).Combinations} combinations (ms)", checks);
    }

    /// <summary>A valid call: all questions, or (one in three) only the first steps, as when the orientation came early.</summary>
    private static Dictionary<string, object?> RandomAnswers(TriageProtocol protocol, Random random)
    {
        var answers = new Dictionary<string, object?>();
        var steps = protocol.Definition.Steps!;
        var asked = random.Next(3) == 0 ? 1 + random.Next(steps.Count) : steps.Count;
        foreach (var q in steps.Take(asked).SelectMany(s => s.Questions!))
        {
            answers[q.Id!] = q.Optional && random.Next(3) == 0 ? null : q.Type switch
            {
                QuestionType.YesNo => random.Next(4) == 0,
                QuestionType.Choice => q.Options![random.Next(q.Options.Count)].Value,
                _ => Math.Round(q.Min!.Value + (random.NextDouble() * (q.Max!.Value - q.Min.Value)), 1),
            };
        }

        return answers;
    }
}
