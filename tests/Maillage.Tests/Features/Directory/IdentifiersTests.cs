using Maillage.Features.Directory;

namespace Maillage.Tests.Features.Directory;

public sealed class IdentifiersTests
{
    [Theory]
    [InlineData("79927398713", true)] // the classic Luhn example
    [InlineData("79927398710", false)]
    [InlineData("0", true)]
    [InlineData("12a", false)]
    public void Luhn_checks_the_key(string digits, bool valid) => Assert.Equal(valid, Identifiers.Luhn(digits));

    [Fact]
    public void Rpps_is_eleven_digits_with_a_luhn_key()
    {
        var rpps = Identifiers.WithLuhnKey("1000000001");
        Assert.True(Identifiers.IsRpps(rpps));
        Assert.False(Identifiers.IsRpps(rpps[..10] + (char)('0' + ((rpps[10] - '0' + 1) % 10))));
        Assert.False(Identifiers.IsRpps(rpps[..10]));
        Assert.False(Identifiers.IsRpps("1234567890A"));
    }

    [Fact]
    public void Siren_and_siret_carry_luhn_keys()
    {
        var siren = Identifiers.WithLuhnKey("73282932");
        Assert.True(Identifiers.IsSiren(siren));
        var siret = Identifiers.WithLuhnKey(siren + "0001");
        Assert.True(Identifiers.IsSiret(siret));
        Assert.False(Identifiers.IsSiret(siret[..13] + (char)('0' + ((siret[13] - '0' + 1) % 10))));
        Assert.False(Identifiers.IsSiren("12345678"));
    }

    [Theory]
    [InlineData("35600000000010", true)] // La Poste: digit sum 15, a multiple of 5
    [InlineData("35600000000011", false)]
    public void La_poste_sirets_follow_their_own_rule(string siret, bool valid) => Assert.Equal(valid, Identifiers.IsSiret(siret));

    [Theory]
    [InlineData("340780477", true)]
    [InlineData("2A0000123", true)]
    [InlineData("2B0000123", true)]
    [InlineData("2C0000123", false)]
    [InlineData("34078047", false)]
    [InlineData("3407804770", false)]
    public void Finess_is_nine_characters_starting_with_the_departement(string finess, bool valid) =>
        Assert.Equal(valid, Identifiers.IsFiness(finess));

    [Fact]
    public void Clean_keeps_letters_and_digits() => Assert.Equal("732829320", Identifiers.Clean(" 732 829-320 "));
}
