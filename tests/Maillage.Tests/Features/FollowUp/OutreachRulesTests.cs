using Maillage.Features.FollowUp;

namespace Maillage.Tests.Features.FollowUp;

public sealed class OutreachRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);
    private const VulnerabilityCriteria All = VulnerabilityCriteria.ChronicDisease | VulnerabilityCriteria.ElderlyLivingAlone | VulnerabilityCriteria.Precarious | VulnerabilityCriteria.NoRecentVisit;

    [Theory]
    [InlineData("1951-11-22", true)] // 75 today
    [InlineData("1951-11-23", false)] // 75 tomorrow
    public void Seventy_five_counts_from_the_birthday_and_only_for_those_living_alone(string born, bool qualifies)
    {
        var alone = new VulnerabilityFacts(false, true, false, DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture), null);
        Assert.Equal(qualifies, OutreachRules.Reasons(All, 12, alone, Today).Count == 1);
        Assert.Empty(OutreachRules.Reasons(All, 12, alone with { LivesAlone = false }, Today));
    }

    [Fact]
    public void Only_the_campaigns_criteria_count_and_an_unknown_last_visit_is_not_a_missed_one()
    {
        var facts = new VulnerabilityFacts(true, false, true, null, Today.AddMonths(-13));
        Assert.Equal(["maladie chronique", "situation précaire", "pas vu·e depuis plus de 12 mois"], OutreachRules.Reasons(All, 12, facts, Today));
        Assert.Equal(["situation précaire"], OutreachRules.Reasons(VulnerabilityCriteria.Precarious, 12, facts, Today));
        Assert.Empty(OutreachRules.Reasons(VulnerabilityCriteria.NoRecentVisit, 18, facts, Today));
        Assert.Empty(OutreachRules.Reasons(VulnerabilityCriteria.NoRecentVisit, 6, facts with { LastVisit = null }, Today));
    }

    private static SplitProfessional Pro(int id, string name, int load = 0, params string[] communes) => new(id, name, communes.ToHashSet(), load);

    [Fact]
    public void A_patient_goes_to_their_regular_doctor_when_the_doctor_takes_part()
    {
        var split = OutreachRules.Split([new(1, "34079", 10), new(2, "34079", 99)], [Pro(10, "A"), Pro(20, "B")]);
        Assert.Equal(10, split[1]);
        Assert.Equal(20, split[2]); // the other doctor is not taking part: the least loaded gets the patient
    }

    [Fact]
    public void Shares_stay_even_counting_what_each_already_has()
    {
        var targets = Enumerable.Range(1, 10).Select(i => new SplitTarget(i, "34079", null)).ToList();
        var split = OutreachRules.Split(targets, [Pro(1, "A", load: 4), Pro(2, "B"), Pro(3, "C")]);
        var totals = split.Values.GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(10, split.Count);
        Assert.Equal(5, 4 + totals.GetValueOrDefault(1));
        Assert.InRange(totals[2] - totals[3], -1, 1);
    }

    [Fact]
    public void A_professional_of_the_patients_commune_is_preferred_while_shares_stay_within_the_slack()
    {
        var targets = Enumerable.Range(1, 6).Select(i => new SplitTarget(i, "34172", null)).ToList();
        var split = OutreachRules.Split(targets, [Pro(1, "A", 0, "34079"), Pro(2, "B", 0, "34172")]);
        var local = split.Values.Count(p => p == 2);
        Assert.Equal(4, local); // 4 against 2: one more than the slack allows would be 5 against 1
        var loads = new[] { split.Values.Count(p => p == 1), local };
        Assert.True(loads.Max() - loads.Min() <= OutreachRules.LocalitySlack + 1);
    }

    [Fact]
    public void Nobody_to_share_with_assigns_nobody_and_the_same_list_splits_the_same_way()
    {
        Assert.Empty(OutreachRules.Split([new(1, "34079", null)], []));
        var targets = Enumerable.Range(1, 7).Select(i => new SplitTarget(i, i % 2 == 0 ? "34079" : "34172", null)).ToList();
        var pros = new[] { Pro(3, "C"), Pro(1, "A", 0, "34079"), Pro(2, "B") };
        Assert.Equal(OutreachRules.Split(targets, pros), OutreachRules.Split(targets, pros.Reverse().ToList()));
    }
}
