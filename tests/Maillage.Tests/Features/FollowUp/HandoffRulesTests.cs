using Maillage.Features.FollowUp;

namespace Maillage.Tests.Features.FollowUp;

public sealed class HandoffRulesTests
{
    private static HandoffCandidate Gp(int id, bool acceptsNew = true, int load = 0, double? km = null, string? name = null) => new(id, name ?? $"Dr {id}", acceptsNew, load, km);

    [Fact]
    public void The_regular_doctor_is_asked_first_even_if_they_take_no_new_patients()
    {
        var order = HandoffRules.Order(7, [Gp(1), Gp(7, acceptsNew: false, load: 30), Gp(2)], new HashSet<int>());

        Assert.Equal([7, 1, 2], order.Select(c => c.ProfessionalId));
    }

    [Fact]
    public void Volunteers_come_least_loaded_first_then_nearest_then_by_name()
    {
        var order = HandoffRules.Order(null,
            [Gp(1, load: 3, km: 1), Gp(2, load: 1, km: 40), Gp(3, load: 1, km: 5), Gp(4, load: 1, km: null, name: "A"), Gp(5, load: 1, km: null, name: "B")],
            new HashSet<int>());

        Assert.Equal([3, 2, 4, 5, 1], order.Select(c => c.ProfessionalId));
    }

    [Fact]
    public void Nobody_is_asked_twice_and_gps_closed_to_new_patients_are_not_volunteers()
    {
        var order = HandoffRules.Order(7, [Gp(7), Gp(1), Gp(2, acceptsNew: false), Gp(3)], new HashSet<int> { 7, 1 });

        Assert.Equal([3], order.Select(c => c.ProfessionalId));
    }

    [Fact]
    public void A_regular_doctor_missing_from_the_directory_is_skipped()
    {
        var order = HandoffRules.Order(99, [Gp(1)], new HashSet<int>());

        Assert.Equal([1], order.Select(c => c.ProfessionalId));
    }

    [Theory]
    [InlineData(2, 3, false)]
    [InlineData(3, 3, true)]
    [InlineData(4, 3, false)] // once: the alert is raised when the limit is reached, not again after
    public void The_coordinator_is_alerted_once_when_failures_reach_the_limit(int failures, int limit, bool alerted) =>
        Assert.Equal(alerted, HandoffRules.AlertsCoordinator(failures, limit));
}
