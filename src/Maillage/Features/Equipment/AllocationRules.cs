using System.Globalization;
using Maillage.Features.Directory;
using Maillage.Infrastructure;

namespace Maillage.Features.Equipment;

/// <summary>A weekly cap for one profession and one item: what the State's allocation grants each professional.</summary>
public sealed record WeeklyQuota(string Profession, string ItemCode, int PerWeek);

/// <summary>
/// A territory's priority rules for splitting short stock. A request's priority is its profession's weight,
/// plus bonuses for home visits and for patients with a suspected infection, times a factor for urgency.
/// </summary>
public sealed record AllocationPolicy(
    IReadOnlyDictionary<string, double> ProfessionWeights,
    double OtherProfessionWeight,
    double StructureWeight,
    double HomeVisitsBonus,
    double SuspectedInfectionBonus,
    double UrgentFactor,
    double CriticalFactor,
    IReadOnlyList<WeeklyQuota> Quotas)
{
    /// <summary>Front-line professions first: doctors, nurses and pharmacists.</summary>
    public static AllocationPolicy Default { get; } = new(
        new Dictionary<string, double>
        {
            [Professions.GeneralPractitioner] = 3, ["medecin-specialiste"] = 3, [Professions.Nurse] = 3, ["pharmacien"] = 3,
            ["sage-femme"] = 2, ["masseur-kinesitherapeute"] = 2, ["chirurgien-dentiste"] = 2, ["biologiste"] = 2,
        },
        OtherProfessionWeight: 1, StructureWeight: 2, HomeVisitsBonus: 1, SuspectedInfectionBonus: 1, UrgentFactor: 1.5, CriticalFactor: 2,
        Quotas:
        [
            new(Professions.GeneralPractitioner, "masque-chirurgical", 18),
            new(Professions.Nurse, "masque-chirurgical", 18),
            new("pharmacien", "masque-chirurgical", 18),
            new("sage-femme", "masque-chirurgical", 6),
            new("masseur-kinesitherapeute", "masque-chirurgical", 6),
        ]);

    public double WeightOf(string? profession) =>
        profession is null ? StructureWeight : ProfessionWeights.TryGetValue(profession, out var w) ? w : OtherProfessionWeight;

    public int? QuotaOf(string? profession, string itemCode) =>
        profession is null ? null : Quotas.FirstOrDefault(q => q.Profession == profession && q.ItemCode == itemCode)?.PerWeek;

    /// <summary>Refuses rules that would make the split meaningless; each error names its field.</summary>
    /// <summary>A weight or a bonus: between 0 and 100. Forms check each field with it, so that the error names that field.</summary>
    public static void Weight(double value, string field, string label)
    {
        if (!double.IsFinite(value) || value < 0 || value > 100)
        {
            throw DomainException.Invalid($"{label} : un nombre entre 0 et 100.", field);
        }
    }

    public void Check(IReadOnlyCollection<string> itemCodes)
    {
        foreach (var (profession, weight) in ProfessionWeights)
        {
            if (Professions.Find(profession) is null)
            {
                throw DomainException.Invalid($"Profession inconnue « {profession} ».", "professionWeights");
            }

            Weight(weight, "professionWeights", $"Poids de {Professions.Label(profession)}");
        }

        Weight(OtherProfessionWeight, "otherProfessionWeight", "Poids des autres professions");
        Weight(StructureWeight, "structureWeight", "Poids des structures");
        Weight(HomeVisitsBonus, "homeVisitsBonus", "Bonus visites à domicile");
        Weight(SuspectedInfectionBonus, "suspectedInfectionBonus", "Bonus patients suspects");
        if (!double.IsFinite(UrgentFactor) || UrgentFactor < 1 || UrgentFactor > 10)
        {
            throw DomainException.Invalid("Coefficient « urgent » : un nombre entre 1 et 10.", "urgentFactor");
        }

        if (!double.IsFinite(CriticalFactor) || CriticalFactor < UrgentFactor || CriticalFactor > 10)
        {
            throw DomainException.Invalid("Coefficient « vital » : un nombre entre le coefficient urgent et 10.", "criticalFactor");
        }

        foreach (var q in Quotas)
        {
            if (Professions.Find(q.Profession) is null)
            {
                throw DomainException.Invalid($"Quota : profession inconnue « {q.Profession} ».", "quotas");
            }

            if (!itemCodes.Contains(q.ItemCode))
            {
                throw DomainException.Invalid($"Quota : article inconnu « {q.ItemCode} ».", "quotas");
            }

            if (q.PerWeek is < 0 or > StockLedger.MaxQuantity)
            {
                throw DomainException.Invalid($"Quota de {Professions.Label(q.Profession)} : un nombre entier positif ou nul.", "quotas");
            }
        }

        if (Quotas.GroupBy(q => (q.Profession, q.ItemCode)).Any(g => g.Count() > 1))
        {
            throw DomainException.Invalid("Un même quota (profession et article) est donné deux fois.", "quotas");
        }
    }
}

/// <summary>A waiting request as the split sees it. <see cref="ReceivedThisWeek"/> counts against a weekly quota.</summary>
public sealed record AllocationCandidate(
    int RequestId, string? Profession, int Remaining, RequestUrgency Urgency, bool HomeVisits, bool SuspectedInfection, DateTime CreatedAtUtc, int ReceivedThisWeek = 0);

public sealed record ProposedLine(int RequestId, double Priority, int Need, int Proposed, string Explanation);

