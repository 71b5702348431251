using System.Globalization;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Html;

namespace Maillage.Features.Reporting.Pages;

/// <summary>What the activity pages share: their links, and how days, rates, week states, figures and euros read and are typed in French.</summary>
public static class ReportingPages
{
    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"lun. 30/03": a column of a week table.</summary>
    public static string DayHead(DateOnly day) => day.ToString("ddd dd/MM", French.Culture);

    /// <summary>"lundi 30 mars 2020".</summary>
    public static string DayLong(DateOnly day) => day.ToString("dddd d MMMM yyyy", French.Culture);

    /// <summary>"lun. 30 mars": a day in a list.</summary>
    public static string DayShort(DateOnly day) => day.ToString("ddd d MMMM", French.Culture);

    /// <summary>"12,5 %".</summary>
    public static string Rate(double rate) => $"{rate.ToString("0.0", French.Culture)} %";

    public static string Home(int? territory) => $"/activite?territoire={territory}";

    public static string Week(int territory, DateOnly monday, bool published = false) =>
        $"/activite/semaine?territoire={territory}&semaine={IsoWeeks.Label(monday)}{(published ? "&apercu=1" : "")}";

    public static string Print(int territory, DateOnly monday, int? version = null) =>
        $"/activite/semaine/imprimer?territoire={territory}&semaine={IsoWeeks.Label(monday)}{(version is { } v ? $"&version={v}" : "")}";

    public static string Entry(int territory, int centre, DateOnly day) => $"/activite/saisie?territoire={territory}&centre={centre}&jour={Iso(day)}";

    public static string Export(int territory, DateOnly monday, string format) =>
        $"/api/reporting/territories/{territory}/weeks/{IsoWeeks.Label(monday)}/export?format={format}";

    /// <summary>"à approuver", "approuvée v2", "rouverte pour correction v3".</summary>
    public static string State(WeekState state, int? approvedVersion, int? workingVersion) => state switch
    {
        WeekState.Approved => $"approuvée v{approvedVersion}",
        WeekState.Reopened => $"rouverte pour correction v{workingVersion}",
        _ => "à approuver",
    };

    public static string StateClass(WeekState state) => state switch
    {
        WeekState.Approved => "week-state week-state-approved",
        WeekState.Reopened => "week-state week-state-reopened",
        _ => "week-state week-state-open",
    };

    /// <summary>The week of <paramref name="text"/>, or of today when nothing was asked; null when the text is not a week.</summary>
    public static DateOnly? WeekOf(string? text, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return IsoWeeks.Monday(today);
        }

        try
        {
            return IsoWeeks.Parse(text, "semaine");
        }
        catch (DomainException)
        {
            return null;
        }
    }

    /// <summary>A figure typed in a field: empty is none; spaces between thousands are fine.</summary>
    public static int? Whole(string? text, string field, string label) =>
        string.IsNullOrWhiteSpace(text) ? null
        : int.TryParse(text.Trim().Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal),
            NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw DomainException.Invalid($"{label} : « {text.Trim()} » n'est pas un nombre entier.", field);

    /// <summary>Whether a centre gave any of the figures it owes each day this week (a gap of every day may still hold some).</summary>
    public static bool AnyEntered(CentreBlock? centre) =>
        centre is not null && Indicators.RequiredDaily.Any(i => centre.Line(i.Code).Days.Any(c => c.Value is not null));

    /// <summary>The French text of a published figure, with "NR" for a figure not given.</summary>
    public static string Published(PublishedCell cell, int threshold) => cell.Missing && !cell.Hidden ? "NR" : cell.FrenchText(threshold);

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
