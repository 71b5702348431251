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
}
