using Maillage.Features.Directory;
using Maillage.Infrastructure;

namespace Maillage.Tests.Features.Directory;

public sealed class OpeningHoursTests
{
    private static readonly OpeningException[] None = [];

    private static DateTime Local(int y, int m, int d, int h, int min) => new(y, m, d, h, min, 0, DateTimeKind.Unspecified);

    [Theory]
    [InlineData("lu-ve 08:30-12:30,13:30-18:30; sa 09:00-12:00", "lu-ve 08:30-12:30,13:30-18:30; sa 09:00-12:00")]
    [InlineData("Mo-Fr 8h30-12h30", "lu-ve 08:30-12:30")]
    [InlineData("lu,me,ve 09:00-12:00", "lu 09:00-12:00; me 09:00-12:00; ve 09:00-12:00")]
    [InlineData("sa-lu 10:00-11:00", "lu 10:00-11:00; sa-di 10:00-11:00")]
    [InlineData("24/7", "24/7")]
    [InlineData("lu-di 20:00-08:00", "lu-di 20:00-08:00")]
    [InlineData("", "")]
    public void Parses_and_normalises(string text, string normalised) => Assert.Equal(normalised, OpeningHours.Parse(text).ToString());

    [Theory]
    [InlineData("lundi 08:00-12:00")]
    [InlineData("lu 8-12")]
    [InlineData("lu 09:00-09:00")]
    [InlineData("lu")]
    [InlineData("lu 25:00-26:00")]
    public void Refuses_unreadable_hours_with_a_french_message(string text)
    {
        var error = Assert.Throws<DomainException>(() => OpeningHours.Parse(text));
        Assert.StartsWith("Horaires", error.Message);
    }

    [Fact]
    public void Open_within_ranges_closed_outside_and_at_closing_time()
    {
        var hours = OpeningHours.Parse("lu-ve 08:30-12:30,13:30-18:30");
        Assert.True(hours.IsOpen(Local(2020, 4, 2, 8, 30), None)); // Thursday
        Assert.False(hours.IsOpen(Local(2020, 4, 2, 12, 30), None));
        Assert.False(hours.IsOpen(Local(2020, 4, 2, 13, 0), None));
        Assert.True(hours.IsOpen(Local(2020, 4, 2, 18, 29), None));
        Assert.False(hours.IsOpen(Local(2020, 4, 4, 10, 0), None)); // Saturday
    }

    [Fact]
    public void Overnight_ranges_run_into_the_next_morning()
    {
        var hours = OpeningHours.Parse("ve 20:00-08:00");
        Assert.True(hours.IsOpen(Local(2020, 4, 3, 23, 0), None)); // Friday night
        Assert.True(hours.IsOpen(Local(2020, 4, 4, 7, 59), None)); // Saturday morning
        Assert.False(hours.IsOpen(Local(2020, 4, 4, 8, 0), None));
        Assert.False(hours.IsOpen(Local(2020, 4, 3, 7, 0), None)); // Friday morning: Thursday has no night range
    }

    [Fact]
    public void Exceptions_close_a_day_or_replace_its_hours()
    {
        var hours = OpeningHours.Parse("lu-sa 08:30-18:30");
        var easterMonday = new OpeningException(new DateOnly(2020, 4, 13), [], "Lundi de Pâques");
        var shortDay = new OpeningException(new DateOnly(2020, 4, 14), OpeningHours.ParseRanges("09:00-10:00"), null);
        Assert.False(hours.IsOpen(Local(2020, 4, 13, 10, 0), [easterMonday, shortDay]));
        Assert.True(hours.IsOpen(Local(2020, 4, 14, 9, 30), [easterMonday, shortDay]));
        Assert.False(hours.IsOpen(Local(2020, 4, 14, 11, 0), [easterMonday, shortDay]));
    }

    [Fact]
    public void Open_at_an_instant_follows_paris_time_across_the_spring_change()
    {
        var hours = OpeningHours.Parse("lu-di 08:00-12:00");
        // Saturday 28 March 2026, UTC+1: 06:30Z is 07:30 in Paris, closed; 07:30Z is 08:30, open.
        Assert.False(hours.IsOpenAtUtc(new DateTime(2026, 3, 28, 6, 30, 0, DateTimeKind.Utc), None));
        Assert.True(hours.IsOpenAtUtc(new DateTime(2026, 3, 28, 7, 30, 0, DateTimeKind.Utc), None));
        // Sunday 29 March 2026, UTC+2 from 03:00: 06:30Z is already 08:30 in Paris, open.
        Assert.True(hours.IsOpenAtUtc(new DateTime(2026, 3, 29, 6, 30, 0, DateTimeKind.Utc), None));
        Assert.False(hours.IsOpenAtUtc(new DateTime(2026, 3, 29, 10, 0, 0, DateTimeKind.Utc), None)); // 12:00 Paris
    }

    [Fact]
    public void Open_at_an_instant_follows_paris_time_across_the_autumn_change()
    {
        var hours = OpeningHours.Parse("lu-di 08:00-12:00");
        // Sunday 25 October 2026 back to UTC+1: 07:30Z is 08:30 in Paris (it would be 09:30 in summer time).
        Assert.True(hours.IsOpenAtUtc(new DateTime(2026, 10, 25, 7, 30, 0, DateTimeKind.Utc), None));
        Assert.False(hours.IsOpenAtUtc(new DateTime(2026, 10, 25, 6, 30, 0, DateTimeKind.Utc), None));
        Assert.True(hours.IsOpenAtUtc(new DateTime(2026, 10, 24, 6, 30, 0, DateTimeKind.Utc), None)); // Saturday, UTC+2: 08:30
    }

    [Fact]
    public void Next_opening_skips_closed_days_and_exceptions()
    {
        var hours = OpeningHours.Parse("lu-ve 08:30-12:30");
        var easterMonday = new OpeningException(new DateOnly(2020, 4, 13), [], null);
        // Saturday 11 April 2020 at noon (UTC+2) → Tuesday 14 April 08:30 Paris = 06:30Z.
        var next = hours.NextOpeningUtc(new DateTime(2020, 4, 11, 10, 0, 0, DateTimeKind.Utc), [easterMonday]);
        Assert.Equal(new DateTime(2020, 4, 14, 6, 30, 0, DateTimeKind.Utc), next);
        Assert.Null(OpeningHours.Closed.NextOpeningUtc(DateTime.UtcNow, None));
    }

    [Fact]
    public void Around_the_clock_is_always_open()
    {
        var hours = OpeningHours.Parse("24/7");
        Assert.True(hours.IsOpen(Local(2020, 4, 5, 3, 0), None));
        Assert.True(hours.IsOpen(Local(2020, 4, 5, 0, 0), None));
    }
}
