namespace Maillage.Features.FollowUp;

/// <summary>What a patient's line says about them, as read from the list.</summary>
public sealed record VulnerabilityFacts(bool ChronicDisease, bool LivesAlone, bool Precarious, DateOnly? BirthDate, DateOnly? LastVisit);

public sealed record SplitTarget(int Id, string CommuneCode, int? RegularDoctorId);

/// <param name="CommuneCodes">Where the professional practises: a patient of these communes is theirs first, all else equal.</param>
public sealed record SplitProfessional(int Id, string Name, IReadOnlySet<string> CommuneCodes, int Load);

/// <summary>The rules of outreach campaigns: who is vulnerable, and how a list is shared among professionals.</summary>
public static class OutreachRules
{
    /// <summary>
    /// How many more than the smallest share a professional of the patient's commune may already have and
    /// still get the patient: shares then differ by at most this plus one.
    /// </summary>
    public const int LocalitySlack = 1;

    public static int Age(DateOnly born, DateOnly today) => today.Year - born.Year - (today < born.AddYears(today.Year - born.Year) ? 1 : 0);

    /// <summary>
    /// Why the patient belongs on a campaign with these criteria (any one is enough); empty when they do not.
    /// An unknown last visit does not count as "no visit": the list must say when the patient was last seen.
    /// </summary>
    public static IReadOnlyList<string> Reasons(VulnerabilityCriteria criteria, int noVisitMonths, VulnerabilityFacts facts, DateOnly today)
    {
        var reasons = new List<string>();
        if (criteria.HasFlag(VulnerabilityCriteria.ChronicDisease) && facts.ChronicDisease)
        {
            reasons.Add("maladie chronique");
        }

        if (criteria.HasFlag(VulnerabilityCriteria.ElderlyLivingAlone) && facts.LivesAlone && facts.BirthDate is { } born && Age(born, today) >= 75)
        {
            reasons.Add("75 ans ou plus, vit seul·e");
        }

        if (criteria.HasFlag(VulnerabilityCriteria.Precarious) && facts.Precarious)
        {
            reasons.Add("situation précaire");
        }

        if (criteria.HasFlag(VulnerabilityCriteria.NoRecentVisit) && facts.LastVisit is { } last && last < today.AddMonths(-noVisitMonths))
        {
            reasons.Add($"pas vu·e depuis plus de {noVisitMonths} mois");
        }

        return reasons;
    }

    public static string Label(VulnerabilityCriteria criteria, int noVisitMonths) => string.Join(" ou ", new[]
    {
        criteria.HasFlag(VulnerabilityCriteria.ChronicDisease) ? "maladie chronique" : null,
        criteria.HasFlag(VulnerabilityCriteria.ElderlyLivingAlone) ? "75 ans ou plus vivant seul" : null,
        criteria.HasFlag(VulnerabilityCriteria.Precarious) ? "situation précaire" : null,
        criteria.HasFlag(VulnerabilityCriteria.NoRecentVisit) ? $"pas de visite depuis {noVisitMonths} mois" : null,
    }.OfType<string>());

    /// <summary>
    /// Shares patients among professionals. A patient whose regular doctor takes part goes to them: they know
    /// the patient. The others go to whoever has the fewest, counting what they already have, except that a
    /// professional of the patient's own commune is preferred while their share stays within
    /// <see cref="LocalitySlack"/> of the smallest; ties go by name, so the same list splits the same way.
    /// </summary>
    public static IReadOnlyDictionary<int, int> Split(IReadOnlyList<SplitTarget> targets, IReadOnlyList<SplitProfessional> professionals)
    {
        var assigned = new Dictionary<int, int>();
        if (professionals.Count == 0)
        {
            return assigned;
        }

        var load = professionals.ToDictionary(p => p.Id, p => p.Load);
        var byId = professionals.ToDictionary(p => p.Id);
        var rest = new List<SplitTarget>();
        foreach (var target in targets)
        {
            if (target.RegularDoctorId is { } doctor && byId.ContainsKey(doctor))
            {
                assigned[target.Id] = doctor;
                load[doctor]++;
            }
            else
            {
                rest.Add(target);
            }
        }

        var ordered = professionals.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Id).ToList();
        foreach (var target in rest.OrderBy(t => t.CommuneCode, StringComparer.Ordinal).ThenBy(t => t.Id))
        {
            var least = load.Values.Min();
            var chosen = ordered.Where(p => load[p.Id] <= least + LocalitySlack && p.CommuneCodes.Contains(target.CommuneCode)).MinBy(p => load[p.Id])
                ?? ordered.First(p => load[p.Id] == least);
            assigned[target.Id] = chosen.Id;
            load[chosen.Id]++;
        }

        return assigned;
    }
}
