using Maillage.Features.Bulletins;
using Maillage.Infrastructure;

namespace Maillage.Tests.Features.Bulletins;

public sealed class TargetingTests
{
    private static Audience Audience(int[] territories, string[]? professions = null, int[]? structures = null) =>
        new(territories.ToHashSet(), (professions ?? []).ToHashSet(), (structures ?? []).ToHashSet());

    private static readonly Reader NurseInMsp = new(1, 10, "infirmier", new HashSet<int> { 100 });
    private static readonly Reader NurseAlone = new(2, 10, "infirmier", new HashSet<int>());
    private static readonly Reader GpInMsp = new(3, 10, "medecin-generaliste", new HashSet<int> { 100, 101 });
    private static readonly Reader NurseElsewhere = new(4, 20, "infirmier", new HashSet<int> { 200 });

    private static readonly Reader[] Everyone = [NurseInMsp, NurseAlone, GpInMsp, NurseElsewhere];

    private static int[] Ids(Audience audience) => Targeting.Recipients(audience, Everyone).Select(r => r.ProfessionalId).Order().ToArray();

    [Fact]
    public void No_profession_and_no_structure_means_everyone_of_the_territories() =>
        Assert.Equal([1, 2, 3], Ids(Audience([10])));

    [Fact]
    public void Several_territories_add_up() => Assert.Equal([1, 2, 3, 4], Ids(Audience([10, 20])));

    [Fact]
    public void Professions_narrow_within_the_territories() =>
        Assert.Equal([1, 2], Ids(Audience([10], ["infirmier"])));

    [Fact]
    public void Structures_narrow_to_their_members_whatever_their_profession() =>
        Assert.Equal([1, 3], Ids(Audience([10], structures: [100])));

    [Fact]
    public void Profession_and_structure_must_both_match() =>
        Assert.Equal([1], Ids(Audience([10], ["infirmier"], [100])));

    [Fact]
    public void A_structure_of_another_territory_does_not_pull_its_members_in() =>
        Assert.Empty(Ids(Audience([10], structures: [200])));

    [Fact]
    public void A_profession_nobody_has_reaches_nobody() => Assert.Empty(Ids(Audience([10, 20], ["sage-femme"])));

    [Fact]
    public void Stored_targets_read_back_as_an_audience()
    {
        var bulletin = new Bulletin
        {
            Title = "t", BodyMarkdown = "b", CreatedBy = "x",
            TerritoryIds = InformationVocabulary.JoinIds([20, 10, 10]), Professions = InformationVocabulary.Join(["infirmier", "medecin-generaliste"]), StructureIds = "",
        };
        Assert.Equal("|10|20|", bulletin.TerritoryIds);
        var audience = Maillage.Features.Bulletins.Audience.Of(bulletin);
        Assert.Equal([10, 20], audience.TerritoryIds.Order());
        Assert.Equal(["infirmier", "medecin-generaliste"], audience.Professions.Order());
        Assert.Empty(audience.StructureIds);
    }

    [Fact]
    public void Unknown_themes_and_professions_are_refused_with_their_field()
    {
        Assert.Equal("themes", Assert.Throws<DomainException>(() => InformationVocabulary.CheckThemes(["covid-19", "astrologie"])).Field);
        Assert.Equal("professions", Assert.Throws<DomainException>(() => InformationVocabulary.CheckProfessions(["sorcier"])).Field);
        Assert.Equal(["covid-19"], InformationVocabulary.CheckThemes([" covid-19 ", "covid-19", ""]));
    }
}

public sealed class CoverageRulesTests
{
    [Fact]
    public void A_profession_with_members_and_no_bulletin_is_forgotten_and_listed_first()
    {
        var members = new Dictionary<string, int> { ["infirmier"] = 4, ["medecin-generaliste"] = 3, ["masseur-kinesitherapeute"] = 2, ["sage-femme"] = 0 };
        var recipients = new List<RecipientTally> { new(1, "infirmier", 4, 2), new(2, "infirmier", 1, 1), new(2, "medecin-generaliste", 1, 0) };
        var coverage = CoverageRules.Build(members, recipients, new Dictionary<string, int> { ["masseur-kinesitherapeute"] = 2 });

        Assert.Equal("masseur-kinesitherapeute", coverage[0].Profession);
        Assert.True(coverage[0].Forgotten);
        Assert.Null(coverage[0].ReadShare);
        Assert.Equal(2, coverage[0].UndiffusedMessages);

        var nurses = coverage.Single(c => c.Profession == "infirmier");
        Assert.Equal((4, 2, 5, 3), (nurses.Members, nurses.Bulletins, nurses.Deliveries, nurses.Reads));
        Assert.Equal(0.6, nurses.ReadShare!.Value, 3);
        Assert.False(nurses.Forgotten);

        var gps = coverage.Single(c => c.Profession == "medecin-generaliste");
        Assert.Equal(0.0, gps.ReadShare);

        // A profession with no member in the territory is not a gap.
        Assert.DoesNotContain(coverage, c => c.Profession == "sage-femme");
    }

    [Fact]
    public void Recipients_who_left_the_directory_still_count_for_their_profession()
    {
        var coverage = CoverageRules.Build(new Dictionary<string, int>(), [new RecipientTally(7, "orthophoniste", 1, 1)], new Dictionary<string, int>());
        var single = Assert.Single(coverage);
        Assert.Equal((0, 1, 1), (single.Members, single.Bulletins, single.Reads));
        Assert.False(single.Forgotten);
    }
}

public sealed class SourceGuessTests
{
    [Theory]
    [InlineData("dgs-urgent@sante.gouv.fr", null, MessageSource.MinistryAlert)]
    [InlineData("alerte@exemple.invalid", "DGS-Urgent (fictif)", MessageSource.MinistryAlert)]
    [InlineData("ars-oc-alerte@ars.sante.fr", null, MessageSource.Ars)]
    [InlineData("contact@exemple.invalid", "ARS Occitanie", MessageSource.Ars)]
    [InlineData("partenaires@assurance-maladie.fr", null, MessageSource.Insurer)]
    [InlineData("info@exemple.invalid", "CPAM de l'Hérault", MessageSource.Insurer)]
    [InlineData("contact@urps-infirmiers-occitanie.fr", "URPS Infirmiers", MessageSource.Urps)]
    [InlineData("cdom34@ordre.medecin.fr", null, MessageSource.Ordre)]
    [InlineData("direction@chu-montpellier.fr", "CHU de Montpellier", MessageSource.Hospital)]
    [InlineData("someone@gmail.com", "Dr Martin", MessageSource.Other)]
    [InlineData(null, null, MessageSource.Other)]
    public void The_source_is_guessed_from_the_sender(string? address, string? name, MessageSource expected) =>
        Assert.Equal(expected, IncomingMessages.GuessSource(address, name));
}
