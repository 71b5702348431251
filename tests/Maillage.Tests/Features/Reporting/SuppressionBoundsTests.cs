using Maillage.Features.Reporting;

namespace Maillage.Tests.Features.Reporting;

/// <summary>What the labels of hidden cells say must not give them away either: a small count is 1 to 4, a protecting cell is never 0.</summary>
public sealed class SuppressionBoundsTests
{
    /// <summary>One row of four days and its total: days are parts, the total is the last cell.</summary>
    private static readonly IReadOnlyList<Suppression.Relation> Row = [new([0, 1, 2, 3], 4)];

    private static bool[] Protect(params int[] values) =>
        Suppression.Protect(values, Row, Enumerable.Range(0, values.Length).ToHashSet(), Suppression.DefaultThreshold);

    [Fact]
    public void Two_hidden_ones_are_not_left_to_add_up_to_two()
    {
        // 1 + 1 + 20 + 30 = 52: hiding the two 1s leaves a sum of 2 for two cells of at least 1 each.
        var hidden = Protect(1, 1, 20, 30, 52);
        Assert.True(hidden[0] && hidden[1]);
        Assert.True(hidden[2], "the smallest other day is hidden too, so the hidden cells are no longer pinned");
        Assert.Null(Suppression.Tight([1, 1, 20, 30, 52], Row, hidden, new HashSet<int> { 0, 1 }, Suppression.DefaultThreshold));
    }

    [Fact]
    public void Two_hidden_fours_are_not_left_at_the_most_they_can_be()
    {
        // Two small counts adding up to 8 below a threshold of 5 can only be 4 and 4.
        var hidden = Protect(4, 4, 12, 30, 50);
        Assert.True(hidden[2]);
    }

    [Fact]
    public void Small_counts_that_leave_room_stay_the_only_hidden_cells()
    {
        var hidden = Protect(2, 3, 20, 30, 55);
        Assert.Equal([true, true, false, false, false], hidden);
    }

    [Fact]
    public void A_cell_hidden_to_protect_a_small_count_reads_secret_not_below_the_threshold()
    {
        var small = new PublishedCell(null, null, Hidden: true, Missing: false, Small: true);
        var protecting = new PublishedCell(null, null, Hidden: true, Missing: false);
        Assert.Equal("<5", small.Text(5));
        Assert.Equal("secret", protecting.Text(5));
        Assert.Equal("secret", protecting.FrenchText(5));
    }
}
