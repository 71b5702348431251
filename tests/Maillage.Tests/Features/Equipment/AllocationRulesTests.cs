using Maillage.Features.Directory;
using Maillage.Features.Equipment;
using Maillage.Infrastructure;

namespace Maillage.Tests.Features.Equipment;

public sealed class AllocationRulesTests
{
    private const string Gp = Professions.GeneralPractitioner;
    private const string Physio = "masseur-kinesitherapeute";
    private const string NoQuota = "surblouse";
    private static readonly DateTime Monday = new(2020, 4, 13, 8, 0, 0, DateTimeKind.Utc);
    private static readonly AllocationPolicy Policy = AllocationPolicy.Default;

    private static AllocationCandidate Ask(
        int id, string? profession, int remaining, RequestUrgency urgency = RequestUrgency.Normal, bool home = false, bool suspected = false, int minutes = 0, int receivedThisWeek = 0) =>
        new(id, profession, remaining, urgency, home, suspected, Monday.AddMinutes(minutes == 0 ? id : minutes), receivedThisWeek);

    private static Dictionary<int, int> Given(IReadOnlyList<ProposedLine> lines) => lines.ToDictionary(l => l.RequestId, l => l.Proposed);

    [Fact]
    public void Short_stock_is_shared_in_proportion_to_priority_times_need()
    {
        var lines = AllocationRules.Propose(50, NoQuota, [Ask(1, Gp, 100), Ask(2, Physio, 100)], Policy);

        Assert.Equal(new Dictionary<int, int> { [1] = 30, [2] = 20 }, Given(lines));
        Assert.Equal([3d, 2d], lines.Select(l => l.Priority));
        Assert.Contains("part priorité × besoin 3 × 100 = 300 sur 500 (60", lines[0].Explanation);
        Assert.Contains("= 30, arrondi au-dessous : 30.", lines[0].Explanation);
    }

    [Fact]
    public void When_the_stock_covers_everything_everyone_is_served_in_full()
    {
        var lines = AllocationRules.Propose(1000, NoQuota, [Ask(1, Gp, 100), Ask(2, null, 40), Ask(3, "psychologue", 7)], Policy);

        Assert.Equal(new Dictionary<int, int> { [1] = 100, [2] = 40, [3] = 7 }, Given(lines));
        Assert.All(lines, l => Assert.Contains("servie en totalité : le stock couvre toutes les demandes", l.Explanation));
    }

    [Fact]
    public void A_small_high_priority_request_is_saturated_and_the_rest_is_shared_among_the_others()
    {
        // Critical GP: priority 6 × 20 = 120 of 520 → share 34.6 > 20: served in full; 130 left for two equal physios.
        var lines = AllocationRules.Propose(150, NoQuota, [Ask(1, Gp, 20, RequestUrgency.Critical), Ask(2, Physio, 100), Ask(3, Physio, 100)], Policy);

        Assert.Equal(new Dictionary<int, int> { [1] = 20, [2] = 65, [3] = 65 }, Given(lines));
        Assert.Contains("servie en totalité : sa part dépassait son besoin", lines[0].Explanation);
        Assert.Contains("des 130 à partager", lines[1].Explanation);
    }

    [Fact]
    public void Whole_units_go_to_the_largest_remainders_then_priority_then_the_oldest_request()
    {
        var candidates = new[] { Ask(1, Physio, 10, minutes: 30), Ask(2, Physio, 10, minutes: 10), Ask(3, Physio, 10, minutes: 20) };
        var lines = AllocationRules.Propose(10, NoQuota, candidates, Policy);

        Assert.Equal(new Dictionary<int, int> { [1] = 3, [2] = 4, [3] = 3 }, Given(lines));
        Assert.Contains("arrondi au-dessus : 4.", lines[1].Explanation);
        Assert.Contains("arrondi au-dessous : 3.", lines[0].Explanation);

        // The same requests, in any order, give the same split.
        var reversed = AllocationRules.Propose(10, NoQuota, candidates.Reverse().ToList(), Policy);
        Assert.Equal(Given(lines), Given(reversed));
        Assert.Equal(lines.OrderBy(l => l.RequestId).Select(l => l.Explanation), reversed.OrderBy(l => l.RequestId).Select(l => l.Explanation));

        // Equal remainders, different priorities: the higher priority gets the unit.
        var mixed = AllocationRules.Propose(1, NoQuota, [Ask(1, Physio, 3), Ask(2, Gp, 2)], Policy);
        Assert.Equal(new Dictionary<int, int> { [1] = 0, [2] = 1 }, Given(mixed));
    }

