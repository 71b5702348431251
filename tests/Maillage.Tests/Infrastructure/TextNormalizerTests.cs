using Maillage.Infrastructure;

namespace Maillage.Tests.Infrastructure;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("Clermont-l'Hérault", "clermont l herault")]
    [InlineData("  BÉZIERS ", "beziers")]
    [InlineData("Saint-Guilhem-le-Désert", "saint guilhem le desert")]
    [InlineData("L’Haÿ-les-Roses", "l hay les roses")]
    [InlineData("Cœur d'Hérault", "coeur d herault")]
    [InlineData("---", "")]
    public void Fold_ignores_accents_case_and_punctuation(string text, string folded) =>
        Assert.Equal(folded, TextNormalizer.Fold(text));
}
