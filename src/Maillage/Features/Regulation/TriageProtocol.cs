using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Maillage.Features.Regulation;

/// <summary>What the answers so far lead to.</summary>
/// <param name="Decided">The orientation is known: no answer still to come can change it.</param>
/// <param name="Complete">Every question has an answer.</param>
/// <param name="Priority">True as soon as one risk factor holds; null while it may still.</param>
public sealed record Orientation(
    bool Decided,
    string? Code,
    string? Label,
    string? Instruction,
    string? RuleId,
    string? Reason,
    bool Complete,
    bool? Priority,
    IReadOnlyList<string> PriorityReasons);

internal sealed record CompiledRule(ProtocolRule Rule, Condition When);

internal sealed record CompiledPriority(PriorityRule Rule, Condition When);

/// <summary>
/// A protocol checked and ready to evaluate: questions in asking order, rules sorted by rank (file order
/// within a rank). Built by <see cref="Compile"/>, which lists every mistake instead of stopping at the first.
/// </summary>
public sealed partial class TriageProtocol
{
    private TriageProtocol(ProtocolDefinition definition, IReadOnlyList<ProtocolQuestion> questions, IReadOnlyList<CompiledRule> rules, IReadOnlyList<CompiledPriority> priority)
    {
        Definition = definition;
        Questions = questions;
        QuestionById = questions.ToDictionary(q => q.Id!);
        Rules = rules;
        PriorityRules = priority;
    }

    public ProtocolDefinition Definition { get; }

    public IReadOnlyList<ProtocolQuestion> Questions { get; }

    public IReadOnlyDictionary<string, ProtocolQuestion> QuestionById { get; }

    internal IReadOnlyList<CompiledRule> Rules { get; }

