using System.Globalization;
using System.Security.Claims;
using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;

namespace Maillage.Features.Equipment.Pages;

/// <summary>What the depot pages share: the territory shown, and numbers and dates read as typed, so that a wrong entry stays in its field.</summary>
public static class DepotPages
{
    /// <summary>The reader's territories and the one shown: the one asked for if theirs, else their first.</summary>
    public static async Task<(IReadOnlyDictionary<int, string> All, int? Shown)> TerritoriesAsync(
        ScopeOfUser scopeOfUser, NameTerritories territories, ClaimsPrincipal user, int? asked, CancellationToken ct)
    {
        var all = await territories.ExecuteAsync(null, ct, await scopeOfUser.ExecuteAsync(user, ct));
        return (all, asked is { } t && all.ContainsKey(t) ? t : all.Keys.Order().Cast<int?>().FirstOrDefault());
    }

    /// <summary>A whole number as typed ("1 200" reads too); empty is null.</summary>
    public static int? Number(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var clean = text.Trim().Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal);
        return int.TryParse(clean, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw DomainException.Invalid($"« {text.Trim()} » n'est pas un nombre entier.", field);
    }

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