    [Fact]
    public void A_weekly_quota_caps_the_need_and_a_reached_quota_gives_nothing()
    {
        var lines = AllocationRules.Propose(20, "masque-chirurgical",
            [Ask(1, Professions.Nurse, 50, receivedThisWeek: 10), Ask(2, Professions.Nurse, 50, receivedThisWeek: 18), Ask(3, null, 100)], Policy);

        var byId = lines.ToDictionary(l => l.RequestId);
        Assert.Equal(8, byId[1].Need);
        Assert.Contains("Besoin 8 (demande 50, quota hebdomadaire 18, déjà reçu 10 cette semaine)", byId[1].Explanation);
        Assert.Equal((0, 0), (byId[2].Need, byId[2].Proposed));
        Assert.Contains("quota atteint", byId[2].Explanation);
        Assert.Equal(20, lines.Sum(l => l.Proposed));
        Assert.True(byId[1].Proposed <= 8);

        // The quota is per item: the same nurse has no cap on gowns.
        Assert.Equal(50, AllocationRules.Propose(100, NoQuota, [Ask(1, Professions.Nurse, 50, receivedThisWeek: 18)], Policy)[0].Need);
    }

    [Fact]
    public void The_priority_explains_profession_weight_bonuses_and_urgency()
    {
        var (priority, why) = AllocationRules.Priority(Ask(1, Gp, 10, RequestUrgency.Urgent, home: true, suspected: true), Policy);

        Assert.Equal(7.5, priority);
        Assert.Equal("(médecin généraliste 3, visites à domicile +1, patients suspects +1) × 1,5 (urgent)", why);

        var (structure, structureWhy) = AllocationRules.Priority(Ask(2, null, 10), Policy);
        Assert.Equal((2d, "structure 2"), (structure, structureWhy));
        Assert.Equal(1, AllocationRules.Priority(Ask(3, "psychologue", 10), Policy).Priority);
        Assert.Equal(6, AllocationRules.Priority(Ask(4, Gp, 10, RequestUrgency.Critical), Policy).Priority);

        var line = AllocationRules.Propose(5, NoQuota, [Ask(1, Gp, 10, RequestUrgency.Urgent, home: true, suspected: true), Ask(2, null, 10)], Policy)[0];
        Assert.StartsWith("Priorité 7,5 : (médecin généraliste 3, visites à domicile +1, patients suspects +1) × 1,5 (urgent). Besoin 10 ;", line.Explanation);
    }

    [Fact]
    public void A_zero_priority_gets_nothing_when_stock_is_short()
    {
        var policy = Policy with { OtherProfessionWeight = 0 };
        var lines = AllocationRules.Propose(10, NoQuota, [Ask(1, "psychologue", 10), Ask(2, Gp, 20)], policy);

        Assert.Equal(new Dictionary<int, int> { [1] = 0, [2] = 10 }, Given(lines));
        Assert.Contains("priorité nulle", lines[0].Explanation);
    }

