using System.Globalization;
using Maillage.Infrastructure;

namespace Maillage.Features.Equipment.Pages;

/// <summary>What the depot pages share: dates read as typed, so that a wrong entry stays in its field.</summary>
public static class DepotPages
{
    /// <summary>A date from a date field (2025-03-31) or typed the French way (31/03/2025); empty is null.</summary>
    public static DateOnly? Date(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw DomainException.Invalid($"« {text.Trim()} » n'est pas une date (jj/mm/aaaa).", field);
    }

    /// <summary>A fresh key for a form: posted twice (a double tap, a retried network), it records once.</summary>
    public static string NewKey() => $"page-{Guid.NewGuid():N}";

    /// <summary>"12 pièces", "1 paire".</summary>
    public static string Count(int quantity, string unit) => new StockNames("", unit, "").Count(quantity);

    public static string Day(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