    internal IReadOnlyList<CompiledPriority> PriorityRules { get; }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,39}$")]
    private static partial Regex IdPattern();

    /// <summary>Checks the structure and parses every condition; returns the protocol, or null with the problems.</summary>
    public static (TriageProtocol? Protocol, IReadOnlyList<string> Problems) Compile(ProtocolDefinition definition)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            problems.Add("Le protocole n'a pas de nom.");
        }

        var questions = new List<ProtocolQuestion>();
        foreach (var (step, s) in (definition.Steps ?? []).Select((step, s) => (step, s + 1)))
        {
            if (string.IsNullOrWhiteSpace(step.Title))
            {
                problems.Add($"L'étape {s} n'a pas de titre.");
            }

            if (step.Questions is not { Count: > 0 })
            {
                problems.Add($"L'étape {s} ne pose aucune question.");
            }

            foreach (var q in step.Questions ?? [])
            {
                var where = $"Question « {q.Id} » (étape {s})";
                if (q.Id is null || !IdPattern().IsMatch(q.Id) || IsReserved(q.Id))
                {
                    problems.Add($"{where} : l'identifiant doit être en minuscules sans accent (lettres, chiffres, _), 40 caractères au plus, et pas un mot-clé.");
                    continue;
                }

                if (questions.Any(x => x.Id == q.Id))
                {
                    problems.Add($"{where} : identifiant déjà utilisé par une autre question.");
                    continue;
                }

                if (string.IsNullOrWhiteSpace(q.Label))
                {
                    problems.Add($"{where} : le libellé lu au patient manque.");
                }

                if (q.Type == QuestionType.Choice)
                {
                    var options = q.Options ?? [];
                    if (options.Count < 2)
                    {
                        problems.Add($"{where} : une question à choix propose au moins deux réponses.");
                    }

                    if (options.Any(o => string.IsNullOrWhiteSpace(o.Value) || string.IsNullOrWhiteSpace(o.Label)))
                    {
                        problems.Add($"{where} : chaque réponse a une valeur et un libellé.");
                    }

                    if (options.Select(o => o.Value).Distinct().Count() != options.Count)
                    {
                        problems.Add($"{where} : deux réponses ont la même valeur.");
                    }
                }

                if (q.Type == QuestionType.Number && (q.Min is null || q.Max is null || q.Min >= q.Max))
                {
                    problems.Add($"{where} : un nombre a un minimum et un maximum (le minimum plus petit que le maximum).");
                }

                questions.Add(q);
            }
        }

        if (questions.Count == 0)
        {
            problems.Add("Le protocole ne pose aucune question.");
        }

        var byId = questions.ToDictionary(q => q.Id!);
        var rules = new List<CompiledRule>();
        var ruleIds = new HashSet<string>();
        foreach (var rule in definition.Rules ?? [])
        {
            var where = $"Règle « {rule.Id} »";
            if (rule.Id is null || !IdPattern().IsMatch(rule.Id))
            {
                problems.Add($"{where} : l'identifiant doit être en minuscules sans accent (lettres, chiffres, _).");
            }
            else if (!ruleIds.Add(rule.Id))
            {
                problems.Add($"{where} : identifiant déjà utilisé par une autre règle.");
            }

            if (rule.Rank is < 1 or > 99)
            {
                problems.Add($"{where} : le rang va de 1 (examiné en premier) à 99.");
            }

            if (Orientations.Find(rule.Orientation) is null)
            {
                problems.Add($"{where} : orientation inconnue « {rule.Orientation} » (possibles : {string.Join(", ", Orientations.All.Select(o => o.Code))}).");
            }

            if (string.IsNullOrWhiteSpace(rule.Reason))
            {
                problems.Add($"{where} : la raison lue à l'appelant manque.");
            }

            if (Parse(rule.When, where, byId, problems) is { } when)
            {
                rules.Add(new CompiledRule(rule, when));
            }
        }

        if (rules.Count == 0 && (definition.Rules ?? []).Count == 0)
        {
            problems.Add("Le protocole n'a aucune règle d'orientation.");
        }

        var priority = new List<CompiledPriority>();
        foreach (var rule in definition.Priority ?? [])
        {
            var where = $"Facteur de priorité « {rule.Id} »";
            if (rule.Id is null || !IdPattern().IsMatch(rule.Id) || !ruleIds.Add(rule.Id))
            {
                problems.Add($"{where} : identifiant manquant, mal formé ou déjà utilisé.");
            }

            if (string.IsNullOrWhiteSpace(rule.Reason))
            {
                problems.Add($"{where} : la raison manque.");
            }

            if (Parse(rule.When, where, byId, problems) is { } when)
            {
                priority.Add(new CompiledPriority(rule, when));
            }
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        // Stable: within a rank, file order (only matters for rules that agree, since disagreeing ones are refused).
        var ordered = rules.OrderBy(r => r.Rule.Rank).ToList();
        return (new TriageProtocol(definition, questions, ordered, priority), []);
    }

    private static bool IsReserved(string id) => id is "et" or "ou" or "pas" or "oui" or "non" or "inconnu" or "dans" or "toujours";

    private static Condition? Parse(string? text, string where, IReadOnlyDictionary<string, ProtocolQuestion> questions, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add($"{where} : la condition manque (« toujours » pour une règle par défaut).");
            return null;
        }

        try
        {
            return ConditionParser.Parse(text, questions);
        }
        catch (ConditionException e)
        {
            problems.Add($"{where} : {e.Message}.");
            return null;
        }
    }

    /// <summary>
    /// The orientation for the answers given so far. Ranks are looked at in order: a rank decides when one
    /// of its rules holds and every earlier rank is known not to; while an earlier rule may still hold,
    /// the orientation waits for more answers.
    /// </summary>
    public Orientation Evaluate(IReadOnlyDictionary<string, object?> answers)
    {
        var complete = Questions.All(q => answers.ContainsKey(q.Id!));
        var reasons = PriorityRules.Where(p => p.When.Evaluate(answers) == Truth.True).Select(p => p.Rule.Reason!).ToList();
        bool? priority = reasons.Count > 0 ? true : PriorityRules.All(p => p.When.Evaluate(answers) == Truth.False) ? false : null;
        var index = 0;
        while (index < Rules.Count)
        {
            var rank = Rules[index].Rule.Rank;
            var group = Rules.Skip(index).TakeWhile(r => r.Rule.Rank == rank).ToList();
            var truths = group.Select(r => r.When.Evaluate(answers)).ToList();
            var holding = truths.IndexOf(Truth.True);
            if (holding >= 0)
            {
                var rule = group[holding].Rule;
                var info = Orientations.Find(rule.Orientation)!;
                return new Orientation(true, info.Code, info.Label, info.Instruction, rule.Id, rule.Reason, complete, priority, reasons);
            }

            if (truths.Contains(Truth.Unknown))
            {
                break;
            }

            index += group.Count;
        }

        return new Orientation(false, null, null, null, null, null, complete, priority, reasons);
    }

    /// <summary>
    /// Reads answers from JSON against the questions: true/false, an option value, a number within
    /// bounds, or null for "ne sait pas" where allowed. Every mistake is listed.
    /// </summary>
    public (Dictionary<string, object?> Answers, IReadOnlyList<string> Problems) ReadAnswers(IReadOnlyDictionary<string, JsonElement>? json)
    {
        var answers = new Dictionary<string, object?>();
        var problems = new List<string>();
        foreach (var (id, value) in json ?? new Dictionary<string, JsonElement>())
        {
            if (!QuestionById.TryGetValue(id, out var q))
            {
                problems.Add($"La question « {id} » n'existe pas dans ce protocole.");
                continue;
            }

            if (value.ValueKind == JsonValueKind.Null)
            {
                if (q.Optional)
                {
                    answers[id] = null;
                }
                else
                {
                    problems.Add($"« {id} » : une réponse est obligatoire (« ne sait pas » n'est pas permis).");
                }

                continue;
            }

            switch (q.Type)
            {
                case QuestionType.YesNo when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    answers[id] = value.GetBoolean();
                    break;
                case QuestionType.Choice when value.ValueKind == JsonValueKind.String && q.Options!.Any(o => o.Value == value.GetString()):
                    answers[id] = value.GetString();
                    break;
                case QuestionType.Number when value.ValueKind == JsonValueKind.Number:
                    var number = value.GetDouble();
                    if (number < q.Min || number > q.Max)
                    {
                        problems.Add($"« {id} » : {number.ToString(CultureInfo.InvariantCulture)} hors des bornes {q.Min?.ToString(CultureInfo.InvariantCulture)}–{q.Max?.ToString(CultureInfo.InvariantCulture)}{(q.Unit is null ? "" : " " + q.Unit)}.");
                    }
                    else
                    {
                        answers[id] = number;
                    }

                    break;
                default:
                    problems.Add($"« {id} » : réponse « {value.GetRawText()} » invalide ({Expected(q)}).");
                    break;
            }
        }

        return (answers, problems);
    }

    private static string Expected(ProtocolQuestion q) => q.Type switch
    {
        QuestionType.YesNo => "true ou false attendu",
        QuestionType.Choice => "une de : " + string.Join(", ", q.Options!.Select(o => o.Value)),
        _ => "un nombre attendu",
    };
}
