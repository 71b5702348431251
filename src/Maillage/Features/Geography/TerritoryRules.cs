using System.Text.RegularExpressions;
using Maillage.Infrastructure;

namespace Maillage.Features.Geography;

public sealed record CommuneFacts(
    string Code,
    string Name,
    CommuneKind Kind,
    string DepartementCode,
    string? EpciCode,
    string? ParentCode,
    int? Population,
    string PostalCodes);

/// <summary>A commune of a territory, and why it is there ("EPCI 243400355" or "ajout").</summary>
public sealed record TerritoryMember(CommuneFacts Commune, string Source);

public sealed record TerritoryWarning(string Code, string Message);

/// <summary>Pure rules of territories: composition from the definition, CPTS funding tier, warnings.</summary>
public static partial class TerritoryRules
{
    public const int MinimumUsualPopulation = 10_000;
    public const int MaximumUsualPopulation = 200_000;

    [GeneratedRegex("^(?:[0-9]{5}|2[AB][0-9]{3})$")]
    public static partial Regex CommuneCodePattern();

    [GeneratedRegex("^[0-9]{9}$")]
    public static partial Regex EpciCodePattern();

    /// <summary>
    /// CPTS funding tier from the population. Each lower bound belongs to the tier it opens, and 175,000
    /// exactly is still tier 3 ("above 175,000" is tier 4): &lt;40,000 → 1; 40,000–79,999 → 2;
    /// 80,000–175,000 → 3; &gt;175,000 → 4.
    /// </summary>
    public static int SizeTier(long population) => population switch
    {
        < 40_000 => 1,
        < 80_000 => 2,
        <= 175_000 => 3,
        _ => 4,
    };

    /// <summary>(EPCI communes ∪ added communes) − exclusions, ordered by name.</summary>
    public static IReadOnlyList<TerritoryMember> Compose(
        IEnumerable<TerritoryRule> rules,
        IReadOnlyDictionary<string, IReadOnlyList<CommuneFacts>> communesByEpci,
        IReadOnlyDictionary<string, CommuneFacts> communesByCode)
    {
        var members = new Dictionary<string, TerritoryMember>();
        var ruleList = rules.ToList();
        foreach (var rule in ruleList.Where(r => r.Kind == TerritoryRuleKind.Epci).OrderBy(r => r.Code, StringComparer.Ordinal))
        {
            foreach (var commune in communesByEpci.GetValueOrDefault(rule.Code) ?? [])
            {
                members.TryAdd(commune.Code, new TerritoryMember(commune, $"EPCI {rule.Code}"));
            }
        }

        foreach (var rule in ruleList.Where(r => r.Kind == TerritoryRuleKind.Commune))
        {
            if (communesByCode.TryGetValue(rule.Code, out var commune))
            {
                members.TryAdd(commune.Code, new TerritoryMember(commune, "ajout"));
            }
        }

        foreach (var rule in ruleList.Where(r => r.Kind == TerritoryRuleKind.Exclude))
        {
            members.Remove(rule.Code);
        }

        return members.Values
            .OrderBy(m => m.Commune.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"), true))
            .ThenBy(m => m.Commune.Code, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A commune present both whole and through one of its arrondissements would be counted twice.</summary>
    public static string? FindOverlap(IReadOnlyList<TerritoryMember> members)
    {
        var codes = members.Select(m => m.Commune.Code).ToHashSet();
        var overlap = members.FirstOrDefault(m => m.Commune.ParentCode is { } parent && codes.Contains(parent));
        return overlap is null
            ? null
            : $"{overlap.Commune.Name} ({overlap.Commune.Code}) est un arrondissement de {overlap.Commune.ParentCode}, déjà inclus en entier : retirez l'un des deux.";
    }

    public static IReadOnlyList<TerritoryWarning> Warnings(IReadOnlyList<TerritoryMember> members, IReadOnlyDictionary<string, string> departementNames)
    {
        var warnings = new List<TerritoryWarning>();
        var population = members.Sum(m => (long)(m.Commune.Population ?? 0));
        if (population < MinimumUsualPopulation)
        {
            warnings.Add(new("population-low", $"Population de {French.Number(population)} habitants, inférieure aux 10 000 habitants d'une CPTS habituelle."));
        }
        else if (population > MaximumUsualPopulation)
        {
            warnings.Add(new("population-high", $"Population de {French.Number(population)} habitants, supérieure aux 200 000 habitants d'une CPTS habituelle."));
        }

        var departements = members.Select(m => m.Commune.DepartementCode).Distinct().Order(StringComparer.Ordinal).ToList();
        if (departements.Count > 1)
        {
            var names = departements.Select(d => departementNames.TryGetValue(d, out var n) ? $"{n} ({d})" : d);
            warnings.Add(new("several-departements", $"Le territoire s'étend sur {departements.Count} départements : {string.Join(", ", names)}. Vérifiez la délégation de l'ARS compétente."));
        }

        var withoutPopulation = members.Where(m => m.Commune.Population is null).Select(m => m.Commune.Name).ToList();
        if (withoutPopulation.Count > 0)
        {
            warnings.Add(new("population-unknown", $"Population non publiée pour {withoutPopulation.Count} commune(s) : {string.Join(", ", withoutPopulation.Take(5))}."));
        }

        return warnings;
    }
}
