using Maillage.Features.Crisis;
using Maillage.Infrastructure;

namespace Maillage.Tests.Features.Crisis;

public sealed class CrisisRulesTests
{
    private static StageEntry Entry(int stage, int month, int day, int recordedMinute = 0) =>
        new(stage, new DateOnly(2020, month, day), null, new DateTime(2020, 3, 20, 10, recordedMinute, 0, DateTimeKind.Utc), "test");

    [Fact]
    public void Stage_in_force_is_the_latest_effective_change()
    {
        var timeline = new[] { Entry(3, 3, 14), Entry(1, 2, 23), Entry(2, 2, 29) };
        Assert.Null(CrisisRules.StageOn(timeline, new DateOnly(2020, 2, 22)));
        Assert.Equal(1, CrisisRules.StageOn(timeline, new DateOnly(2020, 2, 28)));
        Assert.Equal(2, CrisisRules.StageOn(timeline, new DateOnly(2020, 3, 13)));
        Assert.Equal(3, CrisisRules.StageOn(timeline, new DateOnly(2020, 3, 14)));
    }

    [Fact]
    public void A_later_entry_for_the_same_day_corrects_the_earlier_one()
    {
        var timeline = new[] { Entry(3, 3, 14, recordedMinute: 0), Entry(2, 3, 14, recordedMinute: 5) };
        Assert.Equal(2, CrisisRules.StageOn(timeline, new DateOnly(2020, 3, 20)));
    }

    [Theory]
    [InlineData(DecisionStatus.Open, 9, true)]
    [InlineData(DecisionStatus.InProgress, 9, true)]
    [InlineData(DecisionStatus.Done, 9, false)]
    [InlineData(DecisionStatus.Abandoned, 9, false)]
    [InlineData(DecisionStatus.Open, 10, false)]
    public void Decisions_past_their_follow_up_date_are_overdue_until_settled(DecisionStatus status, int followUpDay, bool overdue) =>
        Assert.Equal(overdue, CrisisRules.IsOverdue(status, new DateOnly(2020, 4, followUpDay), new DateOnly(2020, 4, 10)));

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(null)]
    public void Only_stages_one_to_three_exist(int? stage) => Assert.Throws<DomainException>(() => CrisisRules.Stage(stage));
}
