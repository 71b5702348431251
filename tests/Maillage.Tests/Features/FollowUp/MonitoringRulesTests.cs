using Maillage.Features.FollowUp;

namespace Maillage.Tests.Features.FollowUp;

public sealed class MonitoringRulesTests
{
    private static readonly DateTime At = new(2020, 4, 6, 16, 0, 0, DateTimeKind.Utc);
    private static readonly MonitoringThresholds Defaults = new();

    [Theory]
    [InlineData(91.9, true)]
    [InlineData(92, false)]
    [InlineData(97, false)]
    public void Spo2_below_92_alarms(double value, bool alarms) =>
        Assert.Equal(alarms, MonitoringRules.Alarms(ObservationKind.Spo2, value, At, [], Defaults).Count > 0);

    [Fact]
    public void A_drop_of_three_points_within_24_hours_alarms_even_above_the_threshold()
    {
        var reasons = MonitoringRules.Alarms(ObservationKind.Spo2, 94, At, [(97, At.AddHours(-10)), (95, At.AddHours(-2))], Defaults);

        Assert.Equal("SpO2 en baisse de 3 points en 24 h (97 → 94 %)", Assert.Single(reasons));
    }

    [Fact]
    public void A_drop_measured_against_older_values_does_not_count()
    {
        Assert.Empty(MonitoringRules.Alarms(ObservationKind.Spo2, 94, At, [(98, At.AddHours(-25)), (96, At.AddHours(-3))], Defaults));
    }

    [Fact]
    public void Both_reasons_are_given_when_both_hold()
    {
        Assert.Equal(2, MonitoringRules.Alarms(ObservationKind.Spo2, 90, At, [(95, At.AddHours(-6))], Defaults).Count);
    }

    [Fact]
    public void Temperature_and_respiratory_rate_alarm_only_where_the_territory_set_a_threshold()
    {
        Assert.Empty(MonitoringRules.Alarms(ObservationKind.Temperature, 40.2, At, [], Defaults));
        var strict = new MonitoringThresholds(TemperatureAbove: 39.5, RespiratoryRateAbove: 24);
        Assert.Single(MonitoringRules.Alarms(ObservationKind.Temperature, 40.2, At, [], strict));
        Assert.Empty(MonitoringRules.Alarms(ObservationKind.Temperature, 39.5, At, [], strict));
        Assert.Single(MonitoringRules.Alarms(ObservationKind.RespiratoryRate, 28, At, [], strict));
    }

    [Fact]
    public void A_territory_may_be_stricter_on_spo2()
    {
        Assert.Single(MonitoringRules.Alarms(ObservationKind.Spo2, 93, At, [], new MonitoringThresholds(Spo2Below: 94)));
        Assert.Empty(MonitoringRules.Alarms(ObservationKind.Spo2, 94, At, [(96, At.AddHours(-1))], new MonitoringThresholds(Spo2DropPoints: 3)));
    }
}
