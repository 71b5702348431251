using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Reporting.Pages;

/// <summary>
/// A week as it leaves the territory, to print: small counts suppressed, the approved version (or the one asked),
/// or the current figures clearly marked as a draft for those who prepare it. The ARS reads approved versions only.
/// </summary>
public sealed class WeekPrintModel(PublishedWeeks published, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "semaine")] public string? WeekText { get; set; }

    [BindProperty(SupportsGet = true, Name = "version")] public int? Version { get; set; }

    public PublishedWeek? Week { get; private set; }

    public string? Unavailable { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ReportingAccess.MayReadPublished(User) && !ReportingAccess.MayReadExact(User))
        {
            return Forbid();
        }

        var monday = ReportingPages.WeekOf(WeekText, French.Today(time));
        if (monday is null)
        {
            return BadRequest();
        }

        try
        {
            Week = await published.ExecuteAsync(TerritoryId, monday.Value, Version, User, ct);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.NotFound)
        {
            // A week not approved yet, for the ARS: say so rather than a bare "page not found".
            Unavailable = e.Message;
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }

    public bool Draft => Week?.State != WeekState.Approved;
}
