using Maillage.Features.Crisis;

namespace Maillage.Tests.Features.Crisis;

public sealed class TextDiffTests
{
    [Fact]
    public void Shows_added_removed_and_kept_lines_in_order()
    {
        var diff = TextDiff.Lines("a\nb\nc", "a\nc\nd");
        Assert.Equal(
            [new(DiffKind.Same, "a"), new(DiffKind.Removed, "b"), new(DiffKind.Same, "c"), new DiffLine(DiffKind.Added, "d")],
            diff);
    }

    [Fact]
    public void Handles_empty_texts_and_line_endings()
    {
        Assert.Equal([new DiffLine(DiffKind.Added, "x")], TextDiff.Lines("", "x"));
        Assert.All(TextDiff.Lines("a\r\nb", "a\nb"), l => Assert.Equal(DiffKind.Same, l.Kind));
    }
}
