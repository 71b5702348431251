using Maillage.Infrastructure;

namespace Maillage.Features.Crisis;

public sealed record StageEntry(int Stage, DateOnly EffectiveOn, string? Note, DateTime RecordedAtUtc, string RecordedBy);

/// <summary>Pure rules of crisis mode.</summary>
public static class CrisisRules
{
    public static readonly IReadOnlyDictionary<int, string> StageLabels = new Dictionary<int, string>
    {
        [1] = "Stade 1 — freiner l'introduction du virus",
        [2] = "Stade 2 — freiner la propagation",
        [3] = "Stade 3 — stade épidémique : les soins de ville sont mobilisés",
    };

    public static readonly IReadOnlyDictionary<DecisionStatus, string> StatusLabels = new Dictionary<DecisionStatus, string>
    {
        [DecisionStatus.Open] = "À faire",
        [DecisionStatus.InProgress] = "En cours",
        [DecisionStatus.Done] = "Faite",
        [DecisionStatus.Abandoned] = "Abandonnée",
    };

    /// <summary>
    /// The stage in force on a date: the latest change effective on or before it; when two changes take
    /// effect the same day, the one recorded last wins (it corrects the other). Null before the first.
    /// </summary>
    public static int? StageOn(IEnumerable<StageEntry> timeline, DateOnly date) =>
        timeline.Where(e => e.EffectiveOn <= date)
            .OrderBy(e => e.EffectiveOn).ThenBy(e => e.RecordedAtUtc)
            .LastOrDefault()?.Stage;

    /// <summary>A decision still open whose follow-up date has passed needs the cell's attention.</summary>
    public static bool IsOverdue(DecisionStatus status, DateOnly? followUpOn, DateOnly today) =>
        status is DecisionStatus.Open or DecisionStatus.InProgress && followUpOn is { } date && date < today;

    public static int Stage(int? stage) => stage is >= 1 and <= 3
        ? stage.Value
        : throw DomainException.Invalid("Le stade d'alerte est 1, 2 ou 3.", "stage");
}
