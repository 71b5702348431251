using System.Globalization;

namespace Maillage.Infrastructure;

/// <summary>French formatting that does not depend on the machine's culture (the CLI often runs invariant).</summary>
public static class French
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>12 345, with a plain space so that text stays readable in terminals and CSV.</summary>
    public static string Number(long value) => value.ToString("N0", Culture).Replace('\u202f', ' ').Replace('\u00a0', ' ');

    public static string DateTime(System.DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, Paris).ToString("dd/MM/yyyy HH:mm", Culture);

    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>A wall-clock time in Paris, as UTC (in the autumn overlap, the first occurrence).</summary>
    public static System.DateTime ToUtc(System.DateTime paris)
    {
        var local = System.DateTime.SpecifyKind(paris, DateTimeKind.Unspecified);

        // 02:30 on the spring-forward night does not exist: the clocks read 03:30 then.
        return TimeZoneInfo.ConvertTimeToUtc(Paris.IsInvalidTime(local) ? local.AddHours(1) : local, Paris);
    }

    public static System.DateTime ToParis(System.DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, Paris);

    /// <summary>The calendar day in Paris at a UTC instant.</summary>
    public static DateOnly DateOf(System.DateTime utc) => DateOnly.FromDateTime(ToParis(utc));

    /// <summary>Today in Paris, whatever the server's zone.</summary>
    public static DateOnly Today(TimeProvider time) => DateOf(time.GetUtcNow().UtcDateTime);
}
