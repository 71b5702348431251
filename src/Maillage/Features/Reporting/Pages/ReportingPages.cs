using System.Globalization;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Html;

namespace Maillage.Features.Reporting.Pages;

/// <summary>What the activity pages share: figures and euros written the French way, and amounts typed the French way.</summary>
public static class ReportingPages
{
    /// <summary>The first message of a field refused by the last request, shown next to it; null when the field is fine.</summary>
    public static string? Error(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state, string field) =>
        state[field]?.Errors.FirstOrDefault()?.ErrorMessage;

    /// <summary>"1 234,50 €", with plain spaces like <see cref="French.Number"/>.</summary>
    public static string Euros(long cents) =>
        (cents / 100m).ToString("N2", French.Culture).Replace('\u202f', ' ').Replace('\u00a0', ' ') + " €";

    /// <summary>A rate as typed back into its field: "25,00"; empty for none.</summary>
    public static string EurosField(int? cents) => cents is { } c ? (c / 100m).ToString("0.00", French.Culture) : "";

    /// <summary>
    /// An amount in euros typed as "25", "25,5", "25,50" or "1 234.50", as cents; empty gives null. More than two
    /// decimals, a negative amount or anything else is an error on <paramref name="field"/>.
    /// </summary>
    public static int? Cents(string? text, string field, string label)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim().Replace("€", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal)
            .Replace("\u00a0", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal).Replace(',', '.');
        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var euros))
        {
            throw DomainException.Invalid($"{label} : « {text.Trim()} » n'est pas un montant en euros (par exemple 25,00).", field);
        }

        if (decimal.Round(euros, 2) != euros)
        {
            throw DomainException.Invalid($"{label} : deux décimales au plus (des centimes).", field);
        }

        if (euros > 100_000m)
        {
            throw DomainException.Invalid($"{label} : entre 0 et 100 000 €.", field);
        }

        return (int)(euros * 100m);
    }

    /// <summary>A whole number typed in a field ("1 200" reads too); empty gives null.</summary>
    public static int? Whole(string? text, string field, string label) =>
        string.IsNullOrWhiteSpace(text) ? null
        : int.TryParse(text.Trim().Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal),
            NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw DomainException.Invalid($"{label} : « {text.Trim()} » n'est pas un nombre entier.", field);

    /// <summary>The raw number a chart reads from a cell; empty when there is none, so that the chart leaves a gap.</summary>
    public static string DataValue(Cell cell) =>
        cell.Rate is { } rate ? rate.ToString("0.0", CultureInfo.InvariantCulture) : cell.Value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>A figure of the dashboard: a count or a rate, "—" when there is none, and a mark when a missing day leaves it short.</summary>
    public static IHtmlContent Figure(Cell cell)
    {
        if (cell.Rate is null && cell.Value is null)
        {
            return new HtmlString(cell.Mark == CellMark.Missing ? "<span aria-hidden=\"true\">—</span><span class=\"visually-hidden\">non renseigné</span>" : "—");
        }

        var text = cell.Rate is { } rate ? $"{rate.ToString("0.0", French.Culture)} %" : French.Number(cell.Value!.Value);
        return new HtmlString(cell.Partial ? text + "<span class=\"partial-mark\" aria-hidden=\"true\">*</span><span class=\"visually-hidden\"> (partiel)</span>" : text);
    }
}
