using Maillage.Features.Geography;

namespace Maillage.Tests.Features.Geography;

public sealed class TerritoryRulesTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(39_999, 1)]
    [InlineData(40_000, 2)]
    [InlineData(79_999, 2)]
    [InlineData(80_000, 3)]
    [InlineData(175_000, 3)]
    [InlineData(175_001, 4)]
    [InlineData(2_000_000, 4)]
    public void Size_tier_follows_the_documented_boundaries(long population, int tier) =>
        Assert.Equal(tier, TerritoryRules.SizeTier(population));

    private static CommuneFacts Commune(string code, string dep = "34", string? epci = "E1", int? population = 1000, string? parent = null, CommuneKind kind = CommuneKind.Commune) =>
        new(code, $"Commune {code}", kind, dep, epci, parent, population, "34000");

    private static readonly Dictionary<string, IReadOnlyList<CommuneFacts>> ByEpci = new()
    {
        ["E1"] = [Commune("34001"), Commune("34002"), Commune("34003")],
        ["E2"] = [Commune("12001", "12", "E2")],
    };

    private static readonly Dictionary<string, CommuneFacts> ByCode = ByEpci.Values.SelectMany(v => v)
        .Append(Commune("34999", epci: null))
        .ToDictionary(c => c.Code);

    private static TerritoryRule Rule(TerritoryRuleKind kind, string code) => new() { Kind = kind, Code = code };

    [Fact]
    public void Composition_is_epci_communes_plus_added_minus_excluded()
    {
        var members = TerritoryRules.Compose(
            [Rule(TerritoryRuleKind.Epci, "E1"), Rule(TerritoryRuleKind.Commune, "34999"), Rule(TerritoryRuleKind.Exclude, "34002")],
            ByEpci, ByCode);
        Assert.Equal(["34001", "34003", "34999"], members.Select(m => m.Commune.Code).Order());
        Assert.Equal("ajout", members.Single(m => m.Commune.Code == "34999").Source);
        Assert.Equal("EPCI E1", members.Single(m => m.Commune.Code == "34001").Source);
    }

    [Fact]
    public void A_commune_brought_twice_is_counted_once()
    {
        var members = TerritoryRules.Compose([Rule(TerritoryRuleKind.Epci, "E1"), Rule(TerritoryRuleKind.Commune, "34001")], ByEpci, ByCode);
        Assert.Equal(3, members.Count);
    }

    [Fact]
    public void Warnings_flag_small_populations_and_several_departements()
    {
        var members = TerritoryRules.Compose([Rule(TerritoryRuleKind.Epci, "E1"), Rule(TerritoryRuleKind.Epci, "E2")], ByEpci, ByCode);
        var warnings = TerritoryRules.Warnings(members, new Dictionary<string, string> { ["34"] = "Hérault", ["12"] = "Aveyron" });
        Assert.Contains(warnings, w => w.Code == "population-low" && w.Message.Contains("4 000"));
        var several = Assert.Single(warnings, w => w.Code == "several-departements");
        Assert.Contains("Aveyron (12)", several.Message);
        Assert.Contains("Hérault (34)", several.Message);
    }

    [Fact]
    public void Warnings_flag_large_populations_and_unknown_populations()
    {
        var big = new List<TerritoryMember>
        {
            new(Commune("34172", population: 250_000), "ajout"),
            new(Commune("34173", population: null), "ajout"),
        };
        var warnings = TerritoryRules.Warnings(big, new Dictionary<string, string>());
        Assert.Contains(warnings, w => w.Code == "population-high");
        Assert.Contains(warnings, w => w.Code == "population-unknown");
        Assert.DoesNotContain(warnings, w => w.Code == "population-low");
    }

    [Fact]
    public void Usual_cpts_gets_no_warning()
    {
        var members = new List<TerritoryMember> { new(Commune("34001", population: 50_000), "ajout") };
        Assert.Empty(TerritoryRules.Warnings(members, new Dictionary<string, string>()));
    }

    [Fact]
    public void Overlap_between_a_city_and_its_arrondissement_is_found()
    {
        var members = new List<TerritoryMember>
        {
            new(Commune("75056", "75", null), "ajout"),
            new(Commune("75101", "75", null, parent: "75056", kind: CommuneKind.ArrondissementMunicipal), "ajout"),
        };
        Assert.NotNull(TerritoryRules.FindOverlap(members));
        Assert.Null(TerritoryRules.FindOverlap(members.Skip(1).ToList()));
    }

    [Theory]
    [InlineData("34079", true)]
    [InlineData("2A004", true)]
    [InlineData("2B033", true)]
    [InlineData("2C004", false)]
    [InlineData("3407", false)]
    [InlineData("340790", false)]
    [InlineData("ABCDE", false)]
    public void Commune_codes_are_five_characters_with_corsica(string code, bool valid) =>
        Assert.Equal(valid, TerritoryRules.CommuneCodePattern().IsMatch(code));
}
