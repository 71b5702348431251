using System.Globalization;

namespace Maillage.Infrastructure;

/// <summary>An ISO week, as "2020-W14".</summary>
public static class IsoWeeks
{
    public static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static string Label(DateOnly day) => $"{ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue)):00}";

    /// <summary>The Monday of "2020-W14" (also "2020-w14", "2020W14"); a clear error otherwise.</summary>
    public static DateOnly Parse(string? text, string field = "week")
    {
        var t = (text ?? "").Trim().ToUpperInvariant().Replace("-W", "W", StringComparison.Ordinal);
        if (t.Length is 6 or 7 && int.TryParse(t[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year) && t[4] == 'W'
            && int.TryParse(t[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var week)
            && year is >= 2000 and <= 2100 && week >= 1 && week <= ISOWeek.GetWeeksInYear(year))
        {
            return DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
        }

        throw DomainException.Invalid($"Semaine invalide « {text} » : attendu une semaine ISO comme 2020-W14.", field);
    }

    public static string Title(DateOnly monday) =>
        $"semaine {Label(monday)} (du {Day(monday)} au {Day(monday.AddDays(6))} {monday.AddDays(6).Year})";

    /// <summary>"1er avril", "6 avril": French writes the first of the month as an ordinal.</summary>
    public static string Day(DateOnly day) => $"{(day.Day == 1 ? "1er" : day.Day.ToString(CultureInfo.InvariantCulture))} {day.ToString("MMMM", French.Culture)}";
}
