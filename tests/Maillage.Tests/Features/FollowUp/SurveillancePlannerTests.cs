using Maillage.Features.FollowUp;
using Maillage.Infrastructure;

namespace Maillage.Tests.Features.FollowUp;

public sealed class SurveillancePlannerTests
{
    // 15:30 in Paris on a Monday of summer time.
    private static readonly DateTime Discharge = new(2020, 4, 6, 13, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void Spo2_twice_a_day_for_seven_days_is_fourteen_measures_at_eight_and_six_in_paris_from_the_next_day()
    {
        var tasks = SurveillancePlanner.Tasks(new SurveillancePlan("SpO2", 2, 7, null, null), Discharge);

        Assert.Equal(14, tasks.Count);
        Assert.All(tasks, t => Assert.Equal("Mesure SpO2", t.Label));
        Assert.Equal(new DateTime(2020, 4, 7, 8, 0, 0), French.ToParis(tasks[0].DueUtc));
        Assert.Equal(new DateTime(2020, 4, 7, 18, 0, 0), French.ToParis(tasks[1].DueUtc));
        Assert.Equal(new DateTime(2020, 4, 13, 18, 0, 0), French.ToParis(tasks[^1].DueUtc));
    }

    [Fact]
    public void Nurse_visits_every_other_day_and_a_gp_consultation_within_48_hours()
    {
        var tasks = SurveillancePlanner.Tasks(new SurveillancePlan(null, 1, 7, 2, 48), Discharge);

        Assert.Equal(4, tasks.Count(t => t.Kind == TaskKind.NurseVisit)); // days 1, 3, 5, 7
        var gp = Assert.Single(tasks, t => t.Kind == TaskKind.GpConsultation);
        Assert.Equal(Discharge.AddHours(48), gp.DueUtc);
        Assert.Equal(tasks.OrderBy(t => t.DueUtc), tasks);
    }

    [Fact]
    public void Measures_follow_the_paris_clock_across_the_change_of_time()
    {
        // Discharged on Saturday 28 March 2020; clocks moved forward on Sunday 29 at 02:00.
        var tasks = SurveillancePlanner.Tasks(new SurveillancePlan("température", 1, 2, null, null), new DateTime(2020, 3, 28, 10, 0, 0, DateTimeKind.Utc));

        Assert.Equal(new DateTime(2020, 3, 29, 6, 0, 0, DateTimeKind.Utc), tasks[0].DueUtc); // 08:00 CEST
        Assert.Equal(new DateTime(2020, 3, 30, 6, 0, 0, DateTimeKind.Utc), tasks[1].DueUtc);
    }

    [Theory]
    [InlineData(0, 2, null, null, "days")]
    [InlineData(31, 2, null, null, "days")]
    [InlineData(7, 5, null, null, "measuresPerDay")]
    [InlineData(7, 2, 0, null, "nurseVisitEveryDays")]
    [InlineData(7, 2, null, 400, "nurseVisitEveryDays")]
    public void Impossible_plans_are_refused(int days, int perDay, int? nurseEvery, int? gpWithin, string field)
    {
        var e = Assert.Throws<DomainException>(() => SurveillancePlanner.Tasks(new SurveillancePlan("SpO2", perDay, days, nurseEvery, gpWithin), Discharge));
        Assert.Equal(field, e.Field);
    }
}
