using System.Diagnostics;
using System.Globalization;

namespace Maillage.Features.Regulation;

public sealed record TestResult(string Name, string Expected, string? Actual, string? RuleId, bool? ExpectedPriority, bool? ActualPriority, bool Passed, string? Problem);

/// <summary>Everything that stands between a protocol and its publication, and how the check went.</summary>
/// <param name="Combinations">How many answer combinations the safety check went through.</param>
public sealed record ProtocolReport(bool Publishable, IReadOnlyList<string> Problems, IReadOnlyList<TestResult> Tests, long Combinations, double ElapsedMilliseconds)
{
    public int Passed => Tests.Count(t => t.Passed);
}

/// <summary>
/// Proves a protocol safe before it is published. Answers only matter through the conditions, so each
/// question has a few classes of answers — yes and no, each option, "ne sait pas" when allowed, and for
/// numbers each threshold used plus a value between and beyond them — and going through every
/// combination of classes covers every possible call. On each one: which rank decides, whether two rules
/// of that rank disagree, whether any rule holds at all.
/// </summary>
public static class ProtocolSafety
{
    /// <summary>Beyond this the protocol is refused as too tangled to prove; the default one needs about 50,000.</summary>
    public const long MaxCombinations = 2_000_000;

    public static ProtocolReport Check(ProtocolDefinition definition)
    {
        var clock = Stopwatch.StartNew();
        var (protocol, problems) = TriageProtocol.Compile(definition);
        if (protocol is null)
        {
            return new ProtocolReport(false, problems, [], 0, clock.Elapsed.TotalMilliseconds);
        }

        var (found, combinations) = Analyse(protocol);
        var tests = RunTests(protocol);
        var all = found.ToList();
        if (tests.Count == 0)
        {
            all.Add("Le protocole n'a aucun cas de test : ajoutez au moins un cas par orientation utilisée.");
        }

        var untested = protocol.Rules.Select(r => r.Rule.Orientation!).Distinct().Where(o => tests.All(t => t.Expected != o)).ToList();
        if (untested.Count > 0 && tests.Count > 0)
        {
            all.Add($"Aucun cas de test n'attend l'orientation {string.Join(", ", untested.Select(o => $"« {o} »"))}.");
        }

        return new ProtocolReport(all.Count == 0 && tests.All(t => t.Passed), all, tests, combinations, clock.Elapsed.TotalMilliseconds);
    }

    public static IReadOnlyList<TestResult> RunTests(TriageProtocol protocol)
    {
        var results = new List<TestResult>();
        foreach (var (test, n) in (protocol.Definition.Tests ?? []).Select((t, i) => (t, i + 1)))
        {
            var name = string.IsNullOrWhiteSpace(test.Name) ? $"cas {n}" : test.Name;
            if (Orientations.Find(test.Expected) is null)
            {
                results.Add(new TestResult(name, test.Expected ?? "", null, null, test.Priority, null, false, $"orientation attendue inconnue « {test.Expected} »"));
                continue;
            }

            var (answers, problems) = protocol.ReadAnswers(test.Answers);
            if (problems.Count > 0)
            {
                results.Add(new TestResult(name, test.Expected!, null, null, test.Priority, null, false, string.Join(" ", problems)));
                continue;
            }

            var o = protocol.Evaluate(answers);
            var passed = o.Decided && o.Code == test.Expected && (test.Priority is null || o.Priority == test.Priority);
            var problem = passed ? null
                : !o.Decided ? "pas d'orientation avec ces réponses : il manque des réponses ?"
                : o.Code != test.Expected ? $"obtenu « {o.Code} » par la règle « {o.RuleId} »"
                : $"priorité {(o.Priority == true ? "haute" : o.Priority == false ? "normale" : "indéterminée")} au lieu de {(test.Priority == true ? "haute" : "normale")}";
            results.Add(new TestResult(name, test.Expected!, o.Code, o.RuleId, test.Priority, o.Priority, passed, problem));
        }

        return results;
    }

