using Maillage.Infrastructure;

namespace Maillage.Features.Reporting;

/// <summary>A figure that is allowed but unusual: the person confirms it before it is kept.</summary>
public sealed record ActivityWarning(string Indicator, string Message);

/// <summary>The checks on a day's entered figures. Pure.</summary>
public static class ActivityRules
{
    /// <summary>More than any centre can do in a day: a typing error.</summary>
    public const int MaxDaily = 100_000;

    /// <summary>
    /// Errors stop the entry: a negative or absurd figure, an indicator that cannot be entered, more positives
    /// than tests. <paramref name="day"/> holds the day's figures after the change (entered, or derived where
    /// nothing was entered), so that positives are checked against the tests already given.
    /// </summary>
    public static void Validate(IReadOnlyDictionary<string, int?> changes, IReadOnlyDictionary<string, int?> day)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (code, value) in changes)
        {
            var indicator = Indicators.Find(code);
            if (indicator is null)
            {
                errors[code] = [$"Indicateur inconnu « {code} »."];
            }
            else if (!indicator.Enterable)
            {
                errors[code] = [$"« {indicator.Label} » est calculé par la plateforme : il ne se saisit pas."];
            }
            else if (value < 0)
            {
                errors[code] = [$"{indicator.Label} : une valeur ne peut pas être négative."];
            }
            else if (value > MaxDaily)
            {
                errors[code] = [$"{indicator.Label} : {French.Number(value.Value)} dépasse ce qu'un centre fait en un jour ; vérifiez la saisie."];
            }
        }

        if (errors.Count == 0)
        {
            var tests = (day.GetValueOrDefault(Indicators.PcrTests) ?? 0) + (day.GetValueOrDefault(Indicators.AntigenTests) ?? 0);
            if (day.GetValueOrDefault(Indicators.Positives) is { } positives && positives > tests)
            {
                errors[Indicators.Positives] = [$"Tests positifs : {positives} pour {tests} test(s) RT-PCR et antigéniques ce jour-là ; il ne peut pas y avoir plus de positifs que de tests."];
            }
        }

        if (errors.Count > 0)
        {
            var (field, messages) = errors.First();
            throw DomainException.Invalid(messages[0], field);
        }
    }

    /// <summary>
    /// A value far from the previous 7 days (their mean) is unusual: more than three times the mean and at least
    /// 10 above it, or nothing where the mean was at least 10. Days without a figure do not count.
    /// </summary>
    public static IReadOnlyList<ActivityWarning> Outliers(IReadOnlyDictionary<string, int?> changes, IReadOnlyDictionary<string, IReadOnlyList<int>> previousSevenDays)
    {
        var warnings = new List<ActivityWarning>();
        foreach (var (code, value) in changes)
        {
            if (value is not { } v || !previousSevenDays.TryGetValue(code, out var history) || history.Count == 0)
            {
                continue;
            }

            var mean = history.Average();
            var label = Indicators.Get(code).Label;
            var usual = mean.ToString("0.#", French.Culture);
            if (v > 3 * mean && v - mean >= 10)
            {
                warnings.Add(new(code, $"{label} : {v}, soit plus du triple de la moyenne des 7 jours précédents ({usual})."));
            }
            else if (v == 0 && mean >= 10)
            {
                warnings.Add(new(code, $"{label} : 0 alors que la moyenne des 7 jours précédents est de {usual}."));
            }
        }

        return warnings;
    }
}
