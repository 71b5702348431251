using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Reporting.Pages;

/// <summary>What each centre can claim over some weeks at the territory's rates, with the files to send.</summary>
public sealed class FundingModel(ScopeOfUser scopeOfUser, NameTerritories territories, FundingEstimates funding, ActivityEntries entries, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "du")] public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")] public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "centre")] public int? CentreId { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<CentreOption> Centres { get; private set; } = [];

    public FundingReport? Report { get; private set; }

    public DateTime ComputedAtUtc => time.GetUtcNow().UtcDateTime;

    /// <summary>The funding file of the territory, or of one centre.</summary>
    public string FileLink(int? centreId) =>
        $"/api/reporting/territories/{Report!.TerritoryId}/funding.csv?from={Report.FromWeek}&to={Report.ToWeek}{(centreId is { } c ? $"&centreId={c}" : "")}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ReportingAccess.MayApprove(User))
        {
            return Forbid();
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is not { } territory)
        {
            return Page();
        }

        Centres = (await entries.CentresAsync(territory, ct)).Select(c => new CentreOption(c.Id, c.Name)).ToList();

        // By default the last eight complete weeks: the current one is still being counted.
        var lastComplete = IsoWeeks.Monday(French.Today(time)).AddDays(-7);
        var to = Week(To, "au") ?? lastComplete;
        var from = Week(From, "du") ?? to.AddDays(-7 * 7);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (CentreId is { } centre && Centres.All(c => c.Id != centre))
        {
            ModelState.AddModelError("centre", "Centre introuvable dans ce territoire.");
            return Page();
        }

        try
        {
            Report = await funding.ExecuteAsync(territory, from, to, CentreId, User, ct);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Invalid || e.Field == "centreId")
        {
            ModelState.AddModelError(e.Field switch { "from" => "du", "to" => "au", "centreId" => "centre", _ => "" }, e.Message);
        }

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
