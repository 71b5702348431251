using System.Globalization;
using Maillage.Infrastructure;

namespace Maillage.Features.Equipment.Pages;

/// <summary>What the requests, allocation, pickup and settings pages share: numbers typed in French, links with the territory.</summary>
public static class CoordinationPages
{
    /// <summary>A decimal typed as "1,5" or "1.5"; empty gives null; anything else is an error on <paramref name="field"/>.</summary>
    public static double? Decimal(string? text, string field, string label) =>
        string.IsNullOrWhiteSpace(text) ? null
        : double.TryParse(text.Trim().Replace(" ", "", StringComparison.Ordinal).Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
        : throw DomainException.Invalid($"{label} : « {text.Trim()} » n'est pas un nombre.", field);

    /// <summary>A whole number typed in a field ("1 200" reads too); empty gives null.</summary>
    public static int? Whole(string? text, string field, string? label = null) =>
        string.IsNullOrWhiteSpace(text) ? null
        : int.TryParse(text.Trim().Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal),
            NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw DomainException.Invalid($"{(label is null ? "" : $"{label} : ")}« {text.Trim()} » n'est pas un nombre entier.", field);

    /// <summary>How a number is shown back in a field: "1,5".</summary>
    public static string Text(double value) => value.ToString("0.###", French.Culture);

    /// <summary>The CSS class of a field refused by the last post.</summary>
    public static string Invalid(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state, string field) =>
        state[field]?.Errors.Count > 0 ? "is-invalid" : "";
}