    [Fact]
    public void Invariants_hold_over_many_random_cases()
    {
        var random = new Random(20200415);
        string?[] professions = [Gp, Professions.Nurse, "pharmacien", Physio, "sage-femme", "psychologue", "orthophoniste", null];
        for (var round = 0; round < 2000; round++)
        {
            var item = random.Next(3) == 0 ? "masque-chirurgical" : NoQuota;
            var candidates = Enumerable.Range(1, random.Next(1, 25)).Select(id => Ask(
                id, professions[random.Next(professions.Length)], random.Next(0, random.Next(2) == 0 ? 20 : 500),
                (RequestUrgency)random.Next(3), random.Next(2) == 0, random.Next(4) == 0, minutes: random.Next(1, 10_000), receivedThisWeek: random.Next(0, 25))).ToList();
            var available = random.Next(0, 3000);

            var lines = AllocationRules.Propose(available, item, candidates, Policy);

            var context = $"round {round}, available {available}";
            Assert.Equal(candidates.Select(c => c.RequestId), lines.Select(l => l.RequestId));
            foreach (var (line, candidate) in lines.Zip(candidates))
            {
                Assert.True(line.Need <= Math.Max(0, candidate.Remaining), context);
                Assert.True(line.Proposed >= 0 && line.Proposed <= line.Need, $"{context}: request {line.RequestId} given {line.Proposed} for a need of {line.Need}");
            }

            Assert.True(lines.Sum(l => l.Proposed) == Math.Min(available, lines.Sum(l => l.Need)),
                $"{context}: gave {lines.Sum(l => l.Proposed)}, total need {lines.Sum(l => l.Need)}");
            Assert.Equal(Given(lines), Given(AllocationRules.Propose(available, item, candidates, Policy)));
        }
    }

    [Fact]
    public void The_default_policy_is_valid_and_absurd_rules_are_refused_field_by_field()
    {
        var codes = StandardCatalogue.Items.Select(i => i.Code).ToList();
        Policy.Check(codes);

        void Refused(AllocationPolicy policy, string field)
        {
            var e = Assert.Throws<DomainException>(() => policy.Check(codes));
            Assert.Equal((DomainErrorKind.Invalid, field), (e.Kind, e.Field));
        }

        Refused(Policy with { ProfessionWeights = new Dictionary<string, double> { ["astronaute"] = 3 } }, "professionWeights");
        Refused(Policy with { ProfessionWeights = new Dictionary<string, double> { [Gp] = 101 } }, "professionWeights");
        Refused(Policy with { ProfessionWeights = new Dictionary<string, double> { [Gp] = double.NaN } }, "professionWeights");
        Refused(Policy with { OtherProfessionWeight = -1 }, "otherProfessionWeight");
        Refused(Policy with { StructureWeight = double.PositiveInfinity }, "structureWeight");
        Refused(Policy with { HomeVisitsBonus = 200 }, "homeVisitsBonus");
        Refused(Policy with { SuspectedInfectionBonus = -0.5 }, "suspectedInfectionBonus");
        Refused(Policy with { UrgentFactor = 0.5 }, "urgentFactor");
        Refused(Policy with { UrgentFactor = 11 }, "urgentFactor");
        Refused(Policy with { UrgentFactor = 3, CriticalFactor = 2 }, "criticalFactor");
        Refused(Policy with { Quotas = [new WeeklyQuota("astronaute", "masque-ffp2", 5)] }, "quotas");
        Refused(Policy with { Quotas = [new WeeklyQuota(Gp, "masque-en-or", 5)] }, "quotas");
        Refused(Policy with { Quotas = [new WeeklyQuota(Gp, "masque-ffp2", -1)] }, "quotas");
        Refused(Policy with { Quotas = [new WeeklyQuota(Gp, "masque-ffp2", 5), new WeeklyQuota(Gp, "masque-ffp2", 6)] }, "quotas");
    }

    [Fact]
    public void Quota_weeks_start_on_monday()
    {
        Assert.Equal(new DateOnly(2020, 4, 13), QuotaWeek.Monday(new DateOnly(2020, 4, 19)));
        Assert.Equal(new DateOnly(2020, 4, 13), QuotaWeek.Monday(new DateOnly(2020, 4, 13)));
        Assert.Equal("2020-W16", QuotaWeek.Label(new DateOnly(2020, 4, 15)));
        Assert.Equal("2020-W53", QuotaWeek.Label(new DateOnly(2021, 1, 1)));
    }
}
