using Maillage.Features.Directory;
using Maillage.Infrastructure;

namespace Maillage.Tests.Features.Directory;

public sealed class DirectoryRulesTests
{
    private static MemberFacts Member(string profession, string? college = null) => new(profession, "membre", college);

    [Fact]
    public void Msp_needs_two_general_practitioners_and_one_paramedical()
    {
        var valid = DirectoryRules.Composition(StructureKind.Msp, [Member("medecin-generaliste"), Member("medecin-generaliste"), Member("infirmier")]);
        Assert.All(valid, f => Assert.True(f.Satisfied));

        var oneGp = DirectoryRules.Composition(StructureKind.Msp, [Member("medecin-generaliste"), Member("infirmier"), Member("pharmacien")]);
        Assert.Contains(oneGp, f => !f.Satisfied && f.Message.Contains("Médecins généralistes : 1"));

        var noParamedical = DirectoryRules.Composition(StructureKind.Msp, [Member("medecin-generaliste"), Member("medecin-generaliste"), Member("pharmacien"), Member("secretaire-medical")]);
        Assert.Contains(noParamedical, f => !f.Satisfied && f.Message.Contains("paramédicaux : 0"));
    }

    [Fact]
    public void Cpts_members_without_college_are_flagged_and_other_kinds_have_no_rule()
    {
        Assert.Contains(DirectoryRules.Composition(StructureKind.Cpts, [Member("infirmier")]), f => !f.Satisfied);
        Assert.Empty(DirectoryRules.Composition(StructureKind.Cpts, [Member("infirmier", "professionnels")]));
        Assert.Empty(DirectoryRules.Composition(StructureKind.Pharmacie, []));
    }

    [Theory]
    [InlineData("0467960000", "04 67 96 00 00")]
    [InlineData("04.67.96.00.00", "04 67 96 00 00")]
    [InlineData("+33 4 67 96 00 00", "04 67 96 00 00")]
    [InlineData("15", "15")]
    [InlineData("", null)]
    public void Phones_read_the_french_way(string input, string? expected) => Assert.Equal(expected, DirectoryRules.Phone(input, "phone"));

    [Theory]
    [InlineData("04 67 A6")]
    [InlineData("1")]
    public void Bad_phones_are_refused(string input) => Assert.Throws<DomainException>(() => DirectoryRules.Phone(input, "phone"));

    [Fact]
    public void Distance_between_clermont_and_lodeve_is_about_thirteen_kilometres()
    {
        var km = DirectoryRules.DistanceKm(43.6275, 3.4317, 43.7315, 3.3194);
        Assert.InRange(km, 13, 15);
        Assert.Equal(0, DirectoryRules.DistanceKm(43.6, 3.4, 43.6, 3.4), 6);
    }
}
