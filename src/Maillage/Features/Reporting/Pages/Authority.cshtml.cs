using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Reporting.Pages;

/// <summary>An approved weekly report as the aggregated view lists it, with the version its links read.</summary>
public sealed record ApprovedWeek(string Week, DateOnly Monday, int Version, bool BeingCorrected, DateTime? ApprovedAtUtc);

public sealed record TerritoryWeeks(int TerritoryId, string Territory, IReadOnlyList<ApprovedWeek> Weeks);

/// <summary>The authorities' view: one indicator's approved weekly totals, territories × weeks, small counts suppressed; and the approved reports to print or export.</summary>
public sealed class AuthorityModel(Dashboards dashboards, WeeklyReports weeks) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "indicateur")] public string? Indicator { get; set; }

    [BindProperty(SupportsGet = true, Name = "du")] public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")] public string? To { get; set; }

    public AuthorityOverview? Overview { get; private set; }

    public IReadOnlyList<TerritoryWeeks> Reports { get; private set; } = [];

    /// <summary>What can be chosen: the totals (a level or a rate does not add up over territories).</summary>
    public static IEnumerable<Indicator> Choices => Indicators.All.Where(i => i.Kind == IndicatorKind.Sum);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ReportingAccess.MayReadPublished(User))
        {
            return Forbid();
        }

        var from = Week(From, "du");
        var to = Week(To, "au");
        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            Overview = await dashboards.OverviewAsync(string.IsNullOrWhiteSpace(Indicator) ? null : Indicator, from, to, User, ct);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Invalid)
        {
            ModelState.AddModelError(e.Field switch { "indicator" => "indicateur", "from" => "du", "to" => "au", _ => "" }, e.Message);
            return Page();
        }

        var first = Overview.Mondays[0];
        var last = Overview.Mondays[^1];
        var reports = new List<TerritoryWeeks>();
        foreach (var row in Overview.Rows)
        {
            // A week reopened for correction still has its previous approved version: that one is what was sent.
            var list = (await weeks.ListAsync(row.TerritoryId, User, ct))
                .Where(w => w.Monday >= first && w.Monday <= last && (w.Status == WeekStatus.Approved || w.Version > 1))
                .Select(w => w.Status == WeekStatus.Approved
                    ? new ApprovedWeek(IsoWeeks.Label(w.Monday), w.Monday, w.Version, false, w.ApprovedAtUtc)
                    : new ApprovedWeek(IsoWeeks.Label(w.Monday), w.Monday, w.Version - 1, true, null))
                .ToList();
            reports.Add(new TerritoryWeeks(row.TerritoryId, row.Territory, list));
        }

        Reports = reports;
        return Page();
    }

    private DateOnly? Week(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return IsoWeeks.Parse(text, field);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(field, e.Message);
            return null;
        }
    }
}
