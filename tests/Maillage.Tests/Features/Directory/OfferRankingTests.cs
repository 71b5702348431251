using Maillage.Features.Directory;

namespace Maillage.Tests.Features.Directory;

public sealed class OfferRankingTests
{
    private static readonly DateTime Now = new(2020, 4, 2, 8, 0, 0, DateTimeKind.Utc);

    private static (OfferHit, int) Hit(string name, double? km, bool open, int proximity = 3, int? opensInHours = null) =>
        (new OfferHit(0, 0, 0, name, "msp", "site", "service", null, "34079", "Clermont-l'Hérault", null, null, null, km, open,
            open ? Now : opensInHours is { } h ? Now.AddHours(h) : null, [], []), proximity);

    private static List<string> Names(IEnumerable<(OfferHit, int)> hits) => SearchOffer.Rank(hits).Select(h => h.StructureName).ToList();

    [Fact]
    public void Nearest_comes_first_whatever_its_opening()
    {
        Assert.Equal(["A", "B", "C"], Names([Hit("C", 12.5, true), Hit("A", 1.2, false, opensInHours: 3), Hit("B", 4, true)]));
    }

    [Fact]
    public void Sites_without_coordinates_follow_by_administrative_proximity()
    {
        Assert.Equal(["located", "same commune", "same epci", "same departement"],
            Names([Hit("same departement", null, true, 2), Hit("same epci", null, true, 1), Hit("located", 25, false), Hit("same commune", null, false, 0)]));
    }

    [Fact]
    public void At_equal_distance_open_then_soonest_then_name()
    {
        Assert.Equal(["Beta", "Zeta", "Alpha", "Gamma", "Never"],
            Names([Hit("Alpha", 3, false, opensInHours: 1), Hit("Zeta", 3, true), Hit("Never", 3, false), Hit("Gamma", 3, false, opensInHours: 5), Hit("Beta", 3, true)]));
    }
}
