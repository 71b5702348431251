using Maillage.Features.Crisis;
using Maillage.Infrastructure;

namespace Maillage.Tests.Features.Crisis;

public sealed class CentreLifecycleTests
{
    private static readonly DateOnly Day = new(2020, 3, 20);

    [Theory]
    [InlineData(CentreStage.Project, CentreStage.FileSentToArs)]
    [InlineData(CentreStage.FileSentToArs, CentreStage.Funded)]
    [InlineData(CentreStage.Funded, CentreStage.Open)]
    [InlineData(CentreStage.Open, CentreStage.Dormant)]
    [InlineData(CentreStage.Dormant, CentreStage.Open)]
    [InlineData(CentreStage.Project, CentreStage.Closed)]
    [InlineData(CentreStage.Dormant, CentreStage.Closed)]
    public void Allowed_moves(CentreStage from, CentreStage to) => CentreLifecycle.CheckMove(from, to, Day, Day);

    [Theory]
    [InlineData(CentreStage.Project, CentreStage.Open)]
    [InlineData(CentreStage.Funded, CentreStage.Dormant)]
    [InlineData(CentreStage.Open, CentreStage.Project)]
    [InlineData(CentreStage.Closed, CentreStage.Open)]
    public void Refused_moves(CentreStage from, CentreStage to) =>
        Assert.Throws<DomainException>(() => CentreLifecycle.CheckMove(from, to, Day, Day));

    [Fact]
    public void A_step_cannot_be_dated_before_the_previous_one() =>
        Assert.Throws<DomainException>(() => CentreLifecycle.CheckMove(CentreStage.Project, CentreStage.FileSentToArs, Day.AddDays(-1), Day));

    [Fact]
    public void Only_an_open_centre_receives_patients() =>
        Assert.Equal([CentreStage.Open], Enum.GetValues<CentreStage>().Where(CentreLifecycle.ReceivesPatients));
}
