using System.Text.Json;

namespace Maillage.Features.Regulation;

/// <summary>
/// A triage protocol as data: the questions a secretary asks, grouped in steps (one screen each), and
/// the ordered rules that turn answers into an orientation. What <c>maillage protocol test</c> reads and
/// what a coordinator edits; the format is documented in docs/user-guide/regulation-protocols.md.
/// </summary>
/// <param name="Example">Shipped as an example: the team's doctors must validate it before real use.</param>
/// <param name="Priority">Rules that make the call a priority (risk factors); any one that holds is enough.</param>
/// <param name="Tests">Answers and the orientation they must reach; all must pass before publishing.</param>
public sealed record ProtocolDefinition(
    string? Name,
    string? Notice,
    bool Example,
    IReadOnlyList<ProtocolStep>? Steps,
    IReadOnlyList<ProtocolRule>? Rules,
    IReadOnlyList<PriorityRule>? Priority,
    IReadOnlyList<ProtocolTestCase>? Tests);

public sealed record ProtocolStep(string? Title, IReadOnlyList<ProtocolQuestion>? Questions);

public enum QuestionType
{
    YesNo,
    Choice,
    Number,
}

/// <param name="Id">Used in rule conditions: lower-case letters, digits and underscores.</param>
/// <param name="Optional">The caller may not know (no saturometer at home): "ne sait pas" is an answer.</param>
public sealed record ProtocolQuestion(
    string? Id,
    string? Label,
    QuestionType Type,
    string? Unit = null,
    IReadOnlyList<ChoiceOption>? Options = null,
    double? Min = null,
    double? Max = null,
    bool Optional = false,
    string? Help = null);

public sealed record ChoiceOption(string? Value, string? Label);

/// <param name="Rank">Lower ranks are looked at first; the first rank where a rule holds decides.</param>
/// <param name="When">A condition in the protocol language, e.g. <c>spo2 &lt; 92 ou detresse_respiratoire</c>.</param>
/// <param name="Reason">What the secretary reads out, and what the call record keeps.</param>
public sealed record ProtocolRule(string? Id, int Rank, string? When, string? Orientation, string? Reason);

public sealed record PriorityRule(string? Id, string? When, string? Reason);

/// <param name="Answers">Question id → answer: true/false, an option value, a number, or null for "ne sait pas". Questions left out are not asked.</param>
/// <param name="Priority">When given, whether the call must come out as a priority.</param>
public sealed record ProtocolTestCase(string? Name, IReadOnlyDictionary<string, JsonElement>? Answers, string? Expected, bool? Priority = null);
