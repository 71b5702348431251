using System.Globalization;
using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Reporting.Pages;

/// <summary>The territory's activity over a period, section by section, each chart beside its table; the follow-up load and the stock now.</summary>
public sealed class DashboardModel(ScopeOfUser scopeOfUser, NameTerritories territories, Dashboards dashboards, ActivityEntries entries) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    // Dates are read as text so that a wrong one stays in its field with its own message.
    [BindProperty(SupportsGet = true, Name = "du")] public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")] public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "centre")] public int? CentreId { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public DashboardView? View { get; private set; }

    public DashboardSeries? Series { get; private set; }

    /// <summary>The territory's centres, for the filter, even when the period was refused.</summary>
    public IReadOnlyList<CentreOption> Centres { get; private set; } = [];

    public string? CentreName => View?.Centres.FirstOrDefault(c => c.Id == View.CentreId)?.Name;

    public string Query => View is null ? ""
        : $"territoire={View.TerritoryId}&du={View.From:yyyy-MM-dd}&au={View.To:yyyy-MM-dd}{(View.CentreId is { } c ? $"&centre={c}" : "")}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ReportingAccess.MayReadExact(User))
        {
            return Forbid();
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The figures of the page, as a spreadsheet.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (!ReportingAccess.MayReadExact(User))
        {
            return Forbid();
        }

        await LoadAsync(ct);
        if (View is null || Series is null)
        {
            return BadRequest();
        }

        return File(Series.Csv(Territories[View.TerritoryId], CentreName), "text/csv; charset=utf-8",
            $"tableau-de-bord-{View.TerritoryId}{(View.CentreId is { } c ? $"-centre-{c}" : "")}-{View.From:yyyy-MM-dd}-{View.To:yyyy-MM-dd}.csv");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is not { } territory)
        {
            return;
        }

        var from = Day(From, "du", "Début de la période");
        var to = Day(To, "au", "Fin de la période");
        if (!ModelState.IsValid)
        {
            Centres = (await entries.CentresAsync(territory, ct)).Select(c => new CentreOption(c.Id, c.Name)).ToList();
            return;
        }

        try
        {
            View = await dashboards.ExecuteAsync(territory, from, to, CentreId, User, ct);
            Series = DashboardSeries.From(View.Grid);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Invalid || e.Field == "centreId")
        {
            ModelState.AddModelError(e.Field switch { "from" => "du", "to" => "au", "centreId" => "centre", _ => "" }, e.Message);
        }

        Centres = View?.Centres ?? (await entries.CentresAsync(territory, ct)).Select(c => new CentreOption(c.Id, c.Name)).ToList();
    }

    private DateOnly? Day(string? text, string field, string label)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // The date field sends 2020-04-06; typed by hand where it is plain text, 06/04/2020 reads too.
        if (DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        ModelState.AddModelError(field, $"{label} : « {text.Trim()} » n'est pas une date (JJ/MM/AAAA).");
        return null;
    }
}