/// <summary>
/// Splits short stock among requests in proportion to priority × need, never more than a request needs
/// (what a saturated request does not use goes to the others), in whole units, and says why for each line.
/// Deterministic: the same requests give the same split.
/// </summary>
public static class AllocationRules
{
    public static (double Priority, string Why) Priority(AllocationCandidate c, AllocationPolicy policy)
    {
        var parts = new List<string> { $"{(c.Profession is null ? "structure" : Professions.Label(c.Profession).ToLowerInvariant())} {N(policy.WeightOf(c.Profession))}" };
        var sum = policy.WeightOf(c.Profession);
        if (c.HomeVisits && policy.HomeVisitsBonus > 0)
        {
            sum += policy.HomeVisitsBonus;
            parts.Add($"visites à domicile +{N(policy.HomeVisitsBonus)}");
        }

        if (c.SuspectedInfection && policy.SuspectedInfectionBonus > 0)
        {
            sum += policy.SuspectedInfectionBonus;
            parts.Add($"patients suspects +{N(policy.SuspectedInfectionBonus)}");
        }

        var factor = c.Urgency switch { RequestUrgency.Urgent => policy.UrgentFactor, RequestUrgency.Critical => policy.CriticalFactor, _ => 1 };
        var why = string.Join(", ", parts);
        if (factor != 1)
        {
            why = $"({why}) × {N(factor)} ({EquipmentLabels.Of(c.Urgency).ToLowerInvariant()})";
        }

        return (Math.Round(sum * factor, 3), why);
    }

    public static IReadOnlyList<ProposedLine> Propose(int available, string itemCode, IReadOnlyList<AllocationCandidate> candidates, AllocationPolicy policy)
    {
        var rows = candidates.Select(c =>
        {
            var (priority, why) = Priority(c, policy);
            var need = Math.Max(0, c.Remaining);
            var needWhy = $"besoin {need}";
            if (policy.QuotaOf(c.Profession, itemCode) is { } quota)
            {
                var left = Math.Max(0, quota - c.ReceivedThisWeek);
                if (left < need)
                {
                    needWhy = $"besoin {left} (demande {need}, quota hebdomadaire {quota}, déjà reçu {c.ReceivedThisWeek} cette semaine)";
                    need = left;
                }
            }

            return new Row(c, priority, why, need, needWhy);
        }).ToList();

        var totalNeed = rows.Sum(r => r.Need);
        if (totalNeed <= available)
        {
            return rows.Select(r => Line(r, r.Need, r.Need == 0 ? "rien à attribuer." : "servie en totalité : le stock couvre toutes les demandes.")).ToList();
        }

        // Water-filling: share what is left in proportion to priority × need; a request whose share exceeds
        // its need gets its need, and the rest is shared again among the others.
        var active = rows.Where(r => r.Need > 0 && r.Priority > 0).ToList();
        double pool = available;
        while (active.Count > 0)
        {
            var weight = active.Sum(r => r.Priority * r.Need);
            var saturated = active.Where(r => pool * r.Priority * r.Need / weight >= r.Need).ToList();
            if (saturated.Count == 0)
            {
                foreach (var r in active)
                {
                    r.Exact = pool * r.Priority * r.Need / weight;
                    r.Share = $"part priorité × besoin {N(r.Priority)} × {r.Need} = {N(r.Priority * r.Need)} sur {N(weight)} ({(r.Priority * r.Need / weight).ToString("P0", French.Culture)}) des {N(Math.Round(pool, 2))} à partager";
                }

                break;
            }

            foreach (var r in saturated)
            {
                r.Exact = r.Need;
                r.Share = "servie en totalité : sa part dépassait son besoin";
                pool -= r.Need;
                active.Remove(r);
            }
        }

        foreach (var r in rows)
        {
            r.Given = (int)Math.Floor(r.Exact + 1e-9);
        }

        // Whole units: the units left by rounding down go one each to the largest remainders, then to the
        // higher priority, then to the older request.
        var leftover = available - rows.Sum(r => r.Given);
        foreach (var r in rows.Where(r => r.Given < r.Need && r.Priority > 0)
                     .OrderByDescending(r => r.Exact - r.Given).ThenByDescending(r => r.Priority).ThenBy(r => r.Candidate.CreatedAtUtc).ThenBy(r => r.Candidate.RequestId))
        {
            if (leftover <= 0)
            {
                break;
            }

            r.Given++;
            r.RoundedUp = true;
            leftover--;
        }

        return rows.Select(r => Line(r, r.Given, r.Need == 0 ? "rien à attribuer (quota atteint)."
            : r.Priority <= 0 ? "priorité nulle : rien n'est attribué quand le stock manque."
            : $"{r.Share} = {N(Math.Round(r.Exact, 2))}, {(r.RoundedUp ? "arrondi au-dessus" : "arrondi au-dessous")} : {r.Given}.")).ToList();
    }

    private static ProposedLine Line(Row r, int given, string how) =>
        new(r.Candidate.RequestId, r.Priority, r.Need, given, $"Priorité {N(r.Priority)} : {r.Why}. {Capitalise(r.NeedWhy)} ; {how}");

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string N(double value) => value.ToString("0.##", French.Culture);

    private sealed class Row(AllocationCandidate candidate, double priority, string why, int need, string needWhy)
    {
        public AllocationCandidate Candidate { get; } = candidate;

        public double Priority { get; } = priority;

        public string Why { get; } = why;

        public int Need { get; } = need;

        public string NeedWhy { get; } = needWhy;

        public double Exact { get; set; }

        public string Share { get; set; } = "";

        public int Given { get; set; }

        public bool RoundedUp { get; set; }
    }
}

/// <summary>The ISO week a day falls in, from Monday: the period of the weekly quotas.</summary>
public static class QuotaWeek
{
    public static DateOnly Monday(DateOnly day) => IsoWeeks.Monday(day);

    public static string Label(DateOnly day) => IsoWeeks.Label(day);
}
