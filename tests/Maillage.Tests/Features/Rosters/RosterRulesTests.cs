using Maillage.Features.Rosters;
using Maillage.Infrastructure;

namespace Maillage.Tests.Features.Rosters;

public sealed class RosterRulesTests
{
    private static RoleRule Role(string label) => RosterRules.StandardRoles.Single(r => r.Label == label);

    [Fact]
    public void A_physiotherapist_may_do_reception_and_triage_but_not_the_doctor_role()
    {
        Assert.Null(RosterRules.WhyNot(Role("Accueil et tri"), "masseur-kinesitherapeute", atRisk: false));
        Assert.Contains("profession non autorisée", RosterRules.WhyNot(Role("Médecin"), "masseur-kinesitherapeute", atRisk: false));
        Assert.Null(RosterRules.WhyNot(Role("Médecin"), "medecin-generaliste", atRisk: false));
    }

    [Fact]
    public void At_risk_professionals_never_hold_exposed_roles()
    {
        Assert.Contains("personne à risque", RosterRules.WhyNot(Role("Médecin"), "medecin-generaliste", atRisk: true));
        Assert.Null(RosterRules.WhyNot(Role("Secrétariat"), "secretaire-medical", atRisk: true));
    }

    [Theory]
    [InlineData("lu-sa 08:30-12:30", "lu-sa 08:30-12:30")]
    [InlineData("lu-ve 13h30-18h30", "lu-ve 13:30-18:30")]
    public void Shift_patterns_are_one_range_on_some_days(string text, string normalized) =>
        Assert.Equal(normalized, RosterRules.ParsePattern(text, "pattern"));

    [Theory]
    [InlineData("lu-sa 08:30-12:30,13:30-18:30")]
    [InlineData("lu 08:00-12:00; ma 09:00-12:00")]
    [InlineData("24/7")]
    [InlineData("")]
    public void Shift_patterns_with_several_ranges_or_none_are_refused(string text) =>
        Assert.Throws<DomainException>(() => RosterRules.ParsePattern(text, "pattern"));

    [Fact]
    public void A_role_needs_known_professions() =>
        Assert.Throws<DomainException>(() => RosterRules.ParseProfessions(["medecin-generaliste", "astronaute"], "professions"));
}

public sealed class ShiftOccurrenceTests
{
    [Fact]
    public void Occurrences_follow_the_pattern_days_of_the_week()
    {
        // Week of Monday 30 March 2020: "lu-sa" gives six mornings, none on Sunday 5 April.
        var occurrences = RosterRules.Occurrences("lu-sa 08:30-12:30", new DateOnly(2020, 3, 30), new DateOnly(2020, 4, 5));
        Assert.Equal(6, occurrences.Count);
        Assert.DoesNotContain(occurrences, o => o.Date == new DateOnly(2020, 4, 5));
        Assert.Equal("08:30-12:30", occurrences[0].Hours.ToString());
    }

    [Theory]
    [InlineData("2020-04-01", "2020-03-30")]
    [InlineData("2020-03-30", "2020-03-30")]
    [InlineData("2020-04-05", "2020-03-30")]
    public void Weeks_start_on_monday(string day, string monday) =>
        Assert.Equal(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture), RosterRules.WeekStart(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
}
