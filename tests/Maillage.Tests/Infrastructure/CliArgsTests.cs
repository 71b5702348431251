using Maillage.Infrastructure;

namespace Maillage.Tests.Infrastructure;

public sealed class CliArgsTests
{
    private static readonly CliVerb Verb = new("territory create", "territory create --name NAME [--epci CODE]...", ["name=", "epci=*", "dry-run"], 0, _ => Task.FromResult(0));

    [Fact]
    public void Parses_single_repeated_inline_and_flag_options()
    {
        var args = CliArgs.Parse(["--name", "A B", "--epci=1", "--epci", "2", "--dry-run", "--json"], Verb);
        Assert.Equal("A B", args.Value("name"));
        Assert.Equal(["1", "2"], args.Values("epci"));
        Assert.True(args.Flag("dry-run"));
        Assert.True(args.Flag("json"));
    }

    [Theory]
    [InlineData("--nom", "x")]
    [InlineData("--name", "a", "--name", "b")]
    [InlineData("--name")]
    [InlineData("stray")]
    [InlineData("--dry-run=yes")]
    public void Refuses_what_the_verb_does_not_take(params string[] tokens) =>
        Assert.Throws<DomainException>(() => CliArgs.Parse(tokens, Verb));
}