    private static (IReadOnlyList<string> Problems, long Combinations) Analyse(TriageProtocol protocol)
    {
        var problems = new List<string>();
        var used = protocol.Rules.SelectMany(r => r.When.Questions()).Concat(protocol.PriorityRules.SelectMany(p => p.When.Questions())).ToHashSet();
        var thresholds = protocol.Rules.SelectMany(r => r.When.Thresholds()).Concat(protocol.PriorityRules.SelectMany(p => p.When.Thresholds()))
            .ToLookup(t => t.Question, t => t.Value);
        var questions = protocol.Questions.Where(q => used.Contains(q.Id!)).ToList();
        var classes = questions.Select(q => Classes(q, thresholds[q.Id!])).ToArray();
        var combinations = classes.Aggregate(1L, (total, c) => total > MaxCombinations ? total : total * c.Count);
        if (combinations > MaxCombinations)
        {
            return ([$"Trop de combinaisons de réponses à vérifier ({(combinations > MaxCombinations * 1000 ? "des milliards" : combinations.ToString("N0", CultureInfo.GetCultureInfo("fr-FR")))}, au plus {MaxCombinations:N0}) : simplifiez les conditions ou regroupez des questions."], combinations);
        }

        var rules = protocol.Rules;
        var everTrue = new bool[rules.Count];
        var everDecides = new bool[rules.Count];
        var priorityTrue = new bool[protocol.PriorityRules.Count];
        var conflicts = new Dictionary<(int, int), string>();
        string? gap = null;
        var answers = new Dictionary<string, object?>();
        var choice = new int[questions.Count];
        var truths = new Truth[rules.Count];
        for (long n = 0; n < combinations; n++)
        {
            for (var q = 0; q < questions.Count; q++)
            {
                answers[questions[q].Id!] = classes[q][choice[q]];
            }

            for (var r = 0; r < rules.Count; r++)
            {
                truths[r] = rules[r].When.Evaluate(answers);
                everTrue[r] |= truths[r] == Truth.True;
            }

            for (var p = 0; p < priorityTrue.Length; p++)
            {
                priorityTrue[p] |= protocol.PriorityRules[p].When.Evaluate(answers) == Truth.True;
            }

            var decided = false;
            for (var start = 0; start < rules.Count && !decided;)
            {
                var end = start;
                while (end < rules.Count && rules[end].Rule.Rank == rules[start].Rule.Rank)
                {
                    end++;
                }

                for (var r = start; r < end; r++)
                {
                    if (truths[r] != Truth.True)
                    {
                        continue;
                    }

                    everDecides[r] = true;
                    decided = true;
                    for (var other = r + 1; other < end; other++)
                    {
                        if (truths[other] == Truth.True && rules[other].Rule.Orientation != rules[r].Rule.Orientation && !conflicts.ContainsKey((r, other)))
                        {
                            conflicts[(r, other)] = ConditionParser.Describe(answers, questions);
                        }
                    }
                }

                start = end;
            }

            if (!decided)
            {
                gap ??= ConditionParser.Describe(answers, questions);
            }

            // Next combination, like an odometer.
            for (var q = 0; q < questions.Count; q++)
            {
                if (++choice[q] < classes[q].Count)
                {
                    break;
                }

                choice[q] = 0;
            }
        }

        for (var r = 0; r < rules.Count; r++)
        {
            var rule = rules[r].Rule;
            if (!everTrue[r])
            {
                problems.Add($"La règle « {rule.Id} » ne peut jamais s'appliquer : sa condition n'est vraie pour aucune réponse possible.");
            }
            else if (!everDecides[r])
            {
                var before = rules.Where(x => x.Rule.Rank < rule.Rank).Select(x => x.Rule.Id);
                problems.Add($"La règle « {rule.Id} » ne peut jamais s'appliquer : chaque fois que sa condition est vraie, une règle de rang plus petit ({string.Join(", ", before)}) a déjà orienté.");
            }
        }

        foreach (var ((a, b), example) in conflicts)
        {
            problems.Add($"Les règles « {rules[a].Rule.Id} » et « {rules[b].Rule.Id} », de même rang {rules[a].Rule.Rank}, orientent différemment ({rules[a].Rule.Orientation} / {rules[b].Rule.Orientation}) pour les mêmes réponses, par exemple : {example}.");
        }

        if (gap is not null)
        {
            problems.Add($"Des réponses n'aboutissent à aucune orientation, par exemple : {(gap.Length == 0 ? "(toutes)" : gap)}. Ajoutez une règle par défaut, de dernier rang, avec la condition « toujours ».");
        }

        for (var p = 0; p < priorityTrue.Length; p++)
        {
            if (!priorityTrue[p])
            {
                problems.Add($"Le facteur de priorité « {protocol.PriorityRules[p].Rule.Id} » ne peut jamais s'appliquer.");
            }
        }

        return (problems, combinations);
    }

    /// <summary>One answer per class of answers that no condition can tell apart.</summary>
    private static List<object?> Classes(ProtocolQuestion q, IEnumerable<double> thresholds)
    {
        var values = new List<object?>();
        switch (q.Type)
        {
            case QuestionType.YesNo:
                values.AddRange([true, false]);
                break;
            case QuestionType.Choice:
                values.AddRange(q.Options!.Select(o => (object?)o.Value));
                break;
            default:
                // Each threshold, a value between two, and one beyond each end (within the bounds).
                var min = q.Min!.Value;
                var max = q.Max!.Value;
                var cuts = thresholds.Where(t => t >= min && t <= max).Distinct().Order().ToList();
                if (cuts.Count == 0)
                {
                    values.Add(min);
                    break;
                }

                if (cuts[0] > min)
                {
                    values.Add((min + cuts[0]) / 2);
                }

                for (var i = 0; i < cuts.Count; i++)
                {
                    values.Add(cuts[i]);
                    values.Add(i + 1 < cuts.Count ? (cuts[i] + cuts[i + 1]) / 2 : cuts[i] < max ? (cuts[i] + max) / 2 : null);
                }

                values.RemoveAll(v => v is null);
                break;
        }

        if (q.Optional)
        {
            values.Add(null);
        }

        return values;
    }
}
