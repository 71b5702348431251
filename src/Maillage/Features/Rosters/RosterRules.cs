using Maillage.Features.Directory;
using Maillage.Infrastructure;

namespace Maillage.Features.Rosters;

public sealed record RoleRule(string Label, IReadOnlySet<string> Professions, bool Exposed);

/// <summary>Hard rules of rosters, as pure functions.</summary>
public static class RosterRules
{
    /// <summary>
    /// The usual roles of a dedicated centre. Paramedical professionals who had to stop their own practice
    /// took reception and triage; only doctors hold the doctor role.
    /// </summary>
    public static readonly IReadOnlyList<RoleRule> StandardRoles =
    [
        new("Médecin", new HashSet<string> { Professions.GeneralPractitioner, "medecin-specialiste" }, true),
        new("Infirmier·e", new HashSet<string> { "infirmier" }, true),
        new("Accueil et tri", new HashSet<string>(Directory.Professions.All
            .Where(p => p.Group is ProfessionGroup.Paramedical or ProfessionGroup.Support || p.Code is "sage-femme" or "pharmacien")
            .Select(p => p.Code)), true),
        new("Secrétariat", new HashSet<string> { "secretaire-medical", "assistant-medical", "coordinateur" }, false),
    ];

    /// <summary>Why a professional may not hold a role; null when they may.</summary>
    public static string? WhyNot(RoleRule role, string profession, bool atRisk)
    {
        if (!role.Professions.Contains(profession))
        {
            return $"{Directory.Professions.Label(profession)} : profession non autorisée pour le rôle « {role.Label} »";
        }

        return atRisk && role.Exposed ? $"personne à risque : le rôle « {role.Label} » est exposé" : null;
    }

    public static IReadOnlySet<string> ParseProfessions(IEnumerable<string> codes, string field)
    {
        var set = new HashSet<string>();
        foreach (var code in codes.Where(c => !string.IsNullOrWhiteSpace(c)))
        {
            set.Add(Directory.Professions.Find(code.Trim())?.Code ?? throw DomainException.Invalid($"Profession inconnue « {code} ».", field));
        }

        return set.Count > 0 ? set : throw DomainException.Invalid("Choisissez au moins une profession pour ce rôle.", field);
    }

    /// <summary>A shift pattern is one time range on one or more days: "lu-sa 08:30-12:30".</summary>
    public static string ParsePattern(string? text, string field)
    {
        var hours = OpeningHours.Parse(text, field);
        var normalized = hours.ToString();
        if (normalized.Length == 0 || normalized == "24/7")
        {
            throw DomainException.Invalid("Indiquez les jours et l'horaire du créneau, par exemple « lu-sa 08:30-12:30 ».", field);
        }

        var ranges = Enum.GetValues<DayOfWeek>().SelectMany(d => hours.On(d)).Distinct().ToList();
        if (ranges.Count != 1 || Enum.GetValues<DayOfWeek>().Any(d => hours.On(d).Count > 1))
        {
            throw DomainException.Invalid("Un créneau a un seul horaire ; créez un créneau par plage (matin, après-midi…).", field);
        }

        return normalized;
    }

    /// <summary>The dates in [from, to] on which a shift pattern takes place, with its hours.</summary>
    public static IReadOnlyList<(DateOnly Date, TimeRange Hours)> Occurrences(string pattern, DateOnly from, DateOnly to)
    {
        var hours = OpeningHours.Parse(pattern);
        var result = new List<(DateOnly, TimeRange)>();
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            result.AddRange(hours.On(date.DayOfWeek).Select(range => (date, range)));
        }

        return result;
    }

    /// <summary>Local start and end of an occurrence; hours that close at or before they open end the next day.</summary>
    public static (DateTime Start, DateTime End) Times(DateOnly date, TimeRange hours)
    {
        var start = date.ToDateTime(hours.Opens);
        var end = date.ToDateTime(hours.Closes);
        return (start, end <= start ? end.AddDays(1) : end);
    }

    /// <summary>The Monday of the week of a date.</summary>
    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
}
